using System.Text.Json;
using System.Text.Json.Nodes;
using Surveys.Pages.Shared;

namespace Surveys.Pages.Results;

// The comparison and trend documents as typed records: the JSON that ComparisonJson writes, the store keeps and
// GET /api/surveys/{id}/comparison and /trend return (camelCase, texts as {"nb": …, "en": …}). The API serves the
// stored JSON as it is; the results page reads it through these records (ComparisonDocument.Read), so the page
// can show only what the document holds: a suppressed item has no change, and so no figure to show.

/// <summary>A before/after comparison of two rounds of a survey.</summary>
public sealed record ComparisonDocument(
    string SurveyId,
    string Title,
    RoundFigures Before,
    RoundFigures After,
    int MinimumGroupSize,
    int VerdictMinimum,
    double ConfidenceLevel,
    string? Adjustment,
    bool Exploratory,
    IndexInfo? Index,
    IReadOnlyList<LocalText> Notes,
    IReadOnlyList<ItemComparisonDocument> Items,
    IReadOnlyList<PooledDocument> Pooled,
    IReadOnlyList<WeakestList> WeakestItems)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The document as stored or just computed.</summary>
    public static ComparisonDocument Read(JsonObject document) =>
        document.Deserialize<ComparisonDocument>(Json) ?? throw new JsonException("The comparison document is empty.");

    /// <summary>A trend document as stored or just computed.</summary>
    public static TrendDocument ReadTrend(JsonObject document) =>
        document.Deserialize<TrendDocument>(Json) ?? throw new JsonException("The trend document is empty.");
}

/// <summary>A round and who answered it; below the minimum group size only <see cref="RespondentsText"/> ("færre enn 5").</summary>
public sealed record RoundFigures(string RoundId, string Label, DateTimeOffset? Opens, DateTimeOffset? Closes,
    int? Respondents, LocalText? RespondentsText, int? Invited, double? ResponseRate);

public sealed record IndexInfo(string Id, string Formula, LocalText Label);

/// <summary>One item: <c>compared</c> with its change, or only its verdict's message (suppressed, not comparable).</summary>
public sealed record ItemComparisonDocument(string ItemId, string? ShortCode, string ScaleId, LocalText Text, string Status, string? Reason,
    VerdictDocument Verdict, ItemChangeDocument? Change);

/// <summary>The items of one scale pooled.</summary>
public sealed record PooledDocument(string ScaleId, IReadOnlyList<string> ItemIds, string Status, VerdictDocument Verdict, LocalText Note, PooledChangeDocument? Change);

/// <param name="Kind">increased, decreased, noClearChange, tooFewToSay, tooFewToShow, notComparable</param>
public sealed record VerdictDocument(string Kind, LocalText Text, LocalText? Detail);

/// <summary>What changed between the rounds, for an item or a pool.</summary>
public abstract record ChangeDocument(
    Summary Before,
    Summary After,
    CliffsDeltaDocument? CliffsDelta,
    Difference? TopTwo,
    Difference? BottomTwo,
    IReadOnlyList<BandChangeDocument> Bands,
    double? MeanDifference);

/// <summary>The change of one item, with its Mann–Whitney test and, on a yes/no scale, the change in the share "Ja".</summary>
public sealed record ItemChangeDocument(Summary Before, Summary After, CliffsDeltaDocument? CliffsDelta, MannWhitneyDocument? MannWhitney,
    Difference? TopTwo, Difference? BottomTwo, Difference? Yes, IReadOnlyList<BandChangeDocument> Bands, double? MeanDifference)
    : ChangeDocument(Before, After, CliffsDelta, TopTwo, BottomTwo, Bands, MeanDifference);

/// <summary>The change of the pooled answers; <see cref="PeopleBefore"/> and <see cref="PeopleAfter"/> count people, not answers.</summary>
public sealed record PooledChangeDocument(Summary Before, Summary After, int PeopleBefore, int PeopleAfter, CliffsDeltaDocument? CliffsDelta,
    Difference? TopTwo, Difference? BottomTwo, IReadOnlyList<BandChangeDocument> Bands, double? MeanDifference)
    : ChangeDocument(Before, After, CliffsDelta, TopTwo, BottomTwo, Bands, MeanDifference);

public sealed record CliffsDeltaDocument(double Estimate, IntervalDocument? Interval, string Magnitude, double AfterHigher, double AfterLower, double Tied,
    int NBefore, int NAfter, double? DesignEffect);

/// <param name="Method">exact or normalApproximation.</param>
public sealed record MannWhitneyDocument(double U, double PValue, double? AdjustedPValue, string Method, bool ContinuityCorrection, int NBefore, int NAfter);

/// <summary>A difference of two shares; <see cref="PercentagePoints"/> is 100 × <see cref="Estimate"/>.</summary>
public sealed record Difference(double Estimate, double PercentagePoints, IntervalDocument? Interval);

public sealed record IntervalDocument(double Lower, double Upper, double Level, string Method, bool IncludesZero);

public sealed record BandChangeDocument(string Band, LocalText Label, Difference? Change);

/// <summary>One round's figures for an item or a pool: counts first, shares from counts, percents rounded once (largest remainder).</summary>
public sealed record Summary(
    int N,
    int NonScale,
    string ScaleId,
    IReadOnlyList<int> Counts,
    IReadOnlyList<PositionShare> Distribution,
    string? BandSplit,
    IReadOnlyList<BandShare> Bands,
    ShareDocument? TopTwo,
    ShareDocument? BottomTwo,
    ShareDocument? Yes,
    double? Mean,
    double? StandardDeviation,
    LocalText? MeanText,
    IndexValueDocument? Index);

/// <param name="Percent">Rounded once by the largest-remainder method over the distribution; null when n is 0.</param>
public sealed record PositionShare(int Position, int Count, double Share, int? Percent);

public sealed record BandShare(string Band, LocalText Label, int From, int To, int Count, double Share, int? Percent);

public sealed record ShareDocument(int Count, int Of, double Share);

public sealed record IndexValueDocument(string Definition, double Value);

/// <summary>The weakest items of the later round for one scale, with the ranking rule.</summary>
public sealed record WeakestList(string Rule, LocalText RuleText, string? ScaleId, IReadOnlyList<WeakestItem> Items);

public sealed record WeakestItem(string ItemId, LocalText Text, Summary Summary);

/// <summary>Every round's figures per item, in the order the rounds open.</summary>
public sealed record TrendDocument(string SurveyId, string Title, IReadOnlyList<RoundFigures> Rounds, IReadOnlyList<TrendItem> Items);

public sealed record TrendItem(string ItemId, string ScaleId, LocalText Text, IReadOnlyList<TrendPoint> Points);

/// <param name="Status">shown, or why not (then <see cref="Message"/>, or nothing when the item was not in the round).</param>
public sealed record TrendPoint(string RoundId, string Status, LocalText? Message, Summary? Summary);
