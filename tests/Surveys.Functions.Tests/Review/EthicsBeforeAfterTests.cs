using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Review;

/// <summary>The ethics self-evaluation before and after a project, imported from paper, compared as a statistician would sign.</summary>
public sealed class EthicsBeforeAfterTests(EthicsBeforeAfterTests.App app) : IClassFixture<EthicsBeforeAfterTests.App>
{
    public sealed class App() : SurveysAppFixture(settings: ApiCalls.AdminKeySetting);

    private static string Csv(int rows, Func<int, int, int> value)
    {
        var csv = new StringBuilder(string.Join(';', Enumerable.Range(1, 9).Select(i => $"ETHICS-{i:00}")) + "\r\n");
        for (var r = 0; r < rows; r++)
            csv.Append(string.Join(';', Enumerable.Range(1, 9).Select(i => value(r, i)))).Append("\r\n");
        return csv.ToString();
    }

    [Fact]
    public async Task TwoImportedEthicsRounds_GiveBandsMeansDeltasAndTests_ThroughTheApiAndOnThePage()
    {
        using var admin = app.Factory.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", new { name = "Etikk AS" });
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "ETHICS", title = "Etisk egenevaluering" });
        var before = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "Før", opens = "2026-01-01", invited = 26 });
        var after = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "Etter", opens = "2026-06-01", invited = 26 });
        // Before: mostly "i liten/noen grad" (2–3); after: mostly "jevnt over god" (3–4), item 9 unchanged.
        var beforeCsv = Csv(24, (r, i) => i == 9 ? 3 : new[] { 2, 3, 2, 3, 1, 2 }[(r + i) % 6]);
        var afterCsv = Csv(24, (r, i) => i == 9 ? 3 : new[] { 4, 3, 4, 4, 5, 3 }[(r + i) % 6]);

        foreach (var (round, csv) in new[] { (before, beforeCsv), (after, afterCsv) })
        {
            using var imported = await admin.PostAsync($"/api/rounds/{round}/responses/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.Accepted, imported.StatusCode);
        }

        var c = await Eventually.Until(async () => (await admin.GetFromJsonAsync<JsonObject>($"/api/surveys/{survey}/comparison?before={before}&after={after}"))!,
            x => (int?)x["before"]!["respondents"] == 24 && (int?)x["after"]!["respondents"] == 24, TimeSpan.FromSeconds(90), "both imports folded");

        var items = c["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(9, items.Count);
        var e1 = items.Single(i => (string?)i["itemId"] == "ETHICS-01");
        var beforeSummary = e1["change"]!["before"]!;
        // Bands: under middels / middels / over middels, counts from the file.
        Assert.Equal(["low", "middle", "high"], beforeSummary["bands"]!.AsArray().Select(b => (string)b!["band"]!));
        Assert.Equal("under middels", (string?)beforeSummary["bands"]![0]!["label"]!["nb"]);
        Assert.Equal(24, beforeSummary["bands"]!.AsArray().Sum(b => (int)b!["count"]!));
        // Means with SD, and the index named.
        Assert.InRange((double)beforeSummary["mean"]!, 2.0, 2.5);
        Assert.InRange((double)e1["change"]!["after"]!["mean"]!, 3.5, 4.0);
        Assert.NotNull(beforeSummary["standardDeviation"]);
        Assert.Equal("IDX-LIN", (string?)c["index"]!["id"]);
        // Delta with interval, Mann–Whitney named, BH-adjusted, and a verdict that leads with the estimate.
        var delta = e1["change"]!["cliffsDelta"]!;
        Assert.True((double)delta["estimate"]! > 0.6);
        Assert.Equal("large", (string?)delta["magnitude"]);
        Assert.NotNull(e1["change"]!["mannWhitney"]!["adjustedPValue"]);
        Assert.Equal("BH", (string?)c["adjustment"]);
        Assert.Equal("increased", (string?)e1["verdict"]!["kind"]);
        // Item 9 did not change.
        var e9 = items.Single(i => (string?)i["itemId"] == "ETHICS-09");
        Assert.Equal(0.0, (double)e9["change"]!["cliffsDelta"]!["estimate"]!, 6);
        Assert.NotEqual("increased", (string?)e9["verdict"]!["kind"]);
        // Pooled over answers on the knowledge scale, and the cohort caveat.
        Assert.Equal("SCALE-KNOW5", (string?)c["pooled"]![0]!["scaleId"]);
        Assert.Contains(c["notes"]!.AsArray(), n => ((string?)n!["nb"])!.Contains("gruppesammenligning", StringComparison.OrdinalIgnoreCase));
        // The weakest items of the later round, with the rule named.
        Assert.Equal("LOWEST-MEAN", (string?)c["weakestItems"]![0]!["rule"]);

        // The same figures on the leaders' page.
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/surveys/{survey}/results?before={before}&after={after}"));
        Assert.Contains("Etisk egenevaluering", page);
        Assert.Contains("under middels", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("over middels", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("av 5", page);
        Assert.Contains("Økt", page);
        Assert.Contains("Ingen tydelig endring", page, StringComparison.OrdinalIgnoreCase); // ETHICS-09 did not change
        Assert.Contains("Cliffs δ", page);
    }
}
