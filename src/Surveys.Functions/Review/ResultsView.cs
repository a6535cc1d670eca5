using System.Text;
using System.Text.Json.Nodes;
using Surveys.Model;
using static Surveys.Functions.Pages.HtmlPage;

namespace Surveys.Functions.Review;

/// <summary>
/// The body of the results page, built from the comparison JSON (and the trend JSON when there are three or
/// more rounds) exactly as the API returns it. Every figure on the page is read from that JSON: when the JSON
/// carries no figure (a group below the minimum size), the page has none to show, only the JSON's own
/// message. The survey is used for words only: the labels of the scale positions and the rounds to pick from.
/// </summary>
public sealed class ResultsView(JsonObject comparison, JsonObject? trend, Survey? survey, IReadOnlyList<Round> rounds, ReportFormat f)
{
    private readonly string _surveyId = Str(comparison["surveyId"]) ?? "";
    private readonly string _lang = f.English ? "en" : "nb";

    public string Title => Str(comparison["title"]) ?? "";

    public string Render()
    {
        var html = new StringBuilder();
        var bars = CollectBars();
        var domain = BarDomain.Covering(bars.SelectMany(b => b.Rows.Select(r => (b.Layout, r))));

        html.Append(DivergingBars.PatternDefinitions());
        Navigation(html);
        Header(html);
        Caveats(html);
        Items(html, bars, domain);
        Changes(html);
        Pooled(html, bars, domain);
        Weakest(html);
        Trend(html);
        Methods(html);
        return html.ToString();
    }

    // ---------------------------------------------------------------- header

    private void Navigation(StringBuilder html)
    {
        var query = $"?before={Uri.EscapeDataString(BeforeId)}&after={Uri.EscapeDataString(AfterId)}";
        html.Append("<nav class=\"noprint\"><a href=\"/leder").Append(f.English ? "?lang=en" : "").Append("\">← ")
            .Append(f.T("Dine undersøkelser", "Your surveys")).Append("</a> · <a href=\"/surveys/").Append(E(_surveyId)).Append("/results")
            .Append(E(query)).Append(f.English ? "" : E("&lang=en")).Append("\" lang=\"").Append(f.English ? "nb" : "en").Append("\">")
            .Append(f.T("In English", "På norsk")).Append("</a>")
            .Append(" <button type=\"button\" id=\"print\" class=\"secondary\" hidden>").Append(f.T("Skriv ut", "Print")).Append("</button></nav>");
    }

    private string BeforeId => Str(comparison["before"]?["roundId"]) ?? "";

    private string AfterId => Str(comparison["after"]?["roundId"]) ?? "";

    private string BeforeLabel => Str(comparison["before"]?["label"]) ?? BeforeId;

    private string AfterLabel => Str(comparison["after"]?["label"]) ?? AfterId;

    private void Header(StringBuilder html)
    {
        var before = comparison["before"]!;
        var after = comparison["after"]!;
        html.Append("<header class=\"report-head\"><p class=\"kicker\">").Append(f.T("Resultater før og etter", "Before and after results")).Append("</p>")
            .Append("<h1>").Append(E(Title)).Append("</h1>")
            .Append("<p class=\"lead\">").Append(f.T("Sammenligner", "Comparing")).Append(" <strong>").Append(E(BeforeLabel)).Append("</strong>")
            .Append(RoundDates(before)).Append(' ').Append(f.T("med", "with")).Append(" <strong>").Append(E(AfterLabel)).Append("</strong>")
            .Append(RoundDates(after)).Append(".</p>");

        // The round picker: a plain GET form, so it works without script.
        html.Append("<form class=\"picker noprint\" method=\"get\" action=\"/surveys/").Append(E(_surveyId)).Append("/results\">")
            .Append(Select("before", f.T("Før", "Before"), BeforeId))
            .Append(Select("after", f.T("Etter", "After"), AfterId));
        if (f.English) html.Append("<input type=\"hidden\" name=\"lang\" value=\"en\">");
        html.Append("<button type=\"submit\">").Append(f.T("Vis", "Show")).Append("</button></form>");

        html.Append("<table class=\"respondents\"><caption>").Append(f.T("Hvem svarte", "Who answered")).Append("</caption><thead><tr><th scope=\"col\">")
            .Append(f.T("Runde", "Round")).Append("</th><th scope=\"col\">").Append(f.T("Periode", "Period")).Append("</th><th scope=\"col\" class=\"num\">")
            .Append(f.T("Svarte", "Answered")).Append("</th><th scope=\"col\" class=\"num\">").Append(f.T("Invitert", "Invited"))
            .Append("</th><th scope=\"col\" class=\"num\">").Append(f.T("Svarprosent", "Response rate")).Append("</th></tr></thead><tbody>");
        foreach (var (round, role) in new[] { (before, f.T("før", "before")), (after, f.T("etter", "after")) })
        {
            html.Append("<tr data-round=\"").Append(E(Str(round["roundId"]))).Append("\"><th scope=\"row\">").Append(E(Str(round["label"])))
                .Append(" <span class=\"muted\">(").Append(role).Append(")</span></th><td class=\"nowrap\">").Append(E(Dates(round))).Append("</td><td class=\"num\">")
                .Append(Respondents(round)).Append("</td><td class=\"num\">").Append(Int(round["invited"])?.ToString() ?? "–")
                .Append("</td><td class=\"num\">").Append(Dbl(round["responseRate"]) is { } rate ? f.PercentOf(rate) : "–").Append("</td></tr>");
        }
        html.Append("</tbody></table></header>");
    }

