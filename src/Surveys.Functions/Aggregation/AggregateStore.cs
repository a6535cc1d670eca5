using System.Text.Json;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Aggregation;

/// <summary>
/// Per-round aggregates: counts per item per scale point, so statistics never re-read responses.
/// One partition per round holds the aggregate row and one marker row per folded response. A fold
/// writes markers and the aggregate in one entity-group transaction: a marker insert fails if its
/// response was folded before (counted once, however often the message comes), and the aggregate
/// replace is conditional on the ETag it was read with, so two instances folding into the same round
/// at once cannot lose a count (412 → reload and retry).
/// <para><b>Group commit</b> (ADR 15): folds of the same round that are waiting in this process at the
/// same time are written together, up to <see cref="MaxBatch"/> markers and one aggregate write per
/// transaction, instead of each racing the others for the one aggregate row. One writer per round
/// drains the round's waiting folds batch by batch; each caller awaits its own outcome. A marker that
/// already exists (409 at its index) settles only its own response, as already folded, and the rest
/// of the batch is written again.</para>
/// </summary>
public sealed class AggregateStore(AppStorage storage, ILogger<AggregateStore> log, IConfiguration? configuration = null)
{
    public const string Table = "Aggregates";
    private const string AggregateRow = "aggregate";
    private const int MaxAttempts = 20;

    /// <summary>Markers per transaction: an entity-group transaction holds at most 100 operations, one of them the aggregate.</summary>
    public const int MaxBatch = 99;

    /// <summary>Setting <c>Surveys:Aggregates:FoldBatch</c> (1–99, default 99): the most markers per transaction. 1 turns
    /// the group commit off: every fold is its own transaction, racing the others for the aggregate row as before ADR 15
    /// (kept for measuring the two against each other, and as a way back).</summary>
    private readonly int _maxBatch = Math.Clamp(configuration?.GetValue("Surveys:Aggregates:FoldBatch", MaxBatch) ?? MaxBatch, 1, MaxBatch);

    /// <summary>Folds waiting per round, and whether a writer is draining them.</summary>
    private readonly Dictionary<string, List<PendingFold>> _waiting = new(StringComparer.Ordinal);

    /// <summary>One caller's fold: its response, how to get the survey if the round has no aggregate yet, what to
    /// do once the counts are written, and the outcome it awaits.</summary>
    private sealed class PendingFold(Response response, Func<Task<Survey>> survey, Func<int?, Task>? afterWrite)
    {
        public Response Response { get; } = response;
        public Func<Task<Survey>> Survey { get; } = survey;
        public Func<int?, Task>? AfterWrite { get; } = afterWrite;
        public TaskCompletionSource<(bool Folded, int? Respondents)> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Folds the response into its round's aggregate exactly once.</summary>
    /// <returns>True when this call counted it; false when it had been counted already.</returns>
    public async Task<bool> FoldAsync(Survey survey, Response response, CancellationToken ct) =>
        (await FoldAsync(() => Task.FromResult(survey), response, null, ct)).Folded;

    /// <summary>
    /// Folds the response exactly once, together with the other folds of its round waiting in this process;
    /// the survey is loaded only when the round's first aggregate is made. <paramref name="afterWrite"/> runs once
    /// per written batch, after its counts are stored (also when every response in it had been folded before),
    /// with the round's respondents after the batch (null when nothing new was counted); this call's outcome
    /// waits for it, and fails when it fails, so the caller's message is retried.
    /// </summary>
    /// <returns>Whether this call counted it, and the round's respondents after it (null when it had been counted already).</returns>
    public async Task<(bool Folded, int? Respondents)> FoldAsync(
        Func<Task<Survey>> survey, Response response, Func<int?, Task>? afterWrite, CancellationToken ct)
    {
        var pending = new PendingFold(response, survey, afterWrite);
        if (_maxBatch == 1)
        {
            await WriteBatchAsync(response.RoundId, [pending]).WaitAsync(ct);
            return await pending.Outcome.Task;
        }
        bool lead;
        lock (_waiting)
        {
            lead = !_waiting.TryGetValue(response.RoundId, out var waiting);
            if (lead) _waiting[response.RoundId] = waiting = [];
            waiting!.Add(pending);
        }
        // The first fold of an idle round starts its writer; folds arriving while it writes join the next batch.
        // The writer is not tied to this caller's cancellation: it writes for every caller waiting on the round.
        if (lead) _ = Task.Run(() => DrainAsync(response.RoundId));
        return await pending.Outcome.Task.WaitAsync(ct);
    }

