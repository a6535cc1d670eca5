using System.Security.Cryptography;
using System.Text;
using Azure;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Email;

/// <summary>Where an e-mail's idempotency key stands.</summary>
public enum SentEmailStatus
{
    /// <summary>A delivery has claimed the key and is sending now (or crashed while doing so).</summary>
    Sending,
    Sent,
    /// <summary>Refused for good (a permanent failure); not tried again.</summary>
    Failed,
}

/// <summary>The marker row of one idempotency key.</summary>
public sealed record SentEmailRecord(SentEmailStatus Status, string? Owner, DateTimeOffset? At, int? StatusCode, string? Error);

/// <summary>What <see cref="SentEmailStore.ClaimAsync"/> found.</summary>
public enum ClaimOutcome
{
    /// <summary>This delivery holds the key and sends.</summary>
    Claimed,
    AlreadySent,
    AlreadyFailed,
    /// <summary>Another delivery holds a fresh claim; its own message finishes the job or is retried.</summary>
    HeldElsewhere,
}

public sealed record EmailClaim(ClaimOutcome Outcome, string PartitionKey, string RowKey, ETag ETag = default);

/// <summary>
/// One marker row per idempotency key in table <c>SentEmails</c>, so each e-mail is sent once however
/// often its message is delivered. Keys may hold characters row keys forbid (<c>/</c>, <c>#</c>, <c>?</c>),
/// so the row key is the key's SHA-256 (hex) and the partition its first two hex digits.
/// <para>
/// A delivery first <em>claims</em> the key by inserting a <see cref="SentEmailStatus.Sending"/> row
/// (an insert succeeds once: two deliveries at the same moment cannot both send), sends, then marks it
/// sent, or failed for good. A transient failure releases the claim so any delivery may try again. A
/// claim is taken over by the same queue message (its retry) at once, and by any other after
/// <see cref="ClaimExpiry"/>: the delivery that held it has crashed, as no send outlives the 10-minute
/// function timeout.
/// </para>
/// </summary>
public sealed class SentEmailStore(AppStorage storage, TimeProvider time)
{
    public const string Table = "SentEmails";

    /// <summary>Longer than the function timeout (host.json: 10 minutes).</summary>
    public static readonly TimeSpan ClaimExpiry = TimeSpan.FromMinutes(15);

    private const int MaxErrorLength = 4000;

    /// <summary>The marker's partition and row key: hex SHA-256 of the idempotency key, and its first two digits.</summary>
    public static (string PartitionKey, string RowKey) KeyOf(string idempotencyKey)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
        return (hash[..2], hash);
    }

    /// <summary>Claims the key for <paramref name="owner"/> (the queue message id) unless it was sent,
    /// failed for good, or another delivery holds a fresh claim.</summary>
    public async Task<EmailClaim> ClaimAsync(string idempotencyKey, string owner, CancellationToken ct)
    {
        var (partition, row) = KeyOf(idempotencyKey);
        var table = await storage.TableAsync(Table, ct);
        while (true)
        {
            var now = time.GetUtcNow();
            var claim = new TableEntity(partition, row)
            {
                ["Status"] = nameof(SentEmailStatus.Sending),
                ["Owner"] = owner,
                ["ClaimedAt"] = now,
                ["Kind"] = Kind(idempotencyKey),
            }.Checked();
            try
            {
                return new EmailClaim(ClaimOutcome.Claimed, partition, row, (await table.AddEntityAsync(claim, ct)).NewETag());
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Someone holds the key: see what they did.
            }

            var existing = await table.GetEntityOrNullAsync(partition, row, ct: ct);
            if (existing is null) continue; // released in between: claim again
            var record = Read(existing);
            switch (record.Status)
            {
                case SentEmailStatus.Sent:
                    return new EmailClaim(ClaimOutcome.AlreadySent, partition, row);
                case SentEmailStatus.Failed:
                    return new EmailClaim(ClaimOutcome.AlreadyFailed, partition, row);
                case SentEmailStatus.Sending when record.Owner != owner && now - record.At < ClaimExpiry:
                    return new EmailClaim(ClaimOutcome.HeldElsewhere, partition, row);
            }
            try
            {
                // Our own earlier attempt, or a crashed delivery: take the claim over, unless someone else just did.
                return new EmailClaim(ClaimOutcome.Claimed, partition, row, (await table.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, ct)).NewETag());
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Changed or released since it was read: look again.
            }
        }
    }

    /// <summary>Records the e-mail as sent. Unconditional: once it is sent, no claim may send it again.</summary>
    public async Task MarkSentAsync(EmailClaim claim, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(new TableEntity(claim.PartitionKey, claim.RowKey)
        {
            ["Status"] = nameof(SentEmailStatus.Sent),
            ["SentAt"] = time.GetUtcNow(),
        }.Checked(), TableUpdateMode.Merge, ct);
    }

    /// <summary>Records a permanent failure with the provider's status and messages, so it is not tried again.</summary>
    public async Task MarkFailedAsync(EmailClaim claim, EmailSendException failure, CancellationToken ct)
    {
        var error = failure.Message;
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(new TableEntity(claim.PartitionKey, claim.RowKey)
        {
            ["Status"] = nameof(SentEmailStatus.Failed),
            ["FailedAt"] = time.GetUtcNow(),
            ["StatusCode"] = failure.StatusCode,
            ["Error"] = error.Length > MaxErrorLength ? error[..MaxErrorLength] + "…" : error,
        }.Checked(), TableUpdateMode.Merge, ct);
    }

    /// <summary>Gives the key up after a transient failure, if the claim is still ours; best effort,
    /// as an unreleased claim expires anyway.</summary>
    public async Task ReleaseAsync(EmailClaim claim, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        try
        {
            await table.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, claim.ETag, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Taken over meanwhile: it is the new holder's now.
        }
    }

    /// <summary>The marker of the key, or null when no delivery has claimed it.</summary>
    public async Task<SentEmailRecord?> FindAsync(string idempotencyKey, CancellationToken ct)
    {
        var (partition, row) = KeyOf(idempotencyKey);
        var table = await storage.TableAsync(Table, ct);
        var entity = await table.GetEntityOrNullAsync(partition, row, ct: ct);
        return entity is null ? null : Read(entity);
    }

    private static SentEmailRecord Read(TableEntity e)
    {
        var status = Enum.TryParse<SentEmailStatus>(e.GetString("Status"), out var s) ? s : SentEmailStatus.Sending;
        var at = status switch
        {
            SentEmailStatus.Sent => e.GetDateTimeOffset("SentAt"),
            SentEmailStatus.Failed => e.GetDateTimeOffset("FailedAt"),
            _ => e.GetDateTimeOffset("ClaimedAt"),
        };
        return new SentEmailRecord(status, e.GetString("Owner"), at, e.GetInt32("StatusCode"), e.GetString("Error"));
    }

    /// <summary>The key's kind (<c>signin</c>, <c>digest</c>), for reading the table by eye; the rest may name a person.</summary>
    private static string? Kind(string idempotencyKey)
    {
        var colon = idempotencyKey.IndexOf(':');
        var kind = colon > 0 ? idempotencyKey[..colon] : null;
        return kind is { Length: <= 40 } && kind.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? kind : null;
    }
}
