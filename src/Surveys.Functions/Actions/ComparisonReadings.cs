using System.Text.Json;
using System.Text.Json.Nodes;
using Surveys.Pages.Actions;
using Surveys.Pages.Shared;

namespace Surveys.Functions.Actions;

/// <summary>
/// The parts of the stored trend and of an action's evaluation (the JSON the API returns, unchanged) that the action
/// pages show, read into typed records.
/// </summary>
internal static class ComparisonReadings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static T? Read<T>(JsonNode? node) where T : class => node?.Deserialize<T>(Json);

    /// <summary>A text in bokmål and English (<c>{"nb": …, "en": …}</c>); English falls back to bokmål.</summary>
    public sealed record Text(string? Nb, string? En)
    {
        public Bilingual? ToBilingual() => Nb is null ? null : new(Nb, En ?? Nb);
    }

    /// <summary>A share of the answers (<c>{"count", "of", "share"}</c>); only the share is shown.</summary>
    public sealed record Proportion(double? Share);

    /// <summary>An item's figures in one round (<c>ComparisonJson.Summary</c>).</summary>
    public sealed record Summary(int? N, Text? MeanText, Proportion? TopTwo, Proportion? BottomTwo)
    {
        public ItemFigures ToFigures() => new(N, MeanText?.ToBilingual(), TopTwo?.Share, BottomTwo?.Share, TopTwo is not null, BottomTwo is not null);
    }

    /// <summary>The trend of a survey: per item, its result in each round.</summary>
    public sealed record Trend(IReadOnlyList<TrendItem>? Items);

    public sealed record TrendItem(string? ItemId, IReadOnlyList<TrendPoint>? Points);

    /// <param name="Status"><c>shown</c>, <c>tooFewAnswers</c>, <c>suppressed</c>, …</param>
    public sealed record TrendPoint(string? RoundId, string? Status, Text? Message, Summary? Summary);

    /// <summary>An action's evaluation (<c>ActionService.EvaluationAsync</c>).</summary>
    /// <param name="Status"><c>available</c>, or why not: <c>noRound</c>, <c>waiting</c>, <c>notCompared</c>.</param>
    public sealed record Evaluation(RoundRef? PromptingRound, RoundRef? EvaluationRound, string? Status, Text? Message, Verdict? Verdict, Change? Change);

    public sealed record RoundRef(string? Id, string? Label);

    public sealed record Verdict(Text? Text, Text? Detail);

    public sealed record Change(Summary? Before, Summary? After);
}
