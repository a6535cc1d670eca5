using Microsoft.Azure.Functions.Worker;
using System.Security.Cryptography;
using System.Text;
using Surveys.Functions.Hosting;

namespace Surveys.Functions.Email;

/// <summary>
/// Queue function on <c>emails</c>: sends one e-mail, once per idempotency key.
/// A permanent refusal is recorded (status "failed" with the provider's messages) and the message
/// completes, so it is not retried forever; a transient failure throws, so the queue retries and,
/// after <c>maxDequeueCount</c> attempts, moves the message to <c>emails-poison</c>.
/// </summary>
/// <remarks>
/// One duplicate remains possible, and is inherent to a provider without idempotency keys: when the
/// provider took the e-mail but the "sent" marker could not be written (storage down, process killed
/// in between), the message is retried and the e-mail sent again. The same holds when the provider
/// took it but answered with a timeout or 5xx.
/// </remarks>
public sealed class SendEmail(IEmailSender sender, SentEmailStore sent, EmailQueue queue, ILogger<SendEmail> log) : IQueueFunction
{
    [Function("SendEmail")]
    public Task Run([QueueTrigger("%EmailsQueue%")] string message, FunctionContext context) =>
        RunAsync(WorkerTriggers.Queue(message, context), context.CancellationToken);

    /// <summary>How often an e-mail is put back until the provider's reset time before failing like any other.</summary>
    public const int MaxDeferrals = 5;
    /// <summary>How often recording a sent e-mail is tried (about two minutes in all) before the message fails.</summary>
    private const int MarkSentAttempts = 8;

    private static readonly TimeSpan LongestDeferral = TimeSpan.FromDays(6);

    public async Task RunAsync(QueueTrigger message, CancellationToken cancellationToken)
    {
        var email = EmailMessage.Parse(message.MessageText);
        var claim = await sent.ClaimAsync(email.IdempotencyKey, Owner(message), cancellationToken);
        // Logs name the marker row (a hash), never the key: keys may hold an address.
        switch (claim.Outcome)
        {
            case ClaimOutcome.AlreadySent:
            case ClaimOutcome.AlreadyFailed:
                log.LogInformation("E-mail {MarkerRow} was handled before ({Outcome}); not sent again", claim.RowKey, claim.Outcome);
                return;
            case ClaimOutcome.HeldElsewhere:
                log.LogInformation("E-mail {MarkerRow} is being sent by another delivery; this one stops", claim.RowKey);
                return;
        }

        try
        {
            await sender.SendAsync(email, cancellationToken);
        }
        catch (EmailSendException e) when (e.Permanent)
        {
            await sent.MarkFailedAsync(claim, e, cancellationToken);
            log.LogWarning("E-mail {MarkerRow} to a recipient at {RecipientDomain} was refused ({Status}) and is recorded as failed: {Errors}",
                claim.RowKey, email.To.Domain, e.StatusCode, string.Join(" ", e.Errors));
            return;
        }
        catch (EmailSendException e) when (!e.Permanent && e.RetryAfter is { } wait && wait > TimeSpan.Zero && email.Deferrals < MaxDeferrals)
        {
            // The provider named when to try again (429 with Retry-After or X-RateLimit-Reset beyond what the sender waits in-process):
            // the queue's own retries would come at once and end in the poison queue, so the e-mail is queued again
            // to appear at the reset time, and this delivery completes. After MaxDeferrals it fails as any other.
            await sent.ReleaseAsync(claim, CancellationToken.None);
            var delay = wait < LongestDeferral ? wait : LongestDeferral;
            await queue.EnqueueAsync(email with { Deferrals = email.Deferrals + 1 }, delay, cancellationToken);
            log.LogWarning("E-mail {MarkerRow} put back for {Delay} as the provider asked ({Status}); deferral {Deferral} of {Max}",
                claim.RowKey, delay, e.StatusCode, email.Deferrals + 1, MaxDeferrals);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Transient: let any delivery of this key try again (an unreleased claim expires anyway).
            try
            {
                await sent.ReleaseAsync(claim, CancellationToken.None);
            }
            catch (Exception releaseFailure)
            {
                log.LogWarning(releaseFailure, "Could not release the claim on e-mail {MarkerRow}", claim.RowKey);
            }
            throw;
        }

        // Between the send above and this write lies the one window for a duplicate (see remarks): a failed write
        // would let the queue's retry send the e-mail again, so a storage blip here is waited out, not thrown.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sent.MarkSentAsync(claim, CancellationToken.None);
                break;
            }
            catch (Exception e) when (attempt < MarkSentAttempts)
            {
                log.LogWarning(e, "Could not record e-mail {MarkerRow} as sent (attempt {Attempt} of {Max}); trying again",
                    claim.RowKey, attempt, MarkSentAttempts);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 2 * attempt)), CancellationToken.None);
            }
        }
        log.LogInformation("E-mail {MarkerRow} sent to a recipient at {RecipientDomain}", claim.RowKey, email.To.Domain);
    }

    /// <summary>
    /// Who holds the claim: the queue message id, the same on every retry of this message. Without one
    /// (never from the host or the runner) the insertion time and text stand in: identical copies may then
    /// both send, which beats dropping the e-mail.
    /// </summary>
    private static string Owner(QueueTrigger message) =>
        message.Id is { Length: > 0 } id
            ? id
            : "text-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{message.InsertionTime:O}|{message.MessageText}")))[..32];
}
