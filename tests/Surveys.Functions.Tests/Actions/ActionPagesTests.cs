using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Actions;

/// <summary>The action pages as a signed-in leader sees them, and what everyone else gets.</summary>
public sealed class ActionPagesTests(ActionPagesTests.App app) : IClassFixture<ActionPagesTests.App>
{
    public sealed class App() : SurveysAppFixture();

    private SurveysApp Factory => app.Factory;

    private Task<HttpClient> LeaderAsync(string organisationId, IReadOnlyList<string>? units = null) =>
        Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", organisationId, OrganisationRole.Leader, units);

    private static async Task<string> PageAsync(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode} {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        if (expected == HttpStatusCode.OK)
        {
            // The form script runs only with this response's nonce.
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            var nonce = Regex.Match(csp, "script-src 'nonce-([^']+)'").Groups[1].Value;
            foreach (Match script in Regex.Matches(html, "<script([^>]*)>"))
                Assert.Contains($"nonce=\"{nonce}\"", script.Groups[1].Value);
        }
        return html;
    }

    private static async Task<string> CreateAsync(HttpClient client, string organisationId, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/organisations/{organisationId}/actions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    private static string Latest(string html) => Visible(Regex.Match(html, "<p id=\"latest-result\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value).Trim();

    [Fact]
    public async Task TheNewActionForm_FromAWeakestItem_ShowsTheItemAndItsResult_AndSuppressesASmallRound()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 1, 2, 2, 1));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 1, 1, 1, 0));
        await WaitForFoldsAsync(Factory, survey.RoundIds[0], 6);
        await WaitForFoldsAsync(Factory, survey.RoundIds[1], 3);
        using var leader = await LeaderAsync(survey.OrganisationId);

        // The results page links here from the weakest items of the latest round.
        var results = await PageAsync(leader, $"/surveys/{survey.SurveyId}/results?before={survey.RoundIds[1]}&after={survey.RoundIds[0]}");
        Assert.Contains($"/surveys/{survey.SurveyId}/actions/new?item=", results);

        var html = await PageAsync(leader, $"/surveys/{survey.SurveyId}/actions/new?item=WELLBEING-02&round={survey.RoundIds[0]}");
        var text = Visible(html);
        Assert.Contains("Nytt forbedringstiltak", text);
        // One 2, two 3s, two 4s and one 5: mean 3.5, one of six (17 %) among the two lowest answers.
        Assert.Equal("Resultat i 2026-før: snitt 3,5 av 5 · 17 % ga et av de to laveste svarene · n = 6", Latest(html));
        Assert.Contains("name=\"itemId\" value=\"WELLBEING-02\"", html);
        Assert.Contains($"name=\"promptingRoundId\" value=\"{survey.RoundIds[0]}\"", html);
        Assert.Contains("SMART-sjekkliste", text);
        foreach (var word in new[] { "Spesifikk", "Målbar", "Attraktiv", "Realistisk", "Tidsbestemt", "Evaluert", "Planlagt", "Pågår", "Fullført", "Avbrutt", "Ledergruppen", "AMU", "Bedriftshelsetjenesten", "Brukerforum" })
            Assert.Contains(word, text);
        Assert.Contains($"<option value=\"{survey.RoundIds[1]}\">2026-etter</option>", html);
        Assert.Contains("id=\"err-ownerName\"", html);
        Assert.Contains($"data-url=\"/api/organisations/{survey.OrganisationId}/actions\"", html);

        var small = (await PageAsync(leader, $"/surveys/{survey.SurveyId}/actions/new?item=WELLBEING-02&round={survey.RoundIds[1]}"));
        Assert.Equal("Resultat i 2026-etter: For få svar til å vise resultat", Latest(small));
        Assert.DoesNotContain("n = 3", Visible(small));

        var english = Visible(await PageAsync(leader, $"/surveys/{survey.SurveyId}/actions/new?item=WELLBEING-02&round={survey.RoundIds[1]}&lang=en"));
        Assert.Contains("New improvement action", english);
        Assert.Contains("Too few answers to show a result", english);
    }

    [Fact]
    public async Task TheNewActionForm_WorksFromScratch_AndAUnitLeaderMustPickTheirUnit()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        using var leader = await LeaderAsync(survey.OrganisationId, ["VTA"]);

        var html = await PageAsync(leader, $"/surveys/{survey.SurveyId}/actions/new");

        Assert.DoesNotContain("name=\"itemId\"", html);
        Assert.Contains("<input id=\"f-title\" name=\"title\" type=\"text\" maxlength=\"200\" required", html);
        Assert.Contains("<select id=\"f-unit\" name=\"unit\" aria-describedby=\"err-unit\"><option value=\"VTA\">VTA</option></select>", html);
        Assert.Contains("2026-før", Text(html));
    }

    [Fact]
    public async Task TheList_ShowsOverdueInWords_AndFiltersByStatus_AndTheActionPageShowsHistoryAndEvaluation()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 1, 2, 2, 1));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 0, 1, 3, 3));
        using var leader = await LeaderAsync(survey.OrganisationId);
        await WaitForComparisonAsync(leader, survey, 0, 1, 6, 7);
        var late = await CreateAsync(leader, survey.OrganisationId, new
        {
            title = "Faste samtaler", ownerName = "Kari", dueDate = "2020-02-01", surveyId = survey.SurveyId, itemId = "WELLBEING-01", promptingRoundId = survey.RoundIds[0],
        });
        var later = await CreateAsync(leader, survey.OrganisationId, new { title = "Ny pauseordning", ownerName = "Ola", dueDate = "2099-02-01", status = "InProgress" });

        var list = await PageAsync(leader, "/leder/tiltak");
        var lateRow = Regex.Match(list, $"<tr class=\"overdue\" data-action=\"{late}\">.*?</tr>", RegexOptions.Singleline);
        Assert.True(lateRow.Success, "the late action's row is marked");
        Assert.Contains("⚠ Forfalt", Visible(lateRow.Value));
        Assert.Contains("Trivsel VTA", Visible(lateRow.Value));
        var laterRow = Regex.Match(list, $"<tr data-action=\"{later}\">.*?</tr>", RegexOptions.Singleline);
        Assert.True(laterRow.Success);
        Assert.DoesNotContain("Forfalt", laterRow.Value);
        Assert.Contains("Pågår", Visible(laterRow.Value));

        var inProgress = await PageAsync(leader, "/leder/tiltak?status=InProgress");
        Assert.Contains(later, inProgress);
        Assert.DoesNotContain(late, inProgress);
        var overdue = await PageAsync(leader, "/leder/tiltak?overdue=1");
        Assert.Contains(late, overdue);
        Assert.DoesNotContain(later, overdue);

        using var get = await leader.GetAsync($"/api/organisations/{survey.OrganisationId}/actions/{late}");
        var etag = get.Headers.ETag!.ToString();
        var page = await PageAsync(leader, $"/leder/tiltak/{survey.OrganisationId}/{late}");
        var text = Visible(page);
        Assert.Contains("<h1>Faste samtaler</h1>", page);
        Assert.Contains("⚠ Forfalt (frist 2020-02-01)", text);
        Assert.Contains($"data-etag=\"{System.Net.WebUtility.HtmlEncode(etag).Replace("&#39;", "&#x27;")}\"", page);
        Assert.Contains("Resultat av tiltaket", text);
        Assert.Contains("Endring fra 2026-før til 2026-etter", text);
        // Six answers before, seven after: figures with their counts, and no verdict (users.md L-07).
        Assert.Contains("For få svar til å si om noe har endret seg", text);
        Assert.Contains("<tr><th scope=\"row\">n</th><td>6</td><td>7</td></tr>", page);
        Assert.Contains("Historikk", text);
        Assert.Contains("(opprettet)", text);
        Assert.Contains("id=\"note-form\"", page);
    }

    [Fact]
    public async Task APageForAnotherUnitsAction_IsForbidden_AndNobodyElseGetsThePages()
    {
        var survey = await SurveyAsync(Factory, rounds: 1);
        using var vta = await LeaderAsync(survey.OrganisationId, ["VTA"]);
        using var aft = await LeaderAsync(survey.OrganisationId, ["AFT"]);
        var id = await CreateAsync(vta, survey.OrganisationId, new { title = "For VTA", ownerName = "Kari", dueDate = "2099-01-01", unit = "VTA" });

        await PageAsync(aft, $"/leder/tiltak/{survey.OrganisationId}/{id}", HttpStatusCode.Forbidden);
        Assert.DoesNotContain(id, await PageAsync(aft, "/leder/tiltak"));

        using var anonymous = Factory.CreateClient();
        foreach (var url in new[] { "/leder/tiltak", $"/leder/tiltak/{survey.OrganisationId}/{id}", $"/surveys/{survey.SurveyId}/actions/new" })
        {
            var html = await PageAsync(anonymous, url, HttpStatusCode.Unauthorized);
            Assert.Contains("href=\"/logg-inn\"", html);
            Assert.DoesNotContain("For VTA", html);
        }
        var other = await SurveyAsync(Factory, rounds: 1);
        using var outsider = await LeaderAsync(other.OrganisationId);
        await PageAsync(outsider, $"/leder/tiltak/{survey.OrganisationId}/{id}", HttpStatusCode.NotFound);
        await PageAsync(outsider, $"/surveys/{survey.SurveyId}/actions/new", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheLeaderHome_LinksToTheActions()
    {
        var survey = await SurveyAsync(Factory, rounds: 1);
        using var leader = await LeaderAsync(survey.OrganisationId);
        var html = await PageAsync(leader, "/leder");
        Assert.Contains("<a href=\"/leder/tiltak\">Forbedringstiltak</a>", html);
    }
}
