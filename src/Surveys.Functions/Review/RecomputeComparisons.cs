using Microsoft.Azure.Functions.Worker;
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

/// <summary>Puts recompute messages on the <c>comparisons</c> queue (setting <c>ComparisonsQueue</c>).</summary>
public sealed class ComparisonQueue(AppStorage storage, IConfiguration configuration)
{
    public string Name { get; } = configuration["ComparisonsQueue"] is { Length: > 0 } name ? name : "comparisons";

    public async Task SendAsync(RecomputeMessage message, CancellationToken ct)
    {
        var queue = await storage.QueueAsync(Name, ct);
        await queue.SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken: ct);
    }
}

/// <summary>
/// Queue function on <c>comparisons</c>: after a round's counts changed, recomputes and stores the
/// trend and every before/after comparison involving that round, so reading one is a single lookup.
/// Recomputing is idempotent; an unchanged pair is skipped by its aggregate versions.
/// </summary>
public sealed class RecomputeComparisons(ComparisonService comparisons, ILogger<RecomputeComparisons> log) : IQueueFunction
{
    [Function("RecomputeComparisons")]
    public Task Run([QueueTrigger("%ComparisonsQueue%")] string message, FunctionContext context) =>
        RunAsync(WorkerTriggers.Queue(message, context), context.CancellationToken);

    public async Task RunAsync(QueueTrigger message, CancellationToken cancellationToken)
    {
        var m = RecomputeMessage.Parse(message.MessageText);
        if (m.RoundId is not null && m.Respondents is { } respondents &&
            await comparisons.IsUpToDateAsync(m.SurveyId, m.RoundId, respondents, cancellationToken))
        {
            log.LogDebug("Comparisons of survey {SurveyId} already include {Respondents} respondents of {RoundId}", m.SurveyId, respondents, m.RoundId);
            return;
        }
        var pairs = await comparisons.RecomputeAsync(m.OrganisationId, m.SurveyId, m.RoundId, cancellationToken);
        log.LogInformation("Recomputed {Pairs} comparisons and the trend of survey {SurveyId}", pairs, m.SurveyId);
    }
}
