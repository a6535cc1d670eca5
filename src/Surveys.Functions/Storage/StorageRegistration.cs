using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace Surveys.Functions.Storage;

/// <summary>
/// Registers the one <see cref="TableServiceClient"/> and <see cref="QueueServiceClient"/> of the app with
/// Microsoft.Extensions.Azure, from the settings the Functions host reads for <c>AzureWebJobsStorage</c>:
/// a connection string (<c>UseDevelopmentStorage=true</c> for Azurite), or identity-based
/// (<c>AzureWebJobsStorage__accountName</c>, or <c>__tableServiceUri</c> and <c>__queueServiceUri</c>, with
/// <c>__credential</c>/<c>__clientId</c> for a managed identity). Nothing else in the app constructs a client.
/// </summary>
public static class StorageRegistration
{
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>
    /// The network timeout of a storage call made while a person waits (a kiosk submit, a page): three attempts
    /// give up after about 7 seconds (3 × 2 s plus 0.6 s of back-off), and the caller answers 503 with Retry-After,
    /// leaving room within the 10 s a kiosk is promised on a busy machine. The SDK's defaults (3 retries
    /// up to a minute apart, a 100 s timeout) would keep a kiosk waiting for minutes during an outage.
    /// </summary>
    public static readonly TimeSpan InteractiveNetworkTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The network timeout of background work (queue and timer functions, an export streaming a whole table),
    /// which nobody watches and the queue retries: long enough for a query page the service takes its full
    /// 5 seconds over, short enough that an outage frees the listener within half a minute.
    /// </summary>
    public static readonly TimeSpan BackgroundNetworkTimeout = TimeSpan.FromSeconds(10);

    private static void Retries(ClientOptions options, IServiceProvider services)
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = BackgroundNetworkTimeout;
        options.AddPolicy(new InteractiveTimeoutPolicy(services.GetRequiredService<IHttpContextAccessor>()), HttpPipelinePosition.PerCall);
    }

    public static IServiceCollection AddAppStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = configuration.GetSection(ConnectionName);
        services.AddAzureClients(clients =>
        {
            if (!string.IsNullOrWhiteSpace(connection.Value))
            {
                clients.AddTableServiceClient(connection.Value).ConfigureOptions(Retries);
                clients.AddQueueServiceClient(connection.Value).ConfigureOptions(QueueOptions);
                return;
            }

            var (tableUri, queueUri) = ServiceUris(connection);
            // Per client, not UseCredential: the component factory falls back to the global credential when the
            // section names none, and a global one that asks the factory would call itself for ever.
            Func<IServiceProvider, TokenCredential> credential = sp => sp.GetRequiredService<StorageIdentity>().Credential!;
            clients.AddTableServiceClient(tableUri).WithCredential(credential).ConfigureOptions(Retries);
            clients.AddQueueServiceClient(queueUri).WithCredential(credential).ConfigureOptions(QueueOptions);
        });
        // credential=managedidentity (+ clientId) or a client secret, read as the Functions host reads them;
        // without any, DefaultAzureCredential. Null with a connection string (shared key).
        services.AddSingleton(sp => new StorageIdentity(string.IsNullOrWhiteSpace(connection.Value)
            ? sp.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(connection)
            : null));

        services.AddHttpContextAccessor();
        services.AddOptions<AppStorageOptions>().BindConfiguration(AppStorageOptions.Section);
        services.AddSingleton(sp => new AppStorage(sp.GetRequiredService<TableServiceClient>(),
            sp.GetRequiredService<QueueServiceClient>(), sp.GetRequiredService<IOptions<AppStorageOptions>>().Value));
        return services;
    }

    /// <summary>Every queue a queue function reads is base64 on the wire: the Functions queue trigger decodes it by default.</summary>
    private static void QueueOptions(QueueClientOptions options, IServiceProvider services)
    {
        Retries(options, services);
        options.MessageEncoding = QueueMessageEncoding.Base64;
    }

    private static (Uri Table, Uri Queue) ServiceUris(IConfigurationSection connection)
    {
        var accountName = connection["accountName"];
        var tableUri = connection["tableServiceUri"];
        var queueUri = connection["queueServiceUri"];
        if (!string.IsNullOrWhiteSpace(tableUri) || !string.IsNullOrWhiteSpace(queueUri))
        {
            if (string.IsNullOrWhiteSpace(tableUri) || string.IsNullOrWhiteSpace(queueUri))
                throw new InvalidOperationException(
                    $"Storage is not fully configured: set both {ConnectionName}__tableServiceUri and {ConnectionName}__queueServiceUri, or {ConnectionName}__accountName.");
            return (HttpsUri(tableUri, "tableServiceUri"), HttpsUri(queueUri, "queueServiceUri"));
        }
        if (string.IsNullOrWhiteSpace(accountName))
            throw new InvalidOperationException(
                $"Storage is not configured: set {ConnectionName} to a connection string (UseDevelopmentStorage=true for Azurite) or {ConnectionName}__accountName for a managed identity.");
        if (!accountName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) || accountName.Length is < 3 or > 24)
            throw new InvalidOperationException($"{ConnectionName}__accountName '{accountName}' is not a storage account name (3-24 lowercase letters and digits).");
        return (new Uri($"https://{accountName}.table.core.windows.net"), new Uri($"https://{accountName}.queue.core.windows.net"));
    }

    // Bearer tokens are only sent over TLS.
    private static Uri HttpsUri(string text, string name) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : throw new InvalidOperationException($"{ConnectionName}__{name} '{text}' must be an absolute https URI.");
}

/// <summary>The token credential the storage clients use for identity-based connections; null with a connection string.</summary>
public sealed record StorageIdentity(TokenCredential? Credential);

/// <summary>
/// Gives a storage call the interactive network timeout when it is made while an HTTP request is served, unless the
/// code around it declared itself patient (<see cref="StorageCalls.Patient"/>). Everything else keeps the background one.
/// </summary>
internal sealed class InteractiveTimeoutPolicy(IHttpContextAccessor http) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        if (http.HttpContext is not null && !StorageCalls.IsPatient)
            message.NetworkTimeout = StorageRegistration.InteractiveNetworkTimeout;
    }
}

/// <summary>Marks storage calls that may take long although a request is waiting (an export streamed to the browser).</summary>
public static class StorageCalls
{
    private static readonly AsyncLocal<bool> PatientFlag = new();

    public static bool IsPatient => PatientFlag.Value;

    /// <summary>Until disposed, storage calls on this flow get the background network timeout.</summary>
    public static IDisposable Patient()
    {
        var before = PatientFlag.Value;
        PatientFlag.Value = true;
        return new Restore(before);
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => PatientFlag.Value = before;
    }
}
