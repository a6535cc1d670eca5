using System.Text.Json.Nodes;
using Surveys.Model;

namespace Surveys.Functions.Review;

/// <summary>
/// The JSON of a before/after comparison and of a trend, as the API returns it and the results page
/// reads it: every figure with the counts it includes, every method and definition named, texts in
/// bokmål and English. Suppressed items carry only their message: the model gives no figures for them.
/// </summary>
public static class ComparisonJson
{
    public static JsonObject Comparison(RoundComparison c, Round before, Round after, Survey survey) => new()
    {
        ["surveyId"] = survey.Id,
        ["title"] = survey.Title,
        ["before"] = RoundInfo(before, c.Before),
        ["after"] = RoundInfo(after, c.After),
        ["minimumGroupSize"] = c.Options.MinimumGroupSize,
        ["verdictMinimum"] = c.Options.VerdictMinimum,
        ["confidenceLevel"] = c.Options.ConfidenceLevel,
        ["adjustment"] = c.Adjustment,
        ["exploratory"] = c.IsExploratory,
        ["index"] = new JsonObject { ["id"] = c.Options.Index.Id, ["formula"] = c.Options.Index.Formula, ["label"] = Text(c.Options.Index.Label) },
        ["notes"] = new JsonArray(c.Notes.Select(n => (JsonNode)Text(n)).ToArray()),
        ["items"] = new JsonArray(c.Items.Select(i => (JsonNode)Item(i, survey)).ToArray()),
        ["pooled"] = new JsonArray(c.Pooled.Select(p => (JsonNode)Pooled(p)).ToArray()),
        ["weakestItems"] = new JsonArray(c.WeakestItems.Select(w => (JsonNode)new JsonObject
        {
            ["rule"] = w.Rule.Id,
            ["ruleText"] = Text(w.Rule.Description),
            ["scaleId"] = w.ScaleId,
            ["items"] = new JsonArray(w.Items.Select(s => (JsonNode)new JsonObject
            {
                ["itemId"] = s.ItemId,
                ["text"] = ItemText(survey, s.ItemId),
                ["summary"] = Summary(s),
            }).ToArray()),
        }).ToArray()),
    };

    public static JsonObject Trend(Trend t, IReadOnlyList<Round> rounds, Survey survey) => new()
    {
        ["surveyId"] = survey.Id,
        ["title"] = survey.Title,
        ["rounds"] = new JsonArray(t.Rounds.Select(r => (JsonNode)RoundInfo(rounds.First(x => x.Id == r.RoundId), r)).ToArray()),
        ["items"] = new JsonArray(t.Items.Select(i => (JsonNode)new JsonObject
        {
            ["itemId"] = i.ItemId,
            ["scaleId"] = i.ScaleId,
            ["text"] = ItemText(survey, i.ItemId),
            ["points"] = new JsonArray(i.Points.Select(p => (JsonNode)new JsonObject
            {
                ["roundId"] = p.RoundId,
                ["status"] = Camel(p.Status),
                ["message"] = p.Text is null ? null : Text(p.Text),
                ["summary"] = p.Summary is null ? null : Summary(p.Summary),
            }).ToArray()),
        }).ToArray()),
    };

    private static JsonObject RoundInfo(Round round, ResponseRate rate) => new()
    {
        ["roundId"] = round.Id,
        ["label"] = round.Label,
        ["opens"] = round.Opens,
        ["closes"] = round.Closes,
        // Below the minimum group size the count is only "fewer than N", and no rate is shown.
        ["respondents"] = rate.IsSuppressed ? null : rate.Respondents,
        ["respondentsText"] = rate.CountText is null ? null : Text(rate.CountText),
        ["invited"] = rate.Invited,
        ["responseRate"] = rate.IsSuppressed ? null : rate.Rate,
    };

    private static JsonObject Item(ItemComparison i, Survey survey) => new()
    {
        ["itemId"] = i.ItemId,
        ["shortCode"] = survey.FindItem(i.ItemId)?.ShortCode,
        ["scaleId"] = i.ScaleId,
        ["text"] = ItemText(survey, i.ItemId),
        ["status"] = Camel(i.Status),
        ["reason"] = i.Reason is null ? null : Camel(i.Reason.Value),
        ["verdict"] = Verdict(i.Verdict),
        ["change"] = i.Change is null ? null : Change(i.Change),
    };