    private string Select(string name, string label, string selected)
    {
        var html = new StringBuilder("<label>").Append(label).Append(" <select name=\"").Append(name).Append("\">");
        foreach (var r in rounds)
        {
            html.Append("<option value=\"").Append(E(r.Id)).Append('"').Append(r.Id == selected ? " selected" : "").Append('>')
                .Append(E(r.Label));
            if (f.Dates(r.Opens, r.Closes) is { Length: > 0 } dates) html.Append(" (").Append(E(dates)).Append(')');
            html.Append("</option>");
        }
        return html.Append("</select></label>").ToString();
    }

    private string Dates(JsonNode round) => f.Dates(DateOf(round["opens"]), DateOf(round["closes"]));

    private string RoundDates(JsonNode round) => Dates(round) is { Length: > 0 } d ? $" ({E(d)})" : "";

    /// <summary>The respondents, or only "færre enn 5" when the JSON suppressed them.</summary>
    private string Respondents(JsonNode round) =>
        Int(round["respondents"]) is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Text(round["respondentsText"]) is { } text ? E(text) : "–";

    private void Caveats(StringBuilder html)
    {
        var level = Dbl(comparison["confidenceLevel"]) ?? 0.95;
        html.Append("<section class=\"caveats\" aria-labelledby=\"caveats-h\"><h2 id=\"caveats-h\">").Append(f.T("Les dette først", "Read this first")).Append("</h2><ul>");
        foreach (var note in comparison["notes"]?.AsArray() ?? [])
        {
            var text = Text(note) ?? "";
            var isCohort = Str(note?["nb"]) == ComparisonTexts.CohortCaveat.Norwegian;
            html.Append("<li>").Append(E(Sentence(text)));
            if (isCohort)
                html.Append(' ').Append(f.T("Det kan være andre personer som svarte i de to rundene, så tallene sier noe om gruppen, ikke om hvordan hver enkelt har endret seg.",
                    "Different people may have answered in the two rounds, so the figures describe the group, not how each person changed."));
            html.Append("</li>");
        }
        var minimum = Int(comparison["minimumGroupSize"]) ?? ComparisonOptions.DefaultMinimumGroupSize;
        var verdictMinimum = Int(comparison["verdictMinimum"]) ?? ComparisonOptions.DefaultVerdictMinimum;
        html.Append("<li>").Append(f.T(
                $"Tall vises bare når minst {minimum} har svart på spørsmålet i begge rundene. Ellers står det «{Verdict.TooFewToShowText.Norwegian}».",
                $"Figures are shown only when at least {minimum} answered the question in both rounds. Otherwise it says '{Verdict.TooFewToShowText.Get(Language.English)}'."))
            .Append("</li><li>").Append(f.T(
                $"Vi sier om noe har økt eller gått ned bare når begge rundene har minst {verdictMinimum} svar. Med færre svar vises tallene uten vurdering.",
                $"We say whether something increased or decreased only when both rounds have at least {verdictMinimum} answers. With fewer, the figures are shown without a verdict."))
            .Append("</li><li>").Append(f.T(
                $"Usikkerheten er vist som {f.PercentOf(level)} konfidensintervall (KI): området der den sanne endringen trolig ligger. Går intervallet fra minus til pluss, kan vi ikke si om det ble bedre eller dårligere.",
                $"Uncertainty is shown as a {f.PercentOf(level)} confidence interval (CI): the range where the true change probably lies. If it runs from minus to plus, we cannot tell whether things got better or worse."))
            .Append("</li>");
        if (Str(comparison["adjustment"]) is { } adjustment)
            html.Append("<li>").Append(f.T(
                $"Mange spørsmål er sammenlignet samtidig, så p-verdiene er justert med Benjamini–Hochberg ({E(adjustment)}) for at tilfeldige forskjeller ikke skal se ut som endring.",
                $"Many questions are compared at once, so the p-values are adjusted with Benjamini–Hochberg ({E(adjustment)}) so that chance differences do not look like change.")).Append("</li>");
        html.Append("</ul></section>");
    }

    // ---------------------------------------------------------------- items

    private sealed record ItemBars(string Key, ScaleLayout Layout, IReadOnlyList<string> Labels, IReadOnlyList<BarRow> Rows);

