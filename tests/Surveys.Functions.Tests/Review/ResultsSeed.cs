using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Functions.Kiosk;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Review;

/// <summary>A survey with several open rounds (ordered by their opening dates) and a kiosk link per round.</summary>
public sealed record SeededSurvey(string OrganisationId, string SurveyId, IReadOnlyList<string> RoundIds, IReadOnlyList<string> Tokens);

/// <summary>Seeds surveys and answers them through the kiosk API, as participants would.</summary>
public static class ResultsSeed
{
    public static readonly string[] WellbeingItems = ["WELLBEING-01", "WELLBEING-02", "WELLBEING-03", "WELLBEING-04"];

    public static async Task<SeededSurvey> SurveyAsync(SurveysApp app, int rounds, string title = "Trivsel VTA", int invited = 30)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = app.Get<CatalogStore>();
        var organisationId = "org-" + id;
        var surveyId = "survey-" + id;
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Test Arbeid AS", ["AFT", "VTA"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, title, Instruments.Wellbeing.Id, [], []), default);
        var roundIds = new List<string>();
        var tokens = new List<string>();
        for (var i = 0; i < rounds; i++)
        {
            var roundId = $"round-{id}-{i + 1}";
            var label = i switch { 0 => "2026-før", 1 => "2026-etter", _ => $"2026-oppfølging {i - 1}" };
            // All open now (so the kiosk takes answers), opening in order so the last two are the default pair.
            await catalog.SaveRoundAsync(organisationId, Round.Create(roundId, surveyId, label,
                DateTimeOffset.UtcNow.AddDays(-90 + 30 * i), DateTimeOffset.UtcNow.AddDays(30), invited), default);
            roundIds.Add(roundId);
            tokens.Add(await app.Get<KioskLinkStore>().CreateAsync(organisationId, surveyId, roundId, default));
        }
        return new SeededSurvey(organisationId, surveyId, roundIds, tokens);
    }

    /// <summary>One response per element; each gives the same position to every item (null = skipped).</summary>
    public static async Task AnswerAsync(SurveysApp app, string token, IEnumerable<int> positions, IReadOnlyList<string>? items = null)
    {
        using var client = app.CreateClient();
        foreach (var position in positions)
        {
            var answers = (items ?? WellbeingItems).ToDictionary(i => i, _ => position);
            using var response = await client.PostAsJsonAsync($"/api/kiosk/{token}/responses", new { responseId = Guid.NewGuid(), answers, language = "nb" });
            // 202 stored, or 200 «already received»: on a loaded machine the storage client may retry an insert whose
            // answer it lost (2 s timeout), find the row and report it as received before. Both acknowledge the answer.
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary><paramref name="counts"/>[p − 1] answers at position p, in a shuffled order.</summary>
    public static IEnumerable<int> Positions(params int[] counts) =>
        counts.SelectMany((c, i) => Enumerable.Repeat(i + 1, c)).OrderBy(_ => Random.Shared.Next()).ToList();

    /// <summary>Waits until the API's comparison shows both rounds' respondents, that is, every answer is folded.</summary>
    public static async Task<JsonObject> WaitForComparisonAsync(HttpClient leader, SeededSurvey survey, int before, int after, int nBefore, int nAfter)
    {
        var url = $"/api/surveys/{survey.SurveyId}/comparison?before={survey.RoundIds[before]}&after={survey.RoundIds[after]}";
        return await Eventually.Until(async () => (await leader.GetFromJsonAsync<JsonObject>(url))!,
            c => (int?)c["before"]?["respondents"] == nBefore && (int?)c["after"]?["respondents"] == nAfter,
            timeout: TimeSpan.FromSeconds(60), what: $"the comparison to show {nBefore} and {nAfter} respondents");
    }

    /// <summary>Waits until a round's counts hold <paramref name="respondents"/> responses (for rounds the API may not count).</summary>
    public static Task WaitForFoldsAsync(SurveysApp app, string roundId, int respondents) =>
        Eventually.Until(async () => (await app.Get<AggregateStore>().GetAsync(roundId, default))?.Respondents == respondents,
            timeout: TimeSpan.FromSeconds(60), what: $"{respondents} responses folded into {roundId}");

    /// <summary>The page's text as a reader sees it: entities decoded, no-break spaces as spaces.</summary>
    public static string Text(string html) => WebUtility.HtmlDecode(html).Replace('\u00A0', ' ');

    /// <summary>The text a reader sees: tags removed, then as <see cref="Text"/>.</summary>
    public static string Visible(string html) => Text(Regex.Replace(html, "<[^>]+>", " "));

    /// <summary>The markup of one item's block on the page.</summary>
    public static string Article(string html, string itemId)
    {
        var match = Regex.Match(html, $"<article class=\"item\" id=\"item-{Regex.Escape(itemId)}\".*?</article>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no block for {itemId}");
        return match.Value;
    }

    /// <summary>The markup of a section by its class.</summary>
    public static string Section(string html, string cssClass)
    {
        var match = Regex.Match(html, $"<section class=\"{Regex.Escape(cssClass)}\".*?</section>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no section {cssClass}");
        return match.Value;
    }
}
