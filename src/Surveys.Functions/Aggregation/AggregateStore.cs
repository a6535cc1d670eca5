using System.Text.Json;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Aggregation;

/// <summary>
/// Per-round aggregates: counts per item per scale point, so statistics never re-read responses.
/// One partition per round holds the aggregate row and one marker row per folded response. A fold
/// writes both in one entity-group transaction: the marker insert fails if the response was folded
/// before (counted once, however often the message comes), and the aggregate replace is
/// conditional on the ETag it was read with, so two instances folding into the same round at once
/// cannot lose a count (412 → reload and retry).
/// </summary>
public sealed class AggregateStore(AppStorage storage, ILogger<AggregateStore> log)
{
    public const string Table = "Aggregates";
    private const string AggregateRow = "aggregate";
    private const int MaxAttempts = 20;

    /// <summary>Folds the response into its round's aggregate exactly once.</summary>
    /// <returns>True when this call counted it; false when it had been counted already.</returns>
    public async Task<bool> FoldAsync(Survey survey, Response response, CancellationToken ct) =>
        (await FoldAsync(() => Task.FromResult(survey), response, ct)).Folded;

    /// <summary>Folds the response exactly once; the survey is loaded only when the round's first aggregate is made.</summary>
    /// <returns>Whether this call counted it, and the round's respondents after it (null when it had been counted already).</returns>
    public async Task<(bool Folded, int? Respondents)> FoldAsync(Func<Task<Survey>> survey, Response response, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        for (var attempt = 1; ; attempt++)
        {
            var current = await table.GetEntityOrNullAsync(response.RoundId, AggregateRow, ct: ct);
            var aggregate = current is null ? RoundAggregate.Empty(response.RoundId, (await survey()).Items) : Read(current);
            aggregate.Fold(response);

            var row = new TableEntity(response.RoundId, AggregateRow) { ["Snapshot"] = JsonSerializer.Serialize(aggregate.ToSnapshot()) }.Checked();
            var marker = new TableEntity(response.RoundId, MarkerRow(response.Id)).Checked();
            TableTransactionAction write = current is null
                ? new(TableTransactionActionType.Add, row)
                : new(TableTransactionActionType.UpdateReplace, row, current.ETag);
            try
            {
                await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, marker), write], ct);
                return (true, aggregate.Respondents);
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status == 409)
            {
                return (false, null); // The marker exists: this response was folded before.
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 1 && e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another writer changed (or created) the aggregate since it was read: reload and retry.
                log.LogDebug("Fold of {ResponseId} into {RoundId} met a concurrent write; retry {Attempt}", response.Id, response.RoundId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    /// <summary>The round's aggregate, or null when nothing was folded yet.</summary>
    public async Task<RoundAggregate?> GetAsync(string roundId, CancellationToken ct) =>
        (await GetVersionedAsync(roundId, ct)).Aggregate;

    /// <summary>The round's aggregate with its version (the row's ETag; "none" before the first fold).</summary>
    public async Task<(RoundAggregate? Aggregate, string Version)> GetVersionedAsync(string roundId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var current = await table.GetEntityOrNullAsync(roundId, AggregateRow, ct: ct);
        return current is null ? (null, "none") : (Read(current), current.ETag.ToString());
    }

    /// <summary>Whether the response has been folded (its marker exists).</summary>
    public async Task<bool> IsFoldedAsync(string roundId, Guid responseId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        return await table.GetEntityOrNullAsync(roundId, MarkerRow(responseId), ct: ct) is not null;
    }

    /// <summary>The ids of every response folded into the round (its marker rows).</summary>
    public async Task<HashSet<Guid>> FoldedIdsAsync(string roundId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var ids = new HashSet<Guid>();
        // Marker rows sort between "folded-" and "folded." ('.' follows '-' in ordinal order).
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey ge {MarkerPrefix} and RowKey lt {"folded."}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
        {
            if (Guid.TryParse(e.RowKey.AsSpan(MarkerPrefix.Length), out var id)) ids.Add(id);
        }
        return ids;
    }

    private static RoundAggregate Read(TableEntity e) =>
        RoundAggregate.FromSnapshot(JsonSerializer.Deserialize<RoundAggregateSnapshot>(e.GetString("Snapshot") ?? "null")
            ?? throw new InvalidOperationException($"The aggregate of round {e.PartitionKey} has no snapshot."));

    private const string MarkerPrefix = "folded-";

    private static string MarkerRow(Guid responseId) => MarkerPrefix + responseId.ToString("D");
}
