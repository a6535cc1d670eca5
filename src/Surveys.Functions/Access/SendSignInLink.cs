using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Hosting;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Access;

/// <summary>A request for a sign-in link, as queued: the address as typed (known or not).</summary>
public sealed record SignInRequestMessage(string Email)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="FormatException">Not a sign-in request message.</exception>
    public static SignInRequestMessage Parse(string text)
    {
        SignInRequestMessage? message;
        try { message = JsonSerializer.Deserialize<SignInRequestMessage>(text, Json); }
        catch (JsonException e) { throw new FormatException("The queue message is not a sign-in request.", e); }
        return message is { Email.Length: > 0 } ? message : throw new FormatException("The queue message is not a sign-in request.");
    }
}

/// <summary>
/// Puts sign-in requests on the <c>signin-requests</c> queue (name from the <c>SignInRequestsQueue</c> setting, the setting
/// SendSignInLink's [QueueTrigger] names). Asking for a link does only this, for any address, so the answer takes the
/// same time whether the address has an account or not.
/// </summary>
public sealed class SignInRequestQueue(AppStorage storage, IConfiguration configuration)
{
    public const string Setting = "SignInRequestsQueue";

    public string Name { get; } = configuration[Setting] is { Length: > 0 } name ? name : "signin-requests";

    public async Task EnqueueAsync(string email, CancellationToken ct)
    {
        var queue = await storage.QueueAsync(Name, ct);
        await queue.SendMessageAsync(new SignInRequestMessage(email).ToJson(), cancellationToken: ct);
    }
}

/// <summary>Queue function on <c>signin-requests</c>: looks the address up and, for a member, makes a link and queues its
/// e-mail (<see cref="SignInLinks"/>). An unknown address ends here, unanswered.</summary>
public sealed class SendSignInLink(SignInLinks links) : IQueueFunction
{
    [Function("SendSignInLink")]
    public Task Run([QueueTrigger("%SignInRequestsQueue%")] string message, FunctionContext context) =>
        RunAsync(WorkerTriggers.Queue(message, context), context.CancellationToken);

    public Task RunAsync(QueueTrigger message, CancellationToken cancellationToken) =>
        links.SendAsync(SignInRequestMessage.Parse(message.MessageText).Email, message.Id, cancellationToken);
}
