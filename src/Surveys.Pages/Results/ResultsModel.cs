using System.Globalization;
using Surveys.Model;
using Surveys.Pages.Shared;

namespace Surveys.Pages.Results;

/// <summary>
/// The results page: the comparison of two rounds as the API returns it, the trend when there are three or more
/// rounds, the survey for words only (the labels of the scale positions) and its rounds (for the picker).
/// </summary>
public sealed record ResultsModel(ComparisonDocument Comparison, TrendDocument? Trend, Survey? Survey, IReadOnlyList<Round> Rounds);

/// <summary>One chart: the bars of an item (or a pooled scale) before and after, with the words of each position.</summary>
public sealed record ItemBars(string Key, ScaleLayout Layout, IReadOnlyList<string> Labels, IReadOnlyList<BarRow> Rows);

/// <summary>
/// What the results page's components share: the model read in the page's language. Every figure comes from the
/// comparison document: when the document carries no figure (a group below the minimum size), there is none to
/// show, only the document's own message. The survey gives words only.
/// </summary>
public sealed class ResultsView
{
    public ResultsView(ResultsModel model, PageContext page)
    {
        Model = model;
        Page = page;
        F = new ReportFormat(page.English);
        Charts = CollectCharts();
        Domain = BarDomain.Covering(Charts.SelectMany(b => b.Rows.Select(r => (b.Layout, r))));
    }

    public ResultsModel Model { get; }

    public PageContext Page { get; }

    public ComparisonDocument Comparison => Model.Comparison;

    public ReportFormat F { get; }

    public bool English => Page.English;

    public string T(string nb, string en) => Page.T(nb, en);

    /// <summary>The text in the page's language (bokmål when the document has none in it).</summary>
    public string Text(LocalText? text) => text?.In(English) ?? "";

    /// <summary>Every chart on the page (items, then pooled scales), so all share one <see cref="Domain"/>.</summary>
    public IReadOnlyList<ItemBars> Charts { get; }

    /// <summary>How far the bars reach on each side of the centre line, the same for every chart on the page.</summary>
    public BarDomain Domain { get; }

    public ItemBars? ChartFor(string key) => Charts.FirstOrDefault(c => c.Key == key);

    public string BeforeId => Comparison.Before.RoundId;

    public string AfterId => Comparison.After.RoundId;

    public string BeforeLabel => Comparison.Before.Label;

    public string AfterLabel => Comparison.After.Label;

    public double Level => Comparison.ConfidenceLevel;

    public string Dates(RoundFigures round) => F.Dates(round.Opens, round.Closes);

    /// <summary>The respondents, or only "færre enn 5" when the document suppressed them.</summary>
    public string Respondents(RoundFigures round) =>
        round.Respondents is { } n ? n.ToString(CultureInfo.InvariantCulture) : round.RespondentsText is { } text ? Text(text) : "–";

    public string ShortCodeOf(string itemId) =>
        Comparison.Items.FirstOrDefault(i => i.ItemId == itemId)?.ShortCode ?? itemId;

    public Scale? ScaleOf(string itemId, string? scaleId) =>
        Model.Survey?.FindItem(itemId) is { } item && item.Scale.Id == scaleId ? item.Scale : Scales.Find(scaleId ?? "");

