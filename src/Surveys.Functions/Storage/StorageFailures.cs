using Azure;

namespace Surveys.Functions.Storage;

/// <summary>
/// Tells a storage outage (unreachable, 5xx, timed out after the client's own retries) from a request the
/// app got wrong. Azure.Core reports exhausted retries as an <see cref="AggregateException"/> of the attempts'
/// failures, so every check looks inside one.
/// </summary>
public static class StorageFailures
{
    /// <summary>
    /// True when storage could not be reached or failed on its side: worth retrying later, never a 500. A cancellation
    /// counts as a timeout (Azure.Core's network timeout is a <see cref="TaskCanceledException"/>), so the caller checks
    /// its own token first: a request the client abandoned is not an outage.
    /// </summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        RequestFailedException => false,
        HttpRequestException or TimeoutException or System.Net.Sockets.SocketException or IOException or OperationCanceledException => true,
        // A managed identity whose token endpoint cannot be reached right now.
        Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage),
        _ => false,
    };
}
