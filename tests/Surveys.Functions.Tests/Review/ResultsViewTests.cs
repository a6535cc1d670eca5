using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Surveys.Functions.Pages;
using Surveys.Functions.Review;
using Surveys.Model;
using Surveys.Pages;
using Surveys.Pages.Results;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Review;

/// <summary>
/// The results page (Surveys.Pages/Results) rendered by the app's renderer straight from a comparison JSON built by
/// the model and read as the page reads it (no storage): what it takes from the JSON, what it leaves out, and how it
/// draws each kind of scale.
/// </summary>
public sealed class ResultsViewTests
{
    private static readonly Round Before = Round.Create("r1", "s1", "Vår 2026", new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 13, 8, 0, 0, TimeSpan.Zero), 30);
    private static readonly Round After = Round.Create("r2", "s1", "Høst 2026", new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 13, 8, 0, 0, TimeSpan.Zero), 30);

    private static Survey Wellbeing() => Survey.FromInstrument("s1", "o1", Instruments.Wellbeing, "Trivsel", "Test AS");

    private static RoundAggregate Counts(string roundId, params (string ItemId, Scale Scale, int[] Counts)[] items) =>
        RoundAggregate.FromSnapshot(new RoundAggregateSnapshot(roundId, items.Max(i => i.Counts.Sum()),
            new Dictionary<string, int> { [nameof(EntryMode.Kiosk)] = items.Max(i => i.Counts.Sum()) }, 0, 0,
            items.Select(i => new ItemCountsSnapshot(i.ItemId, i.Scale.Id, i.Scale.Points, i.Counts, 0, 0)).ToArray()));

    private static (string ItemId, Scale Scale, int[] Counts)[] Wellbeing(params int[][] counts) =>
        counts.Select((c, i) => ($"WELLBEING-0{i + 1}", Scales.Freq5, c)).ToArray();

    private static JsonObject Json(Survey survey, RoundAggregate before, RoundAggregate after) =>
        JsonNode.Parse(ComparisonJson.Comparison(RoundComparison.Compare(before, after, survey), Before, After, survey).ToJsonString())!.AsObject();

    private static readonly PageRenderer Renderer = new(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

    private static Task<string> Render(JsonObject comparison, Survey survey, bool english = false) =>
        Renderer.RenderAsync<ResultsReportPage>(new Dictionary<string, object?>
        {
            [nameof(ResultsReportPage.Page)] = new PageContext(english, "0123456789abcdef"),
            [nameof(ResultsReportPage.Model)] = new ResultsModel(ComparisonDocument.Read(comparison), null, survey, [Before, After]),
        });

    private static List<int> Percents(string block, int row) =>
        Regex.Matches(Regex.Match(block, $"<g class=\"bar\" data-row=\"{row}\">.*?(?=<g class=\"bar\"|<line class=\"centre\")", RegexOptions.Singleline).Value,
            "<g class=\"seg\" data-position=\"\\d\" data-percent=\"(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public async Task Percentages_AreTheJsonsLargestRemainderFigures_NeverRoundedAgain()
    {
        var survey = Wellbeing();
        var json = Json(survey,
            Counts("r1", Wellbeing([2, 2, 2, 0, 0], [1, 1, 1, 2, 2], [1, 1, 1, 2, 2], [1, 1, 1, 2, 2])),
            Counts("r2", Wellbeing([0, 0, 2, 2, 2], [1, 1, 1, 2, 2], [1, 1, 1, 2, 2], [1, 1, 1, 2, 2])));
        // A figure only the JSON can know: if the page computed its own percentages, this would not appear.
        json["items"]![1]!["change"]!["before"]!["distribution"]![3]!["percent"] = 77;

        var html = await Render(json, survey);

        // 2 + 2 + 2 of 6: 33.3 % each; largest remainder gives 34 / 33 / 33 (summing to 100), never 33 / 33 / 33.
        var first = Article(html, "WELLBEING-01");
        Assert.Equal([34, 33, 33, 0, 0], Percents(first, 0));
        Assert.Equal([0, 0, 34, 33, 33], Percents(first, 1));
        Assert.Contains(">34 %<", Text(first));
        var second = Article(html, "WELLBEING-02");
        Assert.Equal(77, Percents(second, 0)[3]);
        Assert.Contains("Ofte 77 %", Text(second));
    }

    [Fact]
    public async Task ZeroCategories_StayInTheLegendTheTitleAndTheTableOfCounts()
    {
        var survey = Wellbeing();
        var html = await Render(Json(survey,
            Counts("r1", Wellbeing([0, 0, 3, 3, 0], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1])),
            Counts("r2", Wellbeing([0, 0, 3, 2, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]))), survey);

        var block = Article(html, "WELLBEING-01");
        Assert.Equal(5, Regex.Matches(block, "<li data-position=").Count);
        var table = Regex.Match(block, "<table class=\"visually-hidden\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(5, Regex.Matches(table, "<tr><th scope=\"row\">").Count);
        Assert.Contains("<th scope=\"row\">1 Ikke i det hele tatt</th><td>0</td><td>0 %</td><td>0</td><td>0 %</td>", Text(table));
        Assert.Contains("Ikke i det hele tatt 0 %, Sjeldent 0 %, Noen ganger, andre ganger ikke 50 %", Text(block));
    }

    [Fact]
    public async Task ASuppressedItem_ShowsOnlyTheMessage_AndIsLeftOutOfThePool()
    {
        var survey = Wellbeing();
        var html = await Render(Json(survey,
            Counts("r1", Wellbeing([1, 1, 1, 1, 0], [1, 1, 1, 1, 2], [1, 1, 1, 1, 2], [1, 1, 1, 1, 2])),
            Counts("r2", Wellbeing([2, 2, 2, 2, 2], [1, 1, 1, 1, 2], [1, 1, 1, 1, 2], [1, 1, 1, 1, 2]))), survey);

        var block = Article(html, "WELLBEING-01");
        Assert.Equal("For få svar til å vise resultat", Text(Regex.Match(block, "<p class=\"message\">(.*?)</p>").Groups[1].Value));
        Assert.DoesNotMatch(@"\d", Visible(block).Replace("T1", ""));
        var row = Regex.Match(html, "<tr data-item=\"WELLBEING-01\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("colspan=\"7\"", row);
        Assert.DoesNotMatch(@"\d", Visible(row).Replace("T1", ""));
        Assert.Contains("Samlet over spørsmålene T2, T3, T4", Text(html));
    }

    [Fact]
    public async Task AnItemInOnlyOneRound_SaysItCannotBeCompared()
    {
        var survey = Wellbeing();
        var html = await Render(Json(survey,
            Counts("r1", Wellbeing([1, 1, 1, 1, 2], [1, 1, 1, 1, 2], [1, 1, 1, 1, 2])),
            Counts("r2", Wellbeing([1, 1, 1, 1, 2], [1, 1, 1, 1, 2], [1, 1, 1, 1, 2], [1, 1, 1, 1, 2]))), survey);

        Assert.Contains("Kan ikke sammenlignes: Spørsmålet var bare med i den siste runden", Text(Article(html, "WELLBEING-04")));
    }

    [Fact]
    public async Task ASixPointScale_IsSplitBetweenThreeAndFour_AndTheSplitIsNamed_AndYesNoShowsTheShareYes()
    {
        var survey = Survey.FromCustomItems("s1", "o1", "Sluttundersøkelse", "Test AS",
        [
            new Item("EXIT-01", Scales.Sat6, new LocalizedText("Alt i alt, i hvilken grad er du fornøyd?", "All in all, how satisfied are you?"), shortCode: "S1"),
            new Item("EXIT-YN-01", Scales.YesNo, new LocalizedText("Er du tilfreds med tjenestene?", "Are you satisfied with the services?"), shortCode: "J1"),
        ]);
        var html = await Render(Json(survey,
            Counts("r1", ("EXIT-01", Scales.Sat6, [1, 1, 2, 2, 2, 2]), ("EXIT-YN-01", Scales.YesNo, [6, 4])),
            Counts("r2", ("EXIT-01", Scales.Sat6, [0, 1, 1, 2, 3, 3]), ("EXIT-YN-01", Scales.YesNo, [8, 2]))), survey);

        var sat6 = Article(html, "EXIT-01");
        Assert.Contains("BANDS-SAT6-222", Text(sat6));
        Assert.Contains("uten midtpunkt", Text(sat6));
        Assert.Equal(["1", "2", "3", "4", "5", "6"], Regex.Matches(sat6, "<li data-position=\"(\\d)\"").Select(m => m.Groups[1].Value));
        // The centre line lies exactly where position 3 ends and position 4 begins.
        var bar = Regex.Match(sat6, "<g class=\"bar\" data-row=\"0\">.*?(?=<g class=\"bar\")", RegexOptions.Singleline).Value;
        double X(int p) => double.Parse(Regex.Match(bar, $"data-position=\"{p}\".*?<rect x=\"([\\d.]+)\"", RegexOptions.Singleline).Groups[1].Value, CultureInfo.InvariantCulture);
        var centre = double.Parse(Regex.Match(sat6, "<line class=\"centre\" x1=\"([\\d.]+)\"").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(X(3) < centre && Math.Abs(X(4) - centre) < 0.11, $"position 4 starts at {X(4)}, the centre line is at {centre}");
        Assert.Contains("Andel av de to beste svarene", Text(sat6));

        var yesNo = Text(Article(html, "EXIT-YN-01"));
        Assert.Contains("Andel ja 60 % → 80 %", yesNo);
        Assert.Contains("«Nei» til venstre for midtlinjen, «Ja» til høyre.", yesNo);
        Assert.DoesNotContain("av 2", yesNo);
    }

    [Fact]
    public async Task TheEnglishPage_HasEnglishLabelsAndADecimalPoint()
    {
        var survey = Wellbeing();
        var html = Text(await Render(Json(survey,
            Counts("r1", Wellbeing([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5])),
            Counts("r2", Wellbeing([5, 4, 3, 2, 1], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]))), survey, english: true));

        Assert.Contains("Not at all", html);
        Assert.Matches(@"\d\.\d of 5", html);
        Assert.Matches(@"Cliff's δ <strong>-?\d\.\d\d</strong>", html);
        Assert.DoesNotMatch(@"\d,\d of 5", html);
        Assert.Contains("2 Mar 2026–13 Apr 2026", html);
    }

    [Fact]
    public void TheTypedDocuments_HoldEveryFieldOfTheComparisonAndTrendJson()
    {
        // Written back, the records give the JSON the API returns: the page cannot miss a field or read one by the wrong name.
        var survey = Wellbeing();
        var third = Round.Create("r3", "s1", "Vår 2027", new DateTimeOffset(2027, 3, 1, 8, 0, 0, TimeSpan.Zero), null, null);
        var r1 = Counts("r1", Wellbeing([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [0, 0, 1, 1, 1], [1, 2, 3, 4, 5]));
        var r2 = Counts("r2", Wellbeing([5, 4, 3, 2, 1], [1, 2, 3, 4, 5], [1, 1, 1, 1, 1], [1, 2, 3, 4, 5]));
        var r3 = Counts("r3", Wellbeing([1, 1, 1, 1, 1], [2, 2, 2, 2, 2], [1, 1, 1, 1, 1], [0, 0, 0, 1, 1]));
        var comparison = Json(survey, r1, r2);
        var trend = JsonNode.Parse(ComparisonJson.Trend(Trend.Of([r1, r2, r3], survey), [Before, After, third], survey).ToJsonString())!.AsObject();
        var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);

        // As just computed (CLR values in the nodes) and as stored (parsed), the same records.
        var computed = ComparisonJson.Comparison(RoundComparison.Compare(r1, r2, survey), Before, After, survey);
        Assert.True(JsonNode.DeepEquals(comparison, System.Text.Json.JsonSerializer.SerializeToNode(ComparisonDocument.Read(computed), web)),
            "the comparison records read a computed document differently from a stored one");
        Assert.True(JsonNode.DeepEquals(comparison, System.Text.Json.JsonSerializer.SerializeToNode(ComparisonDocument.Read(comparison), web)),
            "the comparison records leave out, add or rename a field of the comparison JSON");
        Assert.True(JsonNode.DeepEquals(trend, System.Text.Json.JsonSerializer.SerializeToNode(ComparisonDocument.ReadTrend(trend), web)),
            "the trend records leave out, add or rename a field of the trend JSON");
        Assert.Contains(ComparisonDocument.Read(comparison).Items, i => i.Status == "suppressed" && i.Change is null);
    }

    [Fact]
    public async Task NoTextIsDrawnOnTheBars_EachRoundsPercentsStandUnderThemInTheOrderTheBarsDrawThem()
    {
        var survey = Survey.FromCustomItems("s1", "o1", "Sluttundersøkelse", "Test AS",
            [new Item("EXIT-YN-01", Scales.YesNo, new LocalizedText("Er du tilfreds med tjenestene?", "Are you satisfied with the services?"), shortCode: "J1")]);
        var html = await Render(Json(survey, Counts("r1", ("EXIT-YN-01", Scales.YesNo, [6, 4])), Counts("r2", ("EXIT-YN-01", Scales.YesNo, [8, 2]))), survey);

        // Text inside an SVG has no background a contrast checker can know, and a pattern behind it can hide it.
        Assert.DoesNotContain("<text", html);
        var block = Article(html, "EXIT-YN-01");
        var figures = Regex.Match(block, "<table class=\"figures\".*?</table>", RegexOptions.Singleline).Value;
        // "Nei" (position 2) is drawn left of the centre line, "Ja" (1) right of it; the columns follow the bars.
        Assert.Equal(["2", "1"], Regex.Matches(figures, "<th scope=\"col\" class=\"num\" data-position=\"(\\d)\"").Select(m => m.Groups[1].Value));
        Assert.Equal(["Vår 2026 40 % 60 %", "Høst 2026 20 % 80 %"],
            Regex.Matches(figures, "<tr><th scope=\"row\">.*?</tr>", RegexOptions.Singleline).Select(m => Regex.Replace(Visible(m.Value), @"\s+", " ").Trim()));
    }

    [Theory]
    [InlineData("SCALE-FREQ5")]
    [InlineData("SCALE-KNOW5")]
    [InlineData("SCALE-GOOD5")]
    [InlineData("SCALE-SAT6")]
    [InlineData("SCALE-YESNO")]
    public void NeighbouringSegments_DifferByAtLeast3To1_AndTheOuterOnesAreHatched(string scaleId)
    {
        var layout = ScaleLayout.For(Scales.Find(scaleId)!);
        var order = layout.DrawingOrder.ToList();
        for (var i = 0; i + 1 < order.Count; i++)
        {
            var (left, right) = (order[i], order[i + 1]);
            var separatedByTheCentreLine = layout.Middle is null && layout.Left.Contains(left) && layout.Right.Contains(right);
            var contrast = ScaleLayout.Contrast(layout.Fill(left), layout.Fill(right));
            if (contrast < 3)
            {
                // Only allowed across the centre line of an even scale, which then stands out from both fills.
                Assert.True(separatedByTheCentreLine, $"{scaleId}: positions {left} and {right} differ only {contrast:F2}:1");
                Assert.True(ScaleLayout.Contrast(layout.Fill(left), "#1b1b1b") >= 3 && ScaleLayout.Contrast(layout.Fill(right), "#1b1b1b") >= 3,
                    $"{scaleId}: the centre line between {left} and {right} must stand out from both");
                Assert.NotEqual(layout.PatternId(left) ?? layout.Fill(left), layout.PatternId(right) ?? layout.Fill(right));
            }
        }
        // Outer positions are hatched, leaning away from the centre; so they are told apart even in grey.
        Assert.NotNull(layout.PatternId(order[0]));
        Assert.NotNull(layout.PatternId(order[^1]));
        Assert.NotEqual(layout.PatternId(order[0]), layout.PatternId(order[^1]));
    }

    [Fact]
    public void NumbersAreWrittenTheNorwegianWay_OrTheEnglishWay()
    {
        var nb = new ReportFormat(english: false);
        var en = new ReportFormat(english: true);

        Assert.Equal("45\u00A0%", nb.Percent(45));
        Assert.Equal("45%", en.Percent(45));
        Assert.Equal("+4\u00A0pp", nb.PercentagePoints(4.4));
        Assert.Equal("-12\u00A0pp", nb.PercentagePoints(-11.5));
        Assert.Equal("0\u00A0pp", nb.PercentagePoints(-0.2));
        Assert.Equal("0,13", nb.Decimal(0.125, 2));
        Assert.Equal("0.13", en.Decimal(0.125, 2));
        Assert.Equal("0,00", nb.Decimal(-0.001, 2));
        Assert.Equal("-24 til 31", nb.PointsInterval(-0.236, 0.314));
        Assert.Equal("<\u00A00,001", nb.PValue(0.0004));
        Assert.Equal("0,043", nb.PValue(0.0431));
        Assert.Equal("0,73", nb.PValue(0.7312));
        Assert.Equal("95\u00A0% KI", nb.IntervalLabel(0.95));
        Assert.Equal("95% CI", en.IntervalLabel(0.95));
        Assert.Equal("02.03.2026–13.04.2026", nb.Dates(Before.Opens, Before.Closes));
        // Midnight in Oslo is 23:00 UTC the day before: the date is Norway's.
        Assert.Equal("01.03.2026", nb.Date(new DateTimeOffset(2026, 2, 28, 23, 0, 0, TimeSpan.Zero)));
    }
}