    /// <summary>Writes these responses of one round (distinct ids, at most <see cref="MaxBatch"/>) as one batch, as the
    /// group commit does, and returns each one's outcome in order (for tests of the batch itself).</summary>
    internal async Task<IReadOnlyList<(bool Folded, int? Respondents)>> FoldTogetherAsync(Func<Task<Survey>> survey, IReadOnlyList<Response> responses)
    {
        var batch = responses.Select(r => new PendingFold(r, survey, null)).ToList();
        await WriteBatchAsync(batch[0].Response.RoundId, batch);
        return await Task.WhenAll(batch.Select(p => p.Outcome.Task));
    }

    /// <summary>Writes the round's waiting folds batch by batch until none is left. Never throws: a failed batch
    /// fails its own callers only.</summary>
    private async Task DrainAsync(string roundId)
    {
        while (true)
        {
            var batch = new List<PendingFold>();
            lock (_waiting)
            {
                var waiting = _waiting[roundId];
                var ids = new HashSet<Guid>();
                // The same response twice (a message delivered twice at once) waits for the next batch, where its marker settles it.
                for (var i = 0; i < waiting.Count && batch.Count < _maxBatch; i++)
                {
                    if (!ids.Add(waiting[i].Response.Id)) continue;
                    batch.Add(waiting[i]);
                    waiting.RemoveAt(i--);
                }
                if (batch.Count == 0)
                {
                    _waiting.Remove(roundId);
                    return;
                }
            }
            try
            {
                await WriteBatchAsync(roundId, batch);
            }
            catch (Exception e)
            {
                foreach (var p in batch) p.Outcome.TrySetException(e);
            }
        }
    }

    /// <summary>One batch: read the aggregate, fold every response, write all markers and the aggregate at once.</summary>
    private async Task WriteBatchAsync(string roundId, List<PendingFold> batch)
    {
        var table = await storage.TableAsync(Table, CancellationToken.None);
        var remaining = new List<PendingFold>(batch);
        var settled = new List<(PendingFold Fold, bool Folded)>();
        int? respondents = null;
        for (var attempt = 1; remaining.Count > 0;)
        {
            var current = await table.GetEntityOrNullAsync(roundId, AggregateRow);
            var aggregate = current is null ? RoundAggregate.Empty(roundId, (await remaining[0].Survey()).Items) : Read(current);
            foreach (var p in remaining.ToList())
            {
                try
                {
                    aggregate.Fold(p.Response);
                }
                catch (SurveyValidationException e)
                {
                    // This response does not fit the round's counts: it fails alone (its message ends in poison).
                    p.Outcome.TrySetException(e);
                    remaining.Remove(p);
                }
            }
            if (remaining.Count == 0) break;

            var row = new TableEntity(roundId, AggregateRow) { ["Snapshot"] = JsonSerializer.Serialize(aggregate.ToSnapshot()) }.Checked();
            var actions = remaining.Select(p => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(roundId, MarkerRow(p.Response.Id)).Checked())).ToList();
            actions.Add(current is null
                ? new(TableTransactionActionType.Add, row)
                : new(TableTransactionActionType.UpdateReplace, row, current.ETag));
            try
            {
                await table.SubmitTransactionAsync(actions);
                settled.AddRange(remaining.Select(p => (p, true)));
                respondents = aggregate.Respondents;
                break;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex is { } i && i < remaining.Count && e.Status == 409)
            {
                // This marker exists: its response was folded before. Settle it alone; the rest is written again.
                settled.Add((remaining[i], false));
                remaining.RemoveAt(i);
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == remaining.Count && e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another writer (another instance) changed or created the aggregate since it was read: reload and retry.
                log.LogDebug("A fold batch of {Count} into {RoundId} met a concurrent write; retry {Attempt}", remaining.Count, roundId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)));
                attempt++;
            }
        }
        if (settled.Count == 0) return;

        // Each caller hears its outcome only after the batch's follow-up (the recompute request) is done: if that
        // fails, every message of the batch is retried, and the retry (already folded) asks again.
        if (settled.Select(s => s.Fold.AfterWrite).FirstOrDefault(a => a is not null) is { } afterWrite)
        {
            try
            {
                await afterWrite(respondents);
            }
            catch (Exception e)
            {
                foreach (var (p, _) in settled) p.Outcome.TrySetException(e);
                return;
            }
        }
        foreach (var (p, folded) in settled) p.Outcome.TrySetResult(folded ? (true, respondents) : (false, null));
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
