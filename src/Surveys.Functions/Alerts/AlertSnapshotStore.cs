using System.Globalization;
using Azure;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Alerts;

/// <summary>A round's <see cref="AlertTotals"/> as they were at <paramref name="TakenAt"/>.</summary>
public sealed record AlertSnapshot(DateTimeOffset TakenAt, AlertTotals Totals);

/// <summary>
/// Table <c>AlertSnapshots</c>, one partition per round: a row per timer run with the round's cumulative totals only
/// (respondents, face answers, lowest-two answers; row key = the run's UTC ticks, so rows sort by time), and one row
/// <c>alerted</c> with the time of the round's last alert. Snapshots older than the window are deleted by the run that
/// passes them. The aggregate itself keeps no history (ADR 4), which is why the alert keeps its own.
/// </summary>
public sealed class AlertSnapshotStore(AppStorage storage)
{
    public const string Table = "AlertSnapshots";
    private const string AlertedRow = "alerted";

    private static string RowOf(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    public async Task AddAsync(string roundId, AlertSnapshot snapshot, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(new TableEntity(roundId, RowOf(snapshot.TakenAt))
        {
            ["TakenAt"] = snapshot.TakenAt,
            ["Respondents"] = snapshot.Totals.Respondents,
            ["FaceAnswers"] = snapshot.Totals.FaceAnswers,
            ["LowestTwoAnswers"] = snapshot.Totals.LowestTwoAnswers,
        }.Checked(), TableUpdateMode.Replace, ct);
    }

    /// <summary>The round's snapshots, oldest first, and the time of its last alert.</summary>
    public async Task<(IReadOnlyList<AlertSnapshot> Snapshots, DateTimeOffset? LastAlert)> ListAsync(string roundId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var snapshots = new List<AlertSnapshot>();
        DateTimeOffset? alerted = null;
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"), cancellationToken: ct))
        {
            if (e.RowKey == AlertedRow)
            {
                alerted = e.GetDateTimeOffset("AlertedAt");
                continue;
            }
            snapshots.Add(new AlertSnapshot(e.GetDateTimeOffset("TakenAt") ?? DateTimeOffset.MinValue,
                new AlertTotals(e.GetInt32("Respondents") ?? 0, e.GetInt32("FaceAnswers") ?? 0, e.GetInt32("LowestTwoAnswers") ?? 0)));
        }
        return (snapshots.OrderBy(s => s.TakenAt).ToList(), alerted);
    }

    /// <summary>Deletes the round's snapshots taken before <paramref name="before"/> (they can never start a window again).</summary>
    public async Task DeleteBeforeAsync(string roundId, IEnumerable<AlertSnapshot> snapshots, DateTimeOffset before, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        foreach (var old in snapshots.Where(s => s.TakenAt < before))
        {
            try
            {
                await table.DeleteEntityAsync(roundId, RowOf(old.TakenAt), ETag.All, ct);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Another run deleted it first.
            }
        }
    }

    /// <summary>Records that the round's leaders were alerted at <paramref name="at"/>.</summary>
    public async Task SetAlertedAsync(string roundId, DateTimeOffset at, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(new TableEntity(roundId, AlertedRow) { ["AlertedAt"] = at }.Checked(), TableUpdateMode.Replace, ct);
    }
}
