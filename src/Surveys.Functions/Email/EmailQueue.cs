using System.Text;
using Surveys.Functions.Hosting;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Email;

/// <summary>
/// Puts e-mails on the <c>emails</c> queue (name from the <c>EmailsQueue</c> setting, the setting
/// SendEmail's [QueueTrigger] names). This is how a feature sends mail: never from an HTTP request,
/// so a slow or failing provider cannot fail the request, and a retry cannot send twice.
/// </summary>
public sealed class EmailQueue(AppStorage storage, IConfiguration configuration)
{
    public const string Setting = "EmailsQueue";

    /// <summary>A queue message holds at most 64 KiB of base64, so about 48 KiB of JSON (storage-and-email-rest.md §5.2).</summary>
    public const int MaxMessageBytes = 48 * 1024;

    public string Name { get; } = configuration[Setting] is { Length: > 0 } name ? name : "emails";

    /// <summary>Queues the e-mail; it is sent once per <see cref="EmailMessage.IdempotencyKey"/>, however often it is queued.</summary>
    /// <exception cref="ArgumentException">The message is invalid or too large for a queue message.</exception>
    public Task EnqueueAsync(EmailMessage message, CancellationToken ct) => EnqueueAsync(message, null, ct);

    /// <summary>Queues the e-mail to be seen by SendEmail only after <paramref name="delay"/> (at most 7 days, the queue's limit).</summary>
    public async Task EnqueueAsync(EmailMessage message, TimeSpan? delay, CancellationToken ct)
    {
        message.Validate();
        var json = message.ToJson();
        if (Encoding.UTF8.GetByteCount(json) > MaxMessageBytes)
            throw new ArgumentException($"The e-mail is larger than {MaxMessageBytes / 1024} KiB, the most a queue message holds.", nameof(message));
        var queue = await storage.QueueAsync(Name, ct);
        await queue.SendMessageAsync(json, visibilityTimeout: delay, cancellationToken: ct);
    }
}