    /// <summary>The bars of every compared item and every pooled scale, so all share one domain.</summary>
    private List<ItemBars> CollectBars()
    {
        var list = new List<ItemBars>();
        foreach (var item in Array(comparison["items"]))
        {
            if (Str(item["status"]) != "compared" || item["change"] is not { } change) continue;
            var itemId = Str(item["itemId"])!;
            var scale = ScaleOf(itemId, Str(item["scaleId"]));
            if (scale is null) continue;
            var labels = Labels(itemId, scale);
            list.Add(new ItemBars("item:" + itemId, ScaleLayout.For(scale), labels, [Row(BeforeLabel, change["before"]!, labels), Row(AfterLabel, change["after"]!, labels)]));
        }
        foreach (var pooled in Array(comparison["pooled"]))
        {
            if (Str(pooled["status"]) != "compared" || pooled["change"] is not { } change) continue;
            var scale = Scales.Find(Str(pooled["scaleId"]) ?? "");
            if (scale is null) continue;
            var labels = Labels(null, scale);
            list.Add(new ItemBars("pooled:" + scale.Id, ScaleLayout.For(scale), labels,
                [Row(BeforeLabel, change["before"]!, labels, Int(change["peopleBefore"])), Row(AfterLabel, change["after"]!, labels, Int(change["peopleAfter"]))]));
        }
        return list;
    }

    private BarRow Row(string label, JsonNode summary, IReadOnlyList<string> labels, int? people = null)
    {
        var n = Int(summary["n"]) ?? 0;
        var segments = Array(summary["distribution"]).Select(d =>
        {
            var position = Int(d["position"]) ?? 0;
            return new BarSegment(position, position >= 1 && position <= labels.Count ? labels[position - 1] : position.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Int(d["count"]) ?? 0, Dbl(d["share"]) ?? 0, Int(d["percent"]) ?? 0);
        }).ToList();
        var sub = people is { } p ? f.T($"{n} svar, {p} personer", $"{n} answers, {p} people") : $"n = {n}";
        return new BarRow(label, sub, segments);
    }

    private Scale? ScaleOf(string itemId, string? scaleId) =>
        survey?.FindItem(itemId) is { } item && item.Scale.Id == scaleId ? item.Scale : Scales.Find(scaleId ?? "");

