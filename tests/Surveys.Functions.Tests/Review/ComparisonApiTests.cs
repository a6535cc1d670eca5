using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Review;

/// <summary>Answers go in through the kiosk; before/after results come out of the API, suppressed below the minimum.</summary>
public sealed class ComparisonApiTests(ComparisonApiTests.App app) : IClassFixture<ComparisonApiTests.App>
{
    public sealed class App() : SurveysAppFixture(settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    private async Task<(string Survey, string Before, string After, string BeforeToken, string AfterToken)> SetUpAsync(HttpClient admin, string instrument = "WELLBEING")
    {
        var org = await admin.CreateIdAsync("/api/organisations", new { name = "Resultat AS" });
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument, title = "Før og etter" });
        var before = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "Før", opens = "2026-01-01", invited = 30 });
        var after = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "Etter", opens = "2026-06-01", invited = 30 });
        async Task<string> Link(string round) => (string)(await (await admin.PostAsync($"/api/rounds/{round}/kiosk-links", null)).Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        return (survey, before, after, await Link(before), await Link(after));
    }

    private async Task SubmitAsync(string token, IEnumerable<int> values, string itemId = "WELLBEING-01")
    {
        using var kiosk = Factory.CreateClient();
        foreach (var value in values)
        {
            using var r = await kiosk.PostAsJsonAsync($"/api/kiosk/{token}/responses", new { responseId = Guid.NewGuid(), answers = new Dictionary<string, int> { [itemId] = value } });
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        }
    }

    private static JsonObject ItemOf(JsonObject comparison, string itemId) =>
        comparison["items"]!.AsArray().Select(i => i!.AsObject()).Single(i => (string?)i["itemId"] == itemId);

    private async Task<JsonObject> ComparisonWhenFoldedAsync(HttpClient client, string survey, string before, string after, int nBefore, int nAfter) =>
        await Eventually.Until(async () => (await client.GetFromJsonAsync<JsonObject>($"/api/surveys/{survey}/comparison?before={before}&after={after}"))!,
            c => (int?)c["before"]!["respondents"] == nBefore && (int?)c["after"]!["respondents"] == nAfter, TimeSpan.FromSeconds(60), "both rounds folded");

    [Fact]
    public async Task AClearImprovement_IsReportedWithItsEstimateIntervalAndTheFiguresBehindIt()
    {
        using var admin = Factory.AsAdmin();
        var s = await SetUpAsync(admin);
        await SubmitAsync(s.BeforeToken, Enumerable.Repeat(new[] { 1, 2, 2, 3, 2 }, 5).SelectMany(x => x)); // 25 answers, mostly low
        await SubmitAsync(s.AfterToken, Enumerable.Repeat(new[] { 4, 5, 4, 3, 5 }, 5).SelectMany(x => x));  // 25 answers, mostly high

        var c = await ComparisonWhenFoldedAsync(admin, s.Survey, s.Before, s.After, 25, 25);

        var item = ItemOf(c, "WELLBEING-01");
        Assert.Equal("compared", (string?)item["status"]);
        Assert.Equal("increased", (string?)item["verdict"]!["kind"]);
        Assert.Equal("Økt", (string?)item["verdict"]!["text"]!["nb"]);
        var delta = item["change"]!["cliffsDelta"]!;
        Assert.True((double)delta["estimate"]! > 0.8);
        Assert.False((bool)delta["interval"]!["includesZero"]!);
        Assert.Equal(25, (int)item["change"]!["before"]!["n"]!);
        Assert.Equal([5, 15, 5, 0, 0], item["change"]!["before"]!["counts"]!.AsArray().Select(x => (int)x!));
        Assert.Equal("exact", (string?)item["change"]!["mannWhitney"]!["method"]);
        Assert.Equal(25.0 / 30, (double)c["before"]!["responseRate"]!, 3);
        // An item nobody answered is below the minimum: no figures at all.
        var empty = ItemOf(c, "WELLBEING-04");
        Assert.Equal("suppressed", (string?)empty["status"]);
        Assert.Null(empty["change"]);
        Assert.Equal("For få svar til å vise resultat", (string?)empty["verdict"]!["text"]!["nb"]);
    }

    [Fact]
    public async Task RoundsThatBarelyDiffer_AreReportedAsNoClearChange()
    {
        using var admin = Factory.AsAdmin();
        var s = await SetUpAsync(admin);
        await SubmitAsync(s.BeforeToken, Enumerable.Repeat(new[] { 3, 4, 4, 5, 2, 4 }, 4).SelectMany(x => x)); // 24
        await SubmitAsync(s.AfterToken, Enumerable.Repeat(new[] { 4, 3, 4, 5, 2, 4 }, 4).SelectMany(x => x).Append(4)); // 25

        var c = await ComparisonWhenFoldedAsync(admin, s.Survey, s.Before, s.After, 24, 25);

        var verdict = ItemOf(c, "WELLBEING-01")["verdict"]!;
        Assert.Equal("noClearChange", (string?)verdict["kind"]);
        Assert.Equal("Ingen tydelig endring, for få svar til å si sikkert", (string?)verdict["text"]!["nb"]);
    }

    [Fact]
    public async Task BelowTheMinimumGroupSize_TheApiCarriesNoFigureForThatGroup()
    {
        using var admin = Factory.AsAdmin();
        var s = await SetUpAsync(admin);
        await SubmitAsync(s.BeforeToken, [1, 2, 3, 4, 5, 3]); // 6
        await SubmitAsync(s.AfterToken, [5, 5, 4]);           // 3 — below 5

        var c = await Eventually.Until(async () => (await admin.GetFromJsonAsync<JsonObject>($"/api/surveys/{s.Survey}/comparison"))!,
            x => (string?)x["before"]!["respondents"]?.ToString() == "6" && x["after"]!["respondentsText"] is not null, TimeSpan.FromSeconds(60), "both folded");

        Assert.Null(c["after"]!["respondents"]);
        Assert.Null(c["after"]!["responseRate"]);
        Assert.Equal("færre enn 5", (string?)c["after"]!["respondentsText"]!["nb"]);
        var item = ItemOf(c, "WELLBEING-01");
        Assert.Equal("suppressed", (string?)item["status"]);
        Assert.Null(item["change"]);
        Assert.DoesNotContain("\"counts\"", item.ToJsonString());
        // The weakest-items list of the later round holds nothing from a suppressed group.
        Assert.All(c["weakestItems"]!.AsArray(), w => Assert.Empty(w!["items"]!.AsArray()));
    }

    [Fact]
    public async Task TheTrend_ListsEveryRoundInOrder()
    {
        using var admin = Factory.AsAdmin();
        var s = await SetUpAsync(admin);
        await SubmitAsync(s.BeforeToken, [1, 2, 3, 4, 5]);
        await SubmitAsync(s.AfterToken, [2, 3, 4, 5, 5]);

        var trend = await Eventually.Until(async () => (await admin.GetFromJsonAsync<JsonObject>($"/api/surveys/{s.Survey}/trend"))!,
            t => t["items"]!.AsArray().First()!["points"]!.AsArray().All(p => (string?)p!["status"] == "shown"), TimeSpan.FromSeconds(60), "both rounds shown");

        Assert.Equal(["Før", "Etter"], trend["rounds"]!.AsArray().Select(r => (string)r!["label"]!));
    }

    [Theory]
    [InlineData("?before=nope&after=nope2", "before")]
    [InlineData("?before=ROUND&after=ROUND", "same-round")]
    [InlineData("?after=ROUND", "before")]
    public async Task BadRoundParameters_AreA400NamingThem(string query, string named)
    {
        using var admin = Factory.AsAdmin();
        var s = await SetUpAsync(admin);
        using var response = await admin.GetAsync($"/api/surveys/{s.Survey}/comparison{query.Replace("ROUND", s.Before, StringComparison.Ordinal)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ALeaderOfAnotherOrganisation_CannotReadTheResults()
    {
        using var admin = Factory.AsAdmin();
        var s = await SetUpAsync(admin);
        var other = await admin.CreateIdAsync("/api/organisations", new { name = "Annen AS" });
        using var stranger = await Factory.AsMemberAsync($"fremmed-{Guid.NewGuid():N}@example.no", other, OrganisationRole.Admin);
        using var kiosk = Factory.CreateClient();
        kiosk.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", s.BeforeToken);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/surveys/{s.Survey}/comparison")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/surveys/{s.Survey}/trend")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await kiosk.GetAsync($"/api/surveys/{s.Survey}/comparison")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync($"/api/surveys/{s.Survey}/trend")).StatusCode);
    }

    [Fact]
    public async Task AComparison_IsStoredAfterTheFold_SoReadingItIsOneLookup()
    {
        using var admin = Factory.AsAdmin();
        var s = await SetUpAsync(admin);
        await SubmitAsync(s.BeforeToken, [1, 2, 3, 4, 5]);

        var store = Factory.Get<Surveys.Functions.Review.ComparisonStore>();
        var stored = await Eventually.Until(() => store.GetAsync(s.Survey, Surveys.Functions.Review.ComparisonStore.PairRow(s.Before, s.After), default),
            x => x is not null && x.Value.Document["before"]!["respondents"]?.ToString() == "5", TimeSpan.FromSeconds(60), "the recomputed comparison");
        Assert.Equal(s.After, (string?)stored!.Value.Document["after"]!["roundId"]);
    }

    [Fact]
    public async Task ABurstOfFolds_IsRecomputedOnce_ForEveryRespondentsCountAlreadyIncluded()
    {
        using var admin = Factory.AsAdmin();
        var s = await SetUpAsync(admin);
        await SubmitAsync(s.BeforeToken, [1, 2, 3, 4, 5]);
        var store = Factory.Get<Surveys.Functions.Review.ComparisonStore>();
        await Eventually.Until(() => store.GetAsync(s.Survey, Surveys.Functions.Review.ComparisonStore.TrendRow, default),
            x => x is not null && x.Value.Sources.Contains($"{s.Before}:", StringComparison.Ordinal) && x.Value.Sources.Contains(":5|", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the trend with five respondents");
        using var scope = Factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<Surveys.Functions.Review.ComparisonService>();

        Assert.True(await service.IsUpToDateAsync(s.Survey, s.Before, 3, default));  // a message from the third fold: nothing to do
        Assert.True(await service.IsUpToDateAsync(s.Survey, s.Before, 5, default));
        Assert.False(await service.IsUpToDateAsync(s.Survey, s.Before, 6, default)); // a newer fold: recompute
        Assert.False(await service.IsUpToDateAsync(s.Survey, "round-unknown", 1, default));
    }
}