    /// <summary>The words at each position: the item's label set, or the scale's default; the position number otherwise.</summary>
    public IReadOnlyList<string> Labels(string? itemId, Scale scale)
    {
        var language = English ? Language.English : Language.Norwegian;
        var set = (itemId is null ? null : Model.Survey?.FindItem(itemId) is { } item && item.Scale == scale ? item.LabelSet : null) ?? scale.DefaultLabelSet;
        return Enumerable.Range(1, scale.Points)
            .Select(p => set is not null && set.Points == scale.Points ? set.Label(p).Get(language) : p.ToString(CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>The once-rounded (largest remainder) share of the top two positions, or of "Ja".</summary>
    public string TopTwoPercent(Summary summary, Scale scale) => BandPercent(summary, scale.Points - 1, scale.Points) ?? ShareText(summary.TopTwo);

    public string BottomTwoPercent(Summary summary) => BandPercent(summary, 1, 2) ?? ShareText(summary.BottomTwo);

    public string YesPercent(Summary summary) =>
        summary.Distribution.FirstOrDefault(d => d.Position == Scale.YesCode)?.Percent is { } p ? F.Percent(p) : ShareText(summary.Yes);

    /// <summary>The once-rounded (largest remainder) percent of the band covering exactly <paramref name="from"/>–<paramref name="to"/>.</summary>
    private string? BandPercent(Summary summary, int from, int to) =>
        summary.Bands.FirstOrDefault(b => b.From == from && b.To == to)?.Percent is { } percent ? F.Percent(percent) : null;

    private string ShareText(ShareDocument? share) => share is { } s ? F.PercentOf(s.Share) : "–";

    public string IntervalPoints(Difference difference) =>
        difference.Interval is { } i ? F.PointsInterval(i.Lower, i.Upper) : "–";

    public string DeltaInterval(CliffsDeltaDocument delta) =>
        delta.Interval is { } i ? F.Interval(i.Lower, i.Upper, 2) : "–";

    public string Magnitude(CliffsDeltaDocument delta) =>
        Enum.TryParse<EffectMagnitude>(delta.Magnitude, ignoreCase: true, out var m)
            ? EffectMagnitudes.Name(m).Get(English ? Language.English : Language.Norwegian) : "";

    public string MethodName(string? method) => method switch
    {
        "exact" => T("eksakt", "exact"),
        "normalApproximation" => T("normaltilnærming", "normal approx."),
        _ => "",
    };

    /// <summary>What the verdict's detail adds beyond the estimate already shown: the model joins such a
    /// clause with "; " (for example that the change is not clear once many questions are compared).</summary>
    public string? ExtraClause(VerdictDocument? verdict) =>
        Text(verdict?.Detail) is { Length: > 0 } detail && detail.IndexOf("; ", StringComparison.Ordinal) is var at and >= 0 ? detail[(at + 2)..] : null;

    /// <summary>A capital first letter and a full stop.</summary>
    public static string Sentence(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..] + (text.EndsWith('.') ? "" : ".");

    /// <summary>The chart's text alternative: every round's answers in scale order.</summary>
    public string ChartTitle(string name, ItemBars chart) =>
        T($"{name}: svarfordeling. ", $"{name}: answers. ")
        + string.Concat(chart.Rows.Select(row => $"{row.Label} ({row.SubLabel}): {string.Join(", ", row.Segments.Select(s => $"{s.Label} {F.Percent(s.Percent)}"))}. ")).TrimEnd();

    private List<ItemBars> CollectCharts()
    {
        var list = new List<ItemBars>();
        foreach (var item in Comparison.Items)
        {
            if (item.Status != "compared" || item.Change is not { } change) continue;
            if (ScaleOf(item.ItemId, item.ScaleId) is not { } scale) continue;
            var labels = Labels(item.ItemId, scale);
            list.Add(new ItemBars("item:" + item.ItemId, ScaleLayout.For(scale), labels, [Row(BeforeLabel, change.Before, labels), Row(AfterLabel, change.After, labels)]));
        }
        foreach (var pooled in Comparison.Pooled)
        {
            if (pooled.Status != "compared" || pooled.Change is not { } change) continue;
            if (Scales.Find(pooled.ScaleId) is not { } scale) continue;
            var labels = Labels(null, scale);
            list.Add(new ItemBars("pooled:" + scale.Id, ScaleLayout.For(scale), labels,
                [Row(BeforeLabel, change.Before, labels, change.PeopleBefore), Row(AfterLabel, change.After, labels, change.PeopleAfter)]));
        }
        return list;
    }

    private BarRow Row(string label, Summary summary, IReadOnlyList<string> labels, int? people = null)
    {
        var segments = summary.Distribution.Select(d => new BarSegment(d.Position,
            d.Position >= 1 && d.Position <= labels.Count ? labels[d.Position - 1] : d.Position.ToString(CultureInfo.InvariantCulture),
            d.Count, d.Share, d.Percent ?? 0)).ToList();
        var sub = people is { } p ? T($"{summary.N} svar, {p} personer", $"{summary.N} answers, {p} people") : $"n = {summary.N}";
        return new BarRow(label, sub, segments);
    }
}