    /// <summary>The words at each position: the item's label set, or the scale's default; the position number otherwise.</summary>
    private List<string> Labels(string? itemId, Scale scale)
    {
        var language = f.English ? Language.English : Language.Norwegian;
        var set = (itemId is null ? null : survey?.FindItem(itemId) is { } item && item.Scale == scale ? item.LabelSet : null) ?? scale.DefaultLabelSet;
        return Enumerable.Range(1, scale.Points)
            .Select(p => set is not null && set.Points == scale.Points ? set.Label(p).Get(language) : p.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }

    private void Items(StringBuilder html, List<ItemBars> bars, BarDomain domain)
    {
        html.Append("<section class=\"items\" aria-labelledby=\"items-h\"><h2 id=\"items-h\">").Append(f.T("Svarene per spørsmål", "Answers per question")).Append("</h2>")
            .Append("<p class=\"howto\">").Append(f.T(
                "Hver stolpe viser hvordan svarene i én runde fordeler seg. Lave svar ligger til venstre for den svarte midtlinjen og høye svar til høyre, så en stolpe som flytter seg mot høyre betyr bedre svar. Tallene i stolpene er prosent av dem som svarte på spørsmålet; mønstrene skiller svarene også uten farger.",
                "Each bar shows how one round's answers are spread. Low answers lie left of the black centre line and high answers right of it, so a bar that moves right means better answers. The numbers in the bars are percent of those who answered the question; the patterns tell the answers apart without colour."))
            .Append("</p>");
        foreach (var item in Array(comparison["items"]))
        {
            var itemId = Str(item["itemId"]) ?? "";
            var status = Str(item["status"]);
            html.Append("<article class=\"item\" id=\"item-").Append(E(itemId)).Append("\" data-item=\"").Append(E(itemId)).Append("\" data-status=\"").Append(E(status)).Append("\">")
                .Append("<h3>").Append(ItemHeading(item)).Append("</h3>");
            var chart = bars.FirstOrDefault(b => b.Key == "item:" + itemId);
            if (status == "compared" && item["change"] is { } change && chart is not null)
            {
                html.Append(Figure("chart-" + itemId, ShortCode(item) ?? itemId, chart, domain));
                html.Append("<p class=\"estimate\">").Append(Estimate(change, chart.Layout.Scale)).Append("</p>");
                html.Append(VerdictLine(item["verdict"]));
            }
            else
            {
                // Suppressed or not comparable: the JSON holds only its message, and so does the page.
                html.Append("<p class=\"message\">").Append(E(Text(item["verdict"]?["text"])));
                if (Text(item["verdict"]?["detail"]) is { } detail) html.Append(": ").Append(E(detail));
                html.Append("</p>");
            }
            html.Append("</article>");
        }
        html.Append("</section>");
    }

    private string ItemHeading(JsonNode item)
    {
        var code = ShortCode(item);
        return (code is null ? "" : $"<span class=\"code\">{E(code)}</span> ") + E(Text(item["text"]) ?? Str(item["itemId"]));
    }

    private static string? ShortCode(JsonNode item) => Str(item["shortCode"]);

    /// <summary>The chart, its legend in scale order, what the centre line means, and a table of counts for screen readers.</summary>
    private string Figure(string id, string name, ItemBars chart, BarDomain domain)
    {
        var title = new StringBuilder(f.T($"{name}: svarfordeling. ", $"{name}: answers. "));
        foreach (var row in chart.Rows)
            title.Append(row.Label).Append(" (").Append(row.SubLabel).Append("): ")
                .Append(string.Join(", ", row.Segments.Select(s => $"{s.Label} {f.Percent(s.Percent)}"))).Append(". ");
        var html = new StringBuilder("<figure class=\"chart\">")
            .Append(DivergingBars.Chart(id, title.ToString().TrimEnd(), chart.Layout, chart.Rows, domain, f))
            .Append("<figcaption>").Append(DivergingBars.Legend(chart.Layout, chart.Labels, f));
        if (!chart.Layout.Scale.IsRankable || chart.Layout.Middle is null)
            html.Append("<p class=\"split\">").Append(E(chart.Layout.SplitText(f, chart.Labels))).Append("</p>");
        html.Append("</figcaption></figure>");

        // The same figures as a table (counts and percent), for screen readers.
        html.Append("<table class=\"visually-hidden\"><caption>").Append(E(f.T($"{name}: antall svar per svaralternativ", $"{name}: answers per option"))).Append("</caption><thead><tr><th scope=\"col\">")
            .Append(f.T("Svar", "Answer")).Append("</th>");
        foreach (var row in chart.Rows)
            html.Append("<th scope=\"col\">").Append(E(row.Label)).Append(' ').Append(f.T("antall", "count")).Append("</th><th scope=\"col\">").Append(E(row.Label)).Append(" %</th>");
        html.Append("</tr></thead><tbody>");
        for (var p = 1; p <= chart.Labels.Count; p++)
        {
            html.Append("<tr><th scope=\"row\">").Append(p).Append(' ').Append(E(chart.Labels[p - 1])).Append("</th>");
            foreach (var row in chart.Rows)
            {
                var s = row.Segments.FirstOrDefault(x => x.Position == p);
                html.Append("<td>").Append(s?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–").Append("</td><td>")
                    .Append(s is null ? "–" : f.Percent(s.Percent)).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The estimate and its interval first: top-two (or "Ja") share before → after with the change in
    /// percentage points, then Cliff's delta, then the mean as a secondary figure.</summary>
    private string Estimate(JsonNode change, Scale scale)
    {
        var parts = new List<string>();
        var level = Dbl(change["cliffsDelta"]?["interval"]?["level"]) ?? 0.95;
        if (scale.IsRankable && change["topTwo"] is { } topTwo)
        {
            parts.Add($"{f.T("Andel av de to beste svarene", "Share of the top two answers")} {TopTwoPercent(change["before"]!, scale)} → {TopTwoPercent(change["after"]!, scale)}, "
                + $"<strong>{f.PercentagePoints(Dbl(topTwo["percentagePoints"]) ?? 0)}</strong> ({f.IntervalLabel(level)} {IntervalPoints(topTwo)})");
        }
        else if (change["yes"] is { } yes)
        {
            parts.Add($"{f.T("Andel ja", "Share yes")} {YesPercent(change["before"]!)} → {YesPercent(change["after"]!)}, "
                + $"<strong>{f.PercentagePoints(Dbl(yes["percentagePoints"]) ?? 0)}</strong> ({f.IntervalLabel(level)} {IntervalPoints(yes)})");
        }
        if (change["cliffsDelta"] is { } delta && scale.IsRankable)
            parts.Add($"{f.T("Cliffs δ", "Cliff's δ")} <strong>{f.Decimal(Dbl(delta["estimate"]) ?? 0, 2)}</strong> ({f.IntervalLabel(level)} {DeltaInterval(delta)}), {Magnitude(delta)}");
        if (Text(change["before"]?["meanText"]) is { } mb && Text(change["after"]?["meanText"]) is { } ma)
            parts.Add($"{f.T("snitt", "mean")} {E(mb)} → {E(ma)}");
        return string.Join(" · ", parts);
    }

    private string VerdictLine(JsonNode? verdict)
    {
        var html = new StringBuilder("<p class=\"verdict\" data-kind=\"").Append(E(Str(verdict?["kind"]))).Append("\"><span class=\"label\">")
            .Append(f.T("Vurdering:", "Verdict:")).Append("</span> <strong>").Append(E(Text(verdict?["text"]))).Append("</strong>");
        if (ExtraClause(verdict) is { } extra) html.Append(" (").Append(E(extra)).Append(')');
        return html.Append("</p>").ToString();
    }

    /// <summary>What the verdict's detail adds beyond the estimate already shown: the model joins such a
    /// clause with "; " (for example that the change is not clear once many questions are compared).</summary>
    private string? ExtraClause(JsonNode? verdict) =>
        Text(verdict?["detail"]) is { } detail && detail.IndexOf("; ", StringComparison.Ordinal) is var at and >= 0 ? detail[(at + 2)..] : null;

    private string TopTwoPercent(JsonNode summary, Scale scale) => BandPercent(summary, scale.Points - 1, scale.Points) ?? ShareText(summary["topTwo"]);

    private string BottomTwoPercent(JsonNode summary) => BandPercent(summary, 1, 2) ?? ShareText(summary["bottomTwo"]);

    /// <summary>The once-rounded (largest remainder) percent of the band covering exactly <paramref name="from"/>–<paramref name="to"/>.</summary>
    private string? BandPercent(JsonNode summary, int from, int to) =>
        Array(summary["bands"]).FirstOrDefault(b => Int(b["from"]) == from && Int(b["to"]) == to) is { } band && Int(band["percent"]) is { } percent
            ? f.Percent(percent) : null;

    private string ShareText(JsonNode? share) => Dbl(share?["share"]) is { } s ? f.PercentOf(s) : "–";

    private string YesPercent(JsonNode summary) =>
        Array(summary["distribution"]).FirstOrDefault(d => Int(d["position"]) == Scale.YesCode) is { } d && Int(d["percent"]) is { } p ? f.Percent(p) : ShareText(summary["yes"]);

    private string IntervalPoints(JsonNode difference) =>
        difference["interval"] is { } i ? f.PointsInterval(Dbl(i["lower"]) ?? 0, Dbl(i["upper"]) ?? 0) : "–";

    private string DeltaInterval(JsonNode delta) =>
        delta["interval"] is { } i ? f.Interval(Dbl(i["lower"]) ?? 0, Dbl(i["upper"]) ?? 0, 2) : "–";

    private string Magnitude(JsonNode delta) =>
        Enum.TryParse<EffectMagnitude>(Str(delta["magnitude"]), ignoreCase: true, out var m)
            ? EffectMagnitudes.Name(m).Get(f.English ? Language.English : Language.Norwegian) : "";

    // ---------------------------------------------------------------- table of changes

    private void Changes(StringBuilder html)
    {
        var level = Dbl(comparison["confidenceLevel"]) ?? 0.95;
        var adjustment = Str(comparison["adjustment"]);
        html.Append("<section class=\"changes\" aria-labelledby=\"changes-h\"><h2 id=\"changes-h\">").Append(f.T("Endringer per spørsmål", "Changes per question")).Append("</h2>")
            .Append("<p class=\"abbr\">").Append(f.T(
                $"pp = prosentpoeng (forskjellen mellom to prosenter). KI = {f.PercentOf(level)} konfidensintervall. Cliffs δ går fra -1 til 1: over 0 betyr at svarene i {E(AfterLabel)} oftere var høyere enn i {E(BeforeLabel)}. p er fra Mann–Whitney-testen{(adjustment is null ? "" : $", justert fordi mange spørsmål sammenlignes samtidig ({E(adjustment)})")}. Snittet er på svarskalaen (sd = standardavvik) og er bare et tilleggstall.",
                $"pp = percentage points (the difference between two percentages). CI = {f.PercentOf(level)} confidence interval. Cliff's δ runs from -1 to 1: above 0 means answers in {E(AfterLabel)} were more often higher than in {E(BeforeLabel)}. p is from the Mann–Whitney test{(adjustment is null ? "" : $", adjusted because many questions are compared at once ({E(adjustment)})")}. The mean is on the answer scale (SD = standard deviation) and is a secondary figure only."))
            .Append("</p><div class=\"scroll\"><table class=\"change-table\"><thead><tr><th scope=\"col\">").Append(f.T("Spørsmål", "Question"))
            .Append("</th><th scope=\"col\" class=\"num\">n<br><span class=\"sub\">").Append(f.T("før / etter", "before / after"))
            .Append("</span></th><th scope=\"col\" class=\"num\">").Append(f.T("De to beste", "Top two")).Append("<br><span class=\"sub\">").Append(f.T("før → etter", "before → after"))
            .Append("</span></th><th scope=\"col\" class=\"num\">").Append(f.T("Endring", "Change")).Append("<br><span class=\"sub\">pp (").Append(f.IntervalLabel(level))
            .Append(")</span></th><th scope=\"col\" class=\"num\">").Append(f.T("Cliffs δ", "Cliff's δ")).Append("<br><span class=\"sub\">(").Append(f.IntervalLabel(level))
            .Append(")</span></th><th scope=\"col\" class=\"num\">p<br><span class=\"sub\">")
            .Append(adjustment is null ? f.T("ujustert", "unadjusted") : f.T($"justert ({E(adjustment)})", $"adjusted ({E(adjustment)})"))
            .Append("</span></th><th scope=\"col\" class=\"num\">").Append(f.T("Snitt", "Mean")).Append("<br><span class=\"sub\">").Append(f.T("før → etter", "before → after"))
            .Append("</span></th><th scope=\"col\">").Append(f.T("Vurdering", "Verdict")).Append("</th></tr></thead><tbody>");
        foreach (var item in Array(comparison["items"]))
        {
            var itemId = Str(item["itemId"]) ?? "";
            html.Append("<tr data-item=\"").Append(E(itemId)).Append("\"><th scope=\"row\">").Append(ItemHeading(item)).Append("</th>");
            if (Str(item["status"]) == "compared" && item["change"] is { } change && ScaleOf(itemId, Str(item["scaleId"])) is { } scale)
            {
                var before = change["before"]!;
                var after = change["after"]!;
                var mw = change["mannWhitney"];
                html.Append("<td class=\"num\">").Append(Int(before["n"])).Append(" / ").Append(Int(after["n"])).Append("</td>");
                if (scale.IsRankable && change["topTwo"] is { } topTwo)
                {
                    html.Append("<td class=\"num\">").Append(TopTwoPercent(before, scale)).Append(" → ").Append(TopTwoPercent(after, scale)).Append("</td>")
                        .Append("<td class=\"num\">").Append(f.PercentagePoints(Dbl(topTwo["percentagePoints"]) ?? 0)).Append("<br><span class=\"sub\">(").Append(IntervalPoints(topTwo)).Append(")</span></td>");
                }
                else if (change["yes"] is { } yes)
                {
                    html.Append("<td class=\"num\">").Append(f.T("ja ", "yes ")).Append(YesPercent(before)).Append(" → ").Append(YesPercent(after)).Append("</td>")
                        .Append("<td class=\"num\">").Append(f.PercentagePoints(Dbl(yes["percentagePoints"]) ?? 0)).Append("<br><span class=\"sub\">(").Append(IntervalPoints(yes)).Append(")</span></td>");
                }
                else html.Append("<td class=\"num\">–</td><td class=\"num\">–</td>");
                var delta = change["cliffsDelta"];
                html.Append("<td class=\"num\">").Append(delta is null ? "–" : $"{f.Decimal(Dbl(delta["estimate"]) ?? 0, 2)}<br><span class=\"sub\">({DeltaInterval(delta)})<br>{Magnitude(delta)}</span>").Append("</td>");
                var p = Dbl(mw?["adjustedPValue"]) ?? Dbl(mw?["pValue"]);
                html.Append("<td class=\"num\">").Append(p is { } pv ? f.PValue(pv) : "–").Append("<br><span class=\"sub\">").Append(MethodName(Str(mw?["method"]))).Append("</span></td>");
                html.Append("<td class=\"num\">").Append(MeanCell(before, after)).Append("</td>");
                html.Append("<td>").Append(E(Text(item["verdict"]?["text"])));
                if (ExtraClause(item["verdict"]) is { } extra) html.Append("<br><span class=\"sub\">").Append(E(extra)).Append("</span>");
                html.Append("</td>");
            }
            else
            {
                html.Append("<td colspan=\"7\" class=\"message\">").Append(E(Text(item["verdict"]?["text"])));
                if (Text(item["verdict"]?["detail"]) is { } detail) html.Append(": ").Append(E(detail));
                html.Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div></section>");
    }

    /// <summary>"3,4 av 5 → 3,6 av 5" over "sd 1,1 → 0,9": the JSON's mean texts with the standard deviations (N − 1).</summary>
    private string MeanCell(JsonNode before, JsonNode after)
    {
        if (Text(before["meanText"]) is not { } mb || Text(after["meanText"]) is not { } ma) return "–";
        var cell = $"{E(mb)} → {E(ma)}";
        return Dbl(before["standardDeviation"]) is { } sb && Dbl(after["standardDeviation"]) is { } sa
            ? $"{cell}<br><span class=\"sub\">{f.T("sd", "SD")} {f.Decimal(sb, 1)} → {f.Decimal(sa, 1)}</span>"
            : cell;
    }

    private string MethodName(string? method) => method switch
    {
        "exact" => f.T("eksakt", "exact"),
        "normalApproximation" => f.T("normaltilnærming", "normal approx."),
        _ => "",
    };

    // ---------------------------------------------------------------- pooled

    private void Pooled(StringBuilder html, List<ItemBars> bars, BarDomain domain)
    {
        var pooled = Array(comparison["pooled"]).ToList();
        if (pooled.Count == 0) return;
        html.Append("<section class=\"pooled\" aria-labelledby=\"pooled-h\"><h2 id=\"pooled-h\">").Append(f.T("Alle spørsmål samlet", "All questions together")).Append("</h2>");
        foreach (var p in pooled)
        {
            var scaleId = Str(p["scaleId"]) ?? "";
            html.Append("<article class=\"item pooled-scale\" data-scale=\"").Append(E(scaleId)).Append("\"><h3>")
                .Append(f.T("Samlet over spørsmålene", "Pooled over the questions")).Append(' ')
                .Append(string.Join(", ", Array(p["itemIds"]).Select(id => E(ShortCodeOf(Str(id) ?? ""))))).Append(" <span class=\"muted\">(").Append(E(scaleId)).Append(")</span></h3>");
            var chart = bars.FirstOrDefault(b => b.Key == "pooled:" + scaleId);
            if (Str(p["status"]) == "compared" && p["change"] is { } change && chart is not null)
            {
                html.Append(Figure("chart-pooled-" + scaleId, f.T("Alle spørsmål", "All questions"), chart, domain))
                    .Append("<p class=\"estimate\">").Append(Estimate(change, chart.Layout.Scale)).Append("</p>")
                    .Append(BandTable(change))
                    .Append(VerdictLine(p["verdict"]));
            }
            else
            {
                html.Append("<p class=\"message\">").Append(E(Text(p["verdict"]?["text"]))).Append("</p>");
            }
            html.Append("<p class=\"pooled-note\">").Append(E(Sentence(Text(p["note"]) ?? ""))).Append("</p></article>");
        }
        html.Append("</section>");
    }

    /// <summary>The three-band view (the headline for participant surveys) before and after, with the change in pp.</summary>
    private string BandTable(JsonNode change)
    {
        var bands = Array(change["bands"]).ToList();
        if (bands.Count == 0) return "";
        var level = Dbl(comparison["confidenceLevel"]) ?? 0.95;
        var html = new StringBuilder("<table class=\"bands\"><caption>").Append(f.T("Tre grupper", "Three groups"))
            .Append(Str(change["before"]?["bandSplit"]) is { } split ? $" ({E(split)})" : "").Append("</caption><thead><tr><th scope=\"col\">")
            .Append(f.T("Gruppe", "Group")).Append("</th><th scope=\"col\" class=\"num\">").Append(E(BeforeLabel)).Append("</th><th scope=\"col\" class=\"num\">")
            .Append(E(AfterLabel)).Append("</th><th scope=\"col\" class=\"num\">").Append(f.T("Endring", "Change")).Append(" (").Append(f.IntervalLabel(level)).Append(")</th></tr></thead><tbody>");
        var beforeBands = Array(change["before"]?["bands"]).ToList();
        var afterBands = Array(change["after"]?["bands"]).ToList();
        foreach (var band in bands)
        {
            var id = Str(band["band"]);
            var b = beforeBands.FirstOrDefault(x => Str(x["band"]) == id);
            var a = afterBands.FirstOrDefault(x => Str(x["band"]) == id);
            html.Append("<tr><th scope=\"row\">").Append(E(Sentence(Text(band["label"]) ?? "").TrimEnd('.')));
            if (b is not null) html.Append(" <span class=\"muted nowrap\">(").Append(Int(b["from"]) == Int(b["to"]) ? $"{Int(b["from"])}" : $"{Int(b["from"])}–{Int(b["to"])}").Append(")</span>");
            html.Append("</th><td class=\"num\">").Append(Int(b?["percent"]) is { } pb ? f.Percent(pb) : "–").Append("</td><td class=\"num\">")
                .Append(Int(a?["percent"]) is { } pa ? f.Percent(pa) : "–").Append("</td><td class=\"num\">");
            if (band["change"] is { } c) html.Append(f.PercentagePoints(Dbl(c["percentagePoints"]) ?? 0)).Append(" <span class=\"sub\">(").Append(IntervalPoints(c)).Append(")</span>");
            html.Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private string ShortCodeOf(string itemId) =>
        Array(comparison["items"]).FirstOrDefault(i => Str(i["itemId"]) == itemId) is { } item && ShortCode(item) is { } code ? code : itemId;

    // ---------------------------------------------------------------- weakest items

    private void Weakest(StringBuilder html)
    {
        var lists = Array(comparison["weakestItems"]).ToList();
        html.Append("<section class=\"weakest\" aria-labelledby=\"weakest-h\"><h2 id=\"weakest-h\">")
            .Append(f.T($"Svakeste spørsmål i {E(AfterLabel)}", $"Weakest questions in {E(AfterLabel)}")).Append("</h2>");
        if (lists.All(l => Array(l["items"]).Any() is false))
        {
            html.Append("<p class=\"message\">").Append(f.T(
                "Ingen spørsmål har nok svar i denne runden til å bli rangert.", "No question has enough answers in this round to be ranked.")).Append("</p></section>");
            return;
        }
        foreach (var list in lists)
        {
            var items = Array(list["items"]).ToList();
            if (items.Count == 0) continue;
            if (lists.Count > 1) html.Append("<h3>").Append(E(Str(list["scaleId"]))).Append("</h3>");
            html.Append("<p class=\"rule\"><strong>").Append(f.T("Rangering", "Ranking")).Append(" (").Append(E(Str(list["rule"]))).Append("):</strong> ")
                .Append(E(Text(list["ruleText"]))).Append("</p><ol class=\"weakest-list\">");
            foreach (var w in items)
            {
                var itemId = Str(w["itemId"]) ?? "";
                var summary = w["summary"]!;
                html.Append("<li data-item=\"").Append(E(itemId)).Append("\"><span class=\"code\">").Append(E(ShortCodeOf(itemId))).Append("</span> ")
                    .Append(E(Text(w["text"]) ?? itemId)).Append("<br><span class=\"figures\">");
                var figures = new List<string>();
                if (Text(summary["meanText"]) is { } mean) figures.Add($"{f.T("snitt", "mean")} {E(mean)}");
                if (summary["bottomTwo"] is not null) figures.Add(f.T($"{BottomTwoPercent(summary)} ga et av de to laveste svarene", $"{BottomTwoPercent(summary)} gave one of the two lowest answers"));
                figures.Add($"n = {Int(summary["n"])}");
                html.Append(string.Join(" · ", figures)).Append("</span> <a class=\"action noprint\" href=\"/surveys/").Append(E(_surveyId))
                    .Append("/actions/new?item=").Append(E(Uri.EscapeDataString(itemId))).Append(E("&round=")).Append(E(Uri.EscapeDataString(AfterId)))
                    .Append(f.English ? E("&lang=en") : "").Append("\">").Append(f.T("Lag forbedringstiltak", "Start an improvement action"))
                    .Append("<span class=\"visually-hidden\"> ").Append(E(f.T($"for {ShortCodeOf(itemId)}", $"for {ShortCodeOf(itemId)}"))).Append("</span></a></li>");
            }
            html.Append("</ol>");
        }
        html.Append("</section>");
    }

    // ---------------------------------------------------------------- trend

    private void Trend(StringBuilder html)
    {
        if (trend is null) return;
        var trendRounds = Array(trend["rounds"]).ToList();
        if (trendRounds.Count < 3) return;
        html.Append("<section class=\"trend\" aria-labelledby=\"trend-h\"><h2 id=\"trend-h\">").Append(f.T("Utvikling over alle runder", "Trend over all rounds")).Append("</h2>")
            .Append("<p class=\"howto\">").Append(f.T("Andelen som ga et av de to beste svarene, per runde. Trenden i seg selv sier ikke om noe har endret seg; bruk sammenligningen over for det.",
                "The share who gave one of the top two answers, per round. The trend itself does not say whether anything changed; use the comparison above for that.")).Append("</p>")
            .Append("<div class=\"scroll\"><table class=\"trend-table\"><thead><tr><th scope=\"col\">").Append(f.T("Spørsmål", "Question")).Append("</th>");
        foreach (var r in trendRounds)
            html.Append("<th scope=\"col\" class=\"num\">").Append(E(Str(r["label"]))).Append("<br><span class=\"sub\">").Append(Respondents(r)).Append(' ').Append(f.T("svarte", "answered")).Append("</span></th>");
        html.Append("</tr></thead><tbody>");
        foreach (var line in Array(trend["items"]))
        {
            var itemId = Str(line["itemId"]) ?? "";
            var scale = Scales.Find(Str(line["scaleId"]) ?? "");
            html.Append("<tr data-item=\"").Append(E(itemId)).Append("\"><th scope=\"row\"><span class=\"code\">").Append(E(ShortCodeOf(itemId))).Append("</span> ")
                .Append(E(Text(line["text"]) ?? itemId)).Append("</th>");
            foreach (var point in Array(line["points"]))
            {
                html.Append("<td class=\"num\">");
                if (Str(point["status"]) == "shown" && point["summary"] is { } s && scale is not null)
                {
                    html.Append(scale.IsRankable ? TopTwoPercent(s, scale) : $"{f.T("ja", "yes")} {YesPercent(s)}").Append("<br><span class=\"sub\">n = ").Append(Int(s["n"])).Append("</span>");
                }
                else if (Text(point["message"]) is { } message)
                {
                    html.Append("<span class=\"sub\">").Append(E(message)).Append("</span>");
                }
                else
                {
                    html.Append("<span title=\"").Append(f.T("Ikke med i runden", "Not in the round")).Append("\">–</span><span class=\"visually-hidden\">")
                        .Append(f.T("Ikke med i runden", "Not in the round")).Append("</span>");
                }
                html.Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div></section>");
    }

    // ---------------------------------------------------------------- methods

    private void Methods(StringBuilder html)
    {
        var intervals = new SortedSet<string>(StringComparer.Ordinal);
        var tests = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in Array(comparison["items"]).Select(i => i["change"]).Concat(Array(comparison["pooled"]).Select(p => p["change"])).OfType<JsonNode>())
        {
            foreach (var key in new[] { "cliffsDelta", "topTwo", "yes" })
                if (Str(node[key]?["interval"]?["method"]) is { } m) intervals.Add(m);
            if (MethodName(Str(node["mannWhitney"]?["method"])) is { Length: > 0 } t) tests.Add(t);
        }
        html.Append("<footer class=\"methods\"><h2>").Append(f.T("Om tallene", "About the figures")).Append("</h2><p>")
            .Append(f.T("Prosentene er regnet fra antall svar og avrundet én gang med største-rest-metoden, så de summerer til 100. «Vet ikke / ikke aktuelt» og ubesvart er holdt utenfor.",
                "Percentages are computed from counts and rounded once by the largest-remainder method, so they add up to 100. 'Don't know / not applicable' and unanswered are left out."));
        if (intervals.Count > 0)
            html.Append(' ').Append(f.T("Intervallmetoder: ", "Interval methods: ")).Append(E(string.Join(", ", intervals))).Append('.');
        if (tests.Count > 0)
            html.Append(' ').Append(f.T("Mann–Whitney U, tosidig: ", "Mann–Whitney U, two-sided: ")).Append(E(string.Join(", ", tests))).Append('.');
        if (Str(comparison["adjustment"]) is { } adjustment)
            html.Append(' ').Append(f.T($"p-verdier justert med Benjamini–Hochberg ({E(adjustment)}).", $"p-values adjusted with Benjamini–Hochberg ({E(adjustment)})."));
        html.Append("</p></footer>");
    }

    // ---------------------------------------------------------------- JSON helpers

    private string? Text(JsonNode? localized) =>
        localized is JsonObject o ? Str(o[_lang]) ?? Str(o["nb"]) : null;

    private static string Sentence(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], System.Globalization.CultureInfo.InvariantCulture) + text[1..] + (text.EndsWith('.') ? "" : ".");

    internal static IEnumerable<JsonNode> Array(JsonNode? node) => node is JsonArray a ? a.OfType<JsonNode>() : [];

    internal static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    internal static double? Dbl(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static DateTimeOffset? DateOf(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<DateTimeOffset>(out var d) ? d
        : Str(node) is { } s && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed) ? parsed : null;
}