    private static JsonObject Pooled(PooledComparison p) => new()
    {
        ["scaleId"] = p.ScaleId,
        ["itemIds"] = new JsonArray(p.ItemIds.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
        ["status"] = Camel(p.Status),
        ["verdict"] = Verdict(p.Verdict),
        ["note"] = Text(p.Note),
        ["change"] = p.Change is null ? null : new JsonObject
        {
            ["before"] = Summary(p.Change.Before),
            ["after"] = Summary(p.Change.After),
            ["peopleBefore"] = p.Change.PeopleBefore,
            ["peopleAfter"] = p.Change.PeopleAfter,
            ["cliffsDelta"] = Delta(p.Change.CliffsDelta),
            ["topTwo"] = Difference(p.Change.TopTwo),
            ["bottomTwo"] = Difference(p.Change.BottomTwo),
            ["bands"] = Bands(p.Change.Bands),
            ["meanDifference"] = p.Change.MeanDifference,
        },
    };

    private static JsonObject Change(ItemChange c) => new()
    {
        ["before"] = Summary(c.Before),
        ["after"] = Summary(c.After),
        ["cliffsDelta"] = Delta(c.CliffsDelta),
        ["mannWhitney"] = new JsonObject
        {
            ["u"] = c.MannWhitney.U,
            ["pValue"] = c.MannWhitney.PValue,
            ["adjustedPValue"] = c.AdjustedPValue,
            ["method"] = Camel(c.MannWhitney.Method),
            ["continuityCorrection"] = c.MannWhitney.ContinuityCorrection,
            ["nBefore"] = c.MannWhitney.NBefore,
            ["nAfter"] = c.MannWhitney.NAfter,
        },
        ["topTwo"] = Difference(c.TopTwo),
        ["bottomTwo"] = Difference(c.BottomTwo),
        ["yes"] = Difference(c.Yes),
        ["bands"] = Bands(c.Bands),
        ["meanDifference"] = c.MeanDifference,
    };

    private static JsonObject Delta(CliffsDeltaResult d) => new()
    {
        ["estimate"] = d.Estimate,
        ["interval"] = Interval(d.Interval),
        ["magnitude"] = Camel(d.Magnitude),
        ["afterHigher"] = d.AfterHigher,
        ["afterLower"] = d.AfterLower,
        ["tied"] = d.Tied,
        ["nBefore"] = d.NBefore,
        ["nAfter"] = d.NAfter,
        ["designEffect"] = d.DesignEffect,
    };

    private static JsonObject? Difference(ProportionDifference? d) => d is null ? null : new JsonObject
    {
        ["estimate"] = d.Estimate,
        ["percentagePoints"] = d.PercentagePoints,
        ["interval"] = Interval(d.Interval),
    };

    private static JsonArray Bands(IReadOnlyList<BandChange> bands) =>
        new(bands.Select(b => (JsonNode)new JsonObject
        {
            ["band"] = b.Band.Id,
            ["label"] = Text(b.Band.Label),
            ["change"] = Difference(b.Difference),
        }).ToArray());

    private static JsonObject? Interval(ConfidenceInterval? i) => i is null ? null : new JsonObject
    {
        ["lower"] = i.Lower,
        ["upper"] = i.Upper,
        ["level"] = i.Level,
        ["method"] = i.Method,
        ["includesZero"] = i.IncludesZero,
    };

    /// <summary>One round's figures for an item (or pooled): counts first, then shares from counts.</summary>
    public static JsonObject Summary(CountsSummary s) => new()
    {
        ["n"] = s.N,
        ["nonScale"] = s.NonScaleCount,
        ["scaleId"] = s.ScaleId,
        ["counts"] = new JsonArray(s.Counts.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
        ["distribution"] = new JsonArray(s.Distribution.Select((d, k) => (JsonNode)new JsonObject
        {
            ["position"] = d.Position,
            ["count"] = d.Share.Count,
            ["share"] = d.Share.Value,
            ["percent"] = s.N > 0 ? s.DistributionPercentages[k] : null,
        }).ToArray()),
        ["bandSplit"] = s.BandSplitId,
        ["bands"] = new JsonArray(s.Bands.Select((b, k) => (JsonNode)new JsonObject
        {
            ["band"] = b.Band.Id,
            ["label"] = Text(b.Band.Label),
            ["from"] = b.Band.From,
            ["to"] = b.Band.To,
            ["count"] = b.Share.Count,
            ["share"] = b.Share.Value,
            ["percent"] = s.N > 0 ? s.BandPercentages[k] : null,
        }).ToArray()),
        ["topTwo"] = Share(s.TopTwo),
        ["bottomTwo"] = Share(s.BottomTwo),
        ["yes"] = Share(s.Yes),
        ["mean"] = s.Mean,
        ["standardDeviation"] = s.StandardDeviation,
        ["meanText"] = s.MeanText is null ? null : Text(s.MeanText),
        ["index"] = s.Index is null ? null : new JsonObject { ["definition"] = s.Index.Definition.Id, ["value"] = s.Index.Value },
    };

    private static JsonObject? Share(Proportion? p) => p is not { } v ? null : new JsonObject { ["count"] = v.Count, ["of"] = v.Total, ["share"] = v.Value };

    private static JsonObject Verdict(Verdict v) => new()
    {
        ["kind"] = Camel(v.Kind),
        ["text"] = Text(v.Text),
        ["detail"] = v.Detail is null ? null : Text(v.Detail),
    };

    private static JsonObject ItemText(Survey survey, string itemId) =>
        survey.FindItem(itemId) is { } item
            ? new JsonObject(Language.Supported.Select(l => KeyValuePair.Create(l.Code, (JsonNode?)JsonValue.Create(survey.RenderText(item, l)))))
            : new JsonObject { ["nb"] = itemId };

    public static JsonObject Text(LocalizedText t) =>
        new(Language.Supported.Select(l => KeyValuePair.Create(l.Code, (JsonNode?)JsonValue.Create(t.Get(l)))));

    private static string Camel<T>(T value) where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }
}
