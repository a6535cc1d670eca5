using Microsoft.Azure.Functions.Worker;
using Azure;
using System.Text.Json;
using System.Text.Json.Serialization;
using Surveys.Functions.Hosting;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Review;

/// <summary>The <c>comparisons</c> queue message: a round of a survey changed, and (when known) how many
/// respondents it had right after the change, so a burst of folds is recomputed once, not once per fold.</summary>
public sealed record RecomputeMessage(
    [property: JsonPropertyName("organisationId")] string OrganisationId,
    [property: JsonPropertyName("surveyId")] string SurveyId,
    [property: JsonPropertyName("roundId")] string? RoundId,
    [property: JsonPropertyName("respondents")] int? Respondents = null)
{
    public static RecomputeMessage Parse(string text)
    {
        try
        {
            var m = JsonSerializer.Deserialize<RecomputeMessage>(text);
            return m is { OrganisationId.Length: > 0, SurveyId.Length: > 0 } ? m : throw new FormatException("The message lacks organisationId or surveyId.");
        }
        catch (JsonException e)
        {
            throw new FormatException("The message is not a recompute message: " + e.Message, e);
        }
    }
}

/// <summary>
/// Puts recompute messages on the <c>comparisons</c> queue (setting <c>ComparisonsQueue</c>), at most one waiting
/// per round (ADR 15): <see cref="RequestAsync"/> leaves a «recompute queued» marker row per round in the
/// <c>Comparisons</c> table and sends only when there is none; <see cref="RecomputeComparisons"/> removes the marker
/// before it reads any counts. So a fold that finds the marker (its counts written before it looked) is included by
/// the recompute that removes it, and a burst of folds into one round is recomputed a few times, not once per answer.
/// </summary>
public sealed class ComparisonQueue(AppStorage storage, IConfiguration configuration, TimeProvider time)
{
    public string Name { get; } = configuration["ComparisonsQueue"] is { Length: > 0 } name ? name : "comparisons";

    /// <summary>A marker older than this counts as absent: its recompute may have failed for good (poison), and must
    /// not keep the round from being recomputed.</summary>
    public static readonly TimeSpan MarkerLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Sends the message as it is (no coalescing).</summary>
    public async Task SendAsync(RecomputeMessage message, CancellationToken ct)
    {
        var queue = await storage.QueueAsync(Name, ct);
        await queue.SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken: ct);
    }

    /// <summary>
    /// Asks for the round's comparisons to be recomputed, after the caller's counts are written: sends the message
    /// unless a recompute of the round is already queued (a fresh marker). The marker is written before the send, so
    /// whenever a marker exists, a recompute that has not yet removed it is on its way.
    /// </summary>
    /// <returns>True when a message was sent; false when an already queued recompute will include the caller's counts.</returns>
    public async Task<bool> RequestAsync(RecomputeMessage message, CancellationToken ct)
    {
        if (message.RoundId is not { } roundId)
        {
            await SendAsync(message, ct);
            return true;
        }
        var table = await storage.TableAsync(ComparisonStore.Table, ct);
        var row = QueuedRow(roundId);
        var existing = await table.GetEntityOrNullAsync(message.SurveyId, row, ct: ct);
        var now = time.GetUtcNow();
        if (existing?.GetDateTimeOffset("QueuedAt") is { } queuedAt && (now - queuedAt).Duration() < MarkerLifetime) return false;

        var marker = new TableEntity(message.SurveyId, row) { ["QueuedAt"] = now };
        ETag written;
        try
        {
            written = existing is null
                ? (await table.AddEntityAsync(marker, ct)).Headers.ETag ?? ETag.All
                : (await table.UpdateEntityAsync(marker, existing.ETag, TableUpdateMode.Replace, ct)).Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false; // Another fold wrote the marker a moment ago, after its counts and ours: its recompute includes ours.
        }
        try
        {
            await SendAsync(message, ct);
            return true;
        }
        catch
        {
            // No recompute is on its way: the marker must not keep the next fold from asking (best effort; it also expires).
            try { await table.DeleteEntityAsync(message.SurveyId, row, written, CancellationToken.None); }
            catch (RequestFailedException) { }
            throw;
        }
    }

    /// <summary>Removes the round's «recompute queued» marker, before the recompute reads any counts.</summary>
    /// <returns>Whether there was one.</returns>
    public async Task<bool> ClearQueuedAsync(string surveyId, string roundId, CancellationToken ct)
    {
        var table = await storage.TableAsync(ComparisonStore.Table, ct);
        return (await table.DeleteEntityAsync(surveyId, QueuedRow(roundId), ETag.All, ct)).Status != 404;
    }

    // Comparison rows are "trend" and "{before}~{after}"; a marker cannot be mistaken for either.
    private static string QueuedRow(string roundId) => "queued|" + roundId;
}

/// <summary>
/// Queue function on <c>comparisons</c>: after a round's counts changed, recomputes and stores the
/// trend and every before/after comparison involving that round, so reading one is a single lookup.
/// Recomputing is idempotent; an unchanged pair is skipped by its aggregate versions. Folds of a round whose
/// recompute is already queued send nothing (see <see cref="ComparisonQueue"/>).
/// </summary>
public sealed class RecomputeComparisons(ComparisonService comparisons, ComparisonQueue queue, ILogger<RecomputeComparisons> log) : IQueueFunction
{
    [Function("RecomputeComparisons")]
    public Task Run([QueueTrigger("%ComparisonsQueue%")] string message, FunctionContext context) =>
        RunAsync(WorkerTriggers.Queue(message, context), context.CancellationToken);

    public async Task RunAsync(QueueTrigger message, CancellationToken cancellationToken)
    {
        var m = RecomputeMessage.Parse(message.MessageText);
        // The marker goes first, before any count is read: a fold that saw it (and so sent nothing) is included below.
        // When there was one, folds may have relied on it, so the respondents in this message say too little to skip.
        var coalesced = m.RoundId is not null && await queue.ClearQueuedAsync(m.SurveyId, m.RoundId, cancellationToken);
        if (!coalesced && m.RoundId is not null && m.Respondents is { } respondents &&
            await comparisons.IsUpToDateAsync(m.SurveyId, m.RoundId, respondents, cancellationToken))
        {
            log.LogDebug("Comparisons of survey {SurveyId} already include {Respondents} respondents of {RoundId}", m.SurveyId, respondents, m.RoundId);
            return;
        }
        var pairs = await comparisons.RecomputeAsync(m.OrganisationId, m.SurveyId, m.RoundId, cancellationToken);
        log.LogInformation("Recomputed {Pairs} comparisons and the trend of survey {SurveyId}", pairs, m.SurveyId);
    }
}
