using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Review;

/// <summary>
/// The results page, end to end: answers go in through the kiosk API, are folded and compared by the
/// runner, and a signed-in leader reads the page. The page and the API apply the same suppression (AN-03).
/// </summary>
public sealed class ResultsPageTests(ResultsPageTests.App app) : IClassFixture<ResultsPageTests.App>
{
    public sealed class App() : SurveysAppFixture();

    private SurveysApp Factory => app.Factory;

    private Task<HttpClient> LeaderAsync(SeededSurvey survey) =>
        Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", survey.OrganisationId, OrganisationRole.Leader);

    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task ALeader_SeesEveryItemWithBarsAndAVerdict_AfterTwoRoundsOfFiveOrMoreAnswers()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 1, 2, 2, 1));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 0, 1, 3, 3));
        using var leader = await LeaderAsync(survey);
        await WaitForComparisonAsync(leader, survey, 0, 1, 6, 7);

        var html = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results");

        var text = Text(html);
        Assert.Contains("<h1>Trivsel VTA</h1>", html);
        Assert.Contains("2026-før", text);
        Assert.Contains("2026-etter", text);
        foreach (var itemId in WellbeingItems)
        {
            var block = Article(html, itemId);
            Assert.Equal(2, Regex.Matches(block, "<g class=\"bar\"").Count);
            Assert.Contains("<svg class=\"bars\"", block);
            Assert.Contains("role=\"img\"", block);
            Assert.Contains("<title id=", block);
            Assert.Contains("<table class=\"visually-hidden\">", block);
            Assert.Contains("For få svar til å si om noe har endret seg", Text(block));
            Assert.Matches(@"n = 6\b", Text(block));
            Assert.Matches(@"n = 7\b", Text(block));
        }
        Assert.Contains("T1", text);
        Assert.Contains("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.", text);
        // Norwegian number format: percent with a (no-break) space, decimal comma, pp, "x,x av 5".
        Assert.Matches(@"\d+\u00A0%", WebUtility.HtmlDecode(html));
        Assert.Matches(@"[+-]\d+ pp", text);
        Assert.Matches(@"\d,\d av 5", text);
        Assert.Matches(@"Cliffs δ\s+-?\d,\d\d", Visible(html));
        Assert.Contains("gruppesammenligning, ikke endring hos den enkelte", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("minst 5", text);
        Assert.Contains("95 % konfidensintervall", text);
        Assert.Contains("prosentpoeng", text);
        Assert.DoesNotContain("signifikant", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ARoundBelowFiveAnswers_HasNoFigureOnThePage_NorInTheApi()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(1, 1, 2, 1, 1));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(3, 0, 0, 0, 0));
        await WaitForFoldsAsync(Factory, survey.RoundIds[0], 6);
        await WaitForFoldsAsync(Factory, survey.RoundIds[1], 3);
        using var leader = await LeaderAsync(survey);

        var api = (await leader.GetFromJsonAsync<JsonObject>($"/api/surveys/{survey.SurveyId}/comparison"))!;
        var html = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results");

        // The API: the later round's count is only "færre enn 5", no rate, and no item carries figures.
        Assert.Null(api["after"]!["respondents"]);
        Assert.Null(api["after"]!["responseRate"]);
        Assert.Equal("færre enn 5", (string?)api["after"]!["respondentsText"]!["nb"]);
        Assert.All(api["items"]!.AsArray(), i =>
        {
            Assert.Equal("suppressed", (string?)i!["status"]);
            Assert.Null(i["change"]);
            Assert.Equal("For få svar til å vise resultat", (string?)i["verdict"]!["text"]!["nb"]);
        });

        // The page says the same, and shows no percentage, count, mean or chart for any item.
        foreach (var itemId in WellbeingItems)
        {
            var block = Article(html, itemId);
            Assert.Contains("For få svar til å vise resultat", Text(block));
            Assert.DoesNotContain("<svg", block);
            Assert.DoesNotMatch(@"\d", Visible(block).Replace("T" + itemId[^1], ""));
        }
        var text = Text(html);
        Assert.DoesNotContain("<svg class=\"bars\"", html);
        Assert.DoesNotContain("av 5", text);
        Assert.DoesNotContain("n = ", text);
        Assert.DoesNotContain(" pp", text);
        Assert.DoesNotContain("Lag forbedringstiltak", text);
        var respondents = Regex.Match(html, $"<tr data-round=\"{survey.RoundIds[1]}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("færre enn 5", Text(respondents));
        Assert.DoesNotContain("%", Text(respondents));
        Assert.DoesNotMatch(@">\s*3\s*<", respondents);
    }

    [Fact]
    public async Task ALeaderOfAnotherOrganisation_Gets404_AndAnonymousGets401WithASignInLink()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        var other = await SurveyAsync(Factory, rounds: 2);
        using var outsider = await LeaderAsync(other);
        using var anonymous = Factory.CreateClient();

        using var notFound = await outsider.GetAsync($"/surveys/{survey.SurveyId}/results");
        using var unauthorised = await anonymous.GetAsync($"/surveys/{survey.SurveyId}/results");
        using var unknown = await outsider.GetAsync("/surveys/survey-nope/results");

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // Another organisation's survey looks exactly like one that does not exist.
        Assert.Contains("Fant ikke undersøkelsen", Text(await notFound.Content.ReadAsStringAsync()));
        Assert.Equal(Visible(await unknown.Content.ReadAsStringAsync()), Visible(await notFound.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
        Assert.Equal("text/html", unauthorised.Content.Headers.ContentType?.MediaType);
        Assert.Contains("href=\"/logg-inn\"", await unauthorised.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RoundsThatBarelyDiffer_ReadNoClearChange_OnThePageAndInTheApi()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(2, 3, 6, 8, 5));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(2, 3, 6, 8, 6));
        using var leader = await LeaderAsync(survey);

        var api = await WaitForComparisonAsync(leader, survey, 0, 1, 24, 25);
        var html = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results");

        const string noClearChange = "Ingen tydelig endring, for få svar til å si sikkert";
        Assert.All(api["items"]!.AsArray(), i => Assert.Equal(noClearChange, (string?)i!["verdict"]!["text"]!["nb"]));
        foreach (var itemId in WellbeingItems)
        {
            var block = Text(Article(html, itemId));
            Assert.Contains(noClearChange, block);
            // The estimate and its interval lead; the verdict follows.
            Assert.True(block.IndexOf("95 % KI", StringComparison.Ordinal) < block.IndexOf(noClearChange, StringComparison.Ordinal));
        }
        var row = Regex.Match(html, "<tr data-item=\"WELLBEING-01\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains(noClearChange, Text(row));
        Assert.Contains("24 / 25", Text(row));
    }

    [Fact]
    public async Task TheLegendAndTheBars_AreInScaleOrder_AndThePageIsPrintable()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(1, 1, 1, 1, 2));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 1, 1, 2, 2));
        using var leader = await LeaderAsync(survey);
        await WaitForComparisonAsync(leader, survey, 0, 1, 6, 6);

        using var response = await leader.GetAsync($"/surveys/{survey.SurveyId}/results");
        var html = await response.Content.ReadAsStringAsync();
        var block = Article(html, "WELLBEING-01");

        // Legend: every position, zero categories included, in scale order with the item's own words (not alphabetical).
        var legend = Regex.Match(block, "<ul class=\"legend\".*?</ul>", RegexOptions.Singleline).Value;
        Assert.Equal(["1", "2", "3", "4", "5"], Regex.Matches(legend, "<li data-position=\"(\\d)\"").Select(m => m.Groups[1].Value));
        var labels = Regex.Matches(legend, "</span> (.*?)</li>").Select(m => Text(m.Groups[1].Value)).ToList();
        Assert.Equal(["Ikke i det hele tatt", "Sjeldent", "Noen ganger, andre ganger ikke", "Ofte", "Alltid"], labels);
        Assert.NotEqual(labels.Order(StringComparer.Ordinal), labels);

        // Bars: segments left to right in scale order, each bar with all five positions (the zero one draws nothing).
        foreach (Match bar in Regex.Matches(block, "<g class=\"bar\".*?(?=<g class=\"bar\"|<line class=\"centre\")", RegexOptions.Singleline))
        {
            var segments = Regex.Matches(bar.Value, "<g class=\"seg\" data-position=\"(\\d)\".*?</g>", RegexOptions.Singleline).ToList();
            Assert.Equal(["1", "2", "3", "4", "5"], segments.Select(s => s.Groups[1].Value));
            var xs = segments.Select(s => Regex.Match(s.Value, "<rect x=\"([\\d.]+)\"")).Where(m => m.Success)
                .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(xs.Order(), xs);
        }
        var after = Regex.Matches(block, "<g class=\"bar\" data-row=\"1\">.*?<g class=\"seg\" data-position=\"1\" data-percent=\"0\">(.*?)</g>", RegexOptions.Singleline);
        Assert.Single(after);
        Assert.DoesNotContain("<rect", after[0].Groups[1].Value);

        // Print: an A4 stylesheet that hides navigation and keeps items whole; a print button shown only by script.
        Assert.Contains("@media print", html);
        Assert.Contains("@page{size:A4 portrait", html);
        Assert.Contains("break-inside:avoid", html);
        Assert.Matches("<button type=\"button\" id=\"print\"[^>]*hidden>Skriv ut</button>", html);
        Assert.Contains("window.print()", html);

        // No third-party requests, nothing inline that the CSP would refuse.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain(" style=\"", html);
        Assert.Contains("script-src 'nonce-", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Single(Regex.Matches(html, "<script"));
    }

    [Fact]
    public async Task TheWeakestItems_PrintTheirRule_AndLinkToStartingAnImprovementAction()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 1, 2, 2, 1));
        using (var client = Factory.CreateClient())
        {
            // T3 gets the lowest answers in the later round.
            for (var i = 0; i < 6; i++)
            {
                var answers = new Dictionary<string, int> { ["WELLBEING-01"] = 5, ["WELLBEING-02"] = 4, ["WELLBEING-03"] = 1 + i % 2, ["WELLBEING-04"] = 4 };
                using var posted = await client.PostAsJsonAsync($"/api/kiosk/{survey.Tokens[1]}/responses", new { responseId = Guid.NewGuid(), answers });
            }
        }
        using var leader = await LeaderAsync(survey);
        await WaitForComparisonAsync(leader, survey, 0, 1, 6, 6);

        var html = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results");

        var section = Section(html, "weakest");
        var text = Text(section);
        Assert.Contains("Svakeste spørsmål i 2026-etter", text);
        Assert.Contains("Lavest gjennomsnitt først", text);
        Assert.True(text.IndexOf("Lavest gjennomsnitt først", StringComparison.Ordinal) < text.IndexOf("T3", StringComparison.Ordinal));
        var first = Regex.Match(section, "<li data-item=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal("WELLBEING-03", first);
        Assert.Contains($"href=\"/surveys/{survey.SurveyId}/actions/new?item=WELLBEING-03&amp;round={survey.RoundIds[1]}\"", section);
        Assert.Equal(4, Regex.Matches(section, ">Lag forbedringstiltak<").Count);
        Assert.Contains("1,5 av 5", text);
    }

    [Fact]
    public async Task ThreeRounds_AddATrendTable_AndTheRoundPickerChoosesThePair()
    {
        var survey = await SurveyAsync(Factory, rounds: 3);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(1, 1, 1, 1, 1));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 1, 1, 2, 2));
        await AnswerAsync(Factory, survey.Tokens[2], Positions(0, 0, 2, 0, 0));
        await WaitForFoldsAsync(Factory, survey.RoundIds[2], 2);
        using var leader = await LeaderAsync(survey);
        await WaitForComparisonAsync(leader, survey, 0, 1, 5, 6);

        // Default pair: the last two rounds; the last has too few answers.
        var latest = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results");
        Assert.Contains("For få svar til å vise resultat", Text(Article(latest, "WELLBEING-01")));
        var trend = Text(Section(latest, "trend"));
        Assert.Contains("Utvikling over alle runder", trend);
        Assert.Contains("2026-før", trend);
        Assert.Contains("2026-oppfølging 1", trend);
        Assert.Contains("40 %", trend);      // 2 of 5 gave 4 or 5 in the first round
        Assert.Contains("67 %", trend);      // 4 of 6 in the second
        Assert.Contains("For få svar til å vise resultat", trend);
        Assert.Contains("færre enn 5", trend);

        // The picker: both selects list every round; asking for the first two shows their comparison.
        Assert.Equal(2, Regex.Matches(latest, $"<option value=\"{survey.RoundIds[0]}\"").Count);
        var chosen = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results?before={survey.RoundIds[0]}&after={survey.RoundIds[1]}");
        Assert.Contains($"<option value=\"{survey.RoundIds[0]}\" selected>", chosen);
        Assert.Contains("<svg class=\"bars\"", Article(chosen, "WELLBEING-01"));

        using var bad = await leader.GetAsync($"/surveys/{survey.SurveyId}/results?before=nope&after={survey.RoundIds[1]}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Runden «nope» hører ikke til undersøkelsen.", Text(await bad.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task InEnglish_ThePageUsesEnglishWordsAndADecimalPoint()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 1, 2, 2, 1));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 0, 1, 3, 3));
        using var leader = await LeaderAsync(survey);
        await WaitForComparisonAsync(leader, survey, 0, 1, 6, 7);

        var html = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results?lang=en");

        var text = Text(html);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Too few answers to say whether anything changed", text);
        Assert.Contains("cohort comparison, not individual change", text, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"\d\.\d of 5", text);
        Assert.Matches(@"\d+%", text);
        Assert.Contains("My supervisor listens to me when I have something important to say.", text);
        Assert.Contains("Not at all", text);
        Assert.Contains("<input type=\"hidden\" name=\"lang\" value=\"en\">", html);
    }

    [Fact]
    public async Task ARoundEditedAfterItsAnswers_ShowsItsNewInvitedCountAtOnce()
    {
        var survey = await SurveyAsync(Factory, rounds: 2, invited: 30);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(1, 1, 2, 1, 1));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(1, 1, 2, 1, 1));
        using var leader = await LeaderAsync(survey);
        await WaitForComparisonAsync(leader, survey, 0, 1, 6, 6);
        Assert.Contains("20 %", Text(await PageAsync(leader, $"/surveys/{survey.SurveyId}/results")));

        // The number invited is recorded later (the headcount at close, users.md A-05); nothing is answered after it.
        var catalog = Factory.Get<Surveys.Functions.Catalog.CatalogStore>();
        var round = (await catalog.GetRoundAsync(survey.SurveyId, survey.RoundIds[1], default))!;
        round.RecordInvited(12);
        await catalog.SaveRoundAsync(survey.OrganisationId, round, default);

        var html = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results");
        var row = Visible(Regex.Match(html, $"<tr data-round=\"{survey.RoundIds[1]}\">.*?</tr>", RegexOptions.Singleline).Value);
        Assert.Matches(@"6\s+12\s+50 %", row);
        Assert.Equal(12, (int?)(await leader.GetFromJsonAsync<JsonObject>($"/api/surveys/{survey.SurveyId}/comparison"))!["after"]!["invited"]);
    }

    [Fact]
    public async Task OneRound_SaysTwoAreNeeded_AndTheLeaderHomeLinksToTheResults()
    {
        var survey = await SurveyAsync(Factory, rounds: 1);
        using var leader = await LeaderAsync(survey);

        var html = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results");
        var home = await PageAsync(leader, "/leder");

        Assert.Contains("Det trengs to runder for å sammenligne", Text(html));
        Assert.Contains($"href=\"/surveys/{survey.SurveyId}/results\"", home);
    }
}
