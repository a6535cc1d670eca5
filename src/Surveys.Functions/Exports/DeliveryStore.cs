using Surveys.Functions.Storage;

namespace Surveys.Functions.Exports;

/// <summary>Which scheduled deliveries were made: one row per grant and delivery (a round, or a month).</summary>
public sealed class DeliveryStore(AppStorage storage)
{
    public const string Table = "ExportDeliveries";

    public async Task<bool> ExistsAsync(string grantId, string deliveryKey, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        return await table.GetEntityIfExistsAsync(grantId, deliveryKey, select: ["Outcome"], ct: ct) is not null;
    }

    public async Task RecordAsync(string grantId, string deliveryKey, string outcome, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(new TableEntity(grantId, deliveryKey) { ["Outcome"] = outcome }, TableUpdateMode.Replace, ct);
    }
}
