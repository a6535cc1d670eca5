using Surveys.Functions.Storage;

namespace Surveys.Functions.Exports;

/// <summary>
/// Which scheduled deliveries were made: one row per grant and delivery (a round, or a month). A delivery is
/// «started» (with the key its audit entry will have) before anything is sent, and «sent» when done, so a run
/// that crashed half-way is finished by the next without a second audit entry.
/// </summary>
public sealed class DeliveryStore(AppStorage storage)
{
    public const string Table = "ExportDeliveries";

    public const string Started = "started";
    public const string Sent = "sent";

    /// <summary>A delivery's progress: <see cref="Started"/> or <see cref="Sent"/>, and its audit entry's key.</summary>
    public sealed record Progress(string Outcome, string? AuditKey);

    public async Task<Progress?> GetAsync(string grantId, string deliveryKey, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        return await table.GetEntityOrNullAsync(grantId, deliveryKey, select: ["Outcome", "AuditKey"], ct: ct) is { } e
            ? new Progress(e.GetString("Outcome") ?? Sent, e.GetString("AuditKey"))
            : null;
    }

    public async Task RecordAsync(string grantId, string deliveryKey, string outcome, string? auditKey, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(new TableEntity(grantId, deliveryKey) { ["Outcome"] = outcome, ["AuditKey"] = auditKey }.Checked(),
            TableUpdateMode.Replace, ct);
    }
}
