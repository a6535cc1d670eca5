using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Setup.SurveySetup;

/// <summary>The new-survey and survey/rounds pages as an organisation's administrator sees them, and what everyone else gets.</summary>
public sealed class SurveySetupPagesTests(SurveySetupPagesTests.App app) : IClassFixture<SurveySetupPagesTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    private async Task<(HttpClient Admin, string Org)> OrganisationAsync(string name = "Oppsett AS")
    {
        using var platform = Factory.AsAdmin();
        var org = await platform.CreateIdAsync("/api/organisations", new { name, units = new[] { "AFT", "VTA" } });
        return (await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Admin), org);
    }

    private static async Task<string> PageAsync(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode} {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(csp, "script-src 'nonce-([^']+)'").Groups[1].Value;
        foreach (Match script in Regex.Matches(html, "<script([^>]*)>"))
            Assert.Contains($"nonce=\"{nonce}\"", script.Groups[1].Value);
        return Regex.Replace(html, ">\\s+<", "><"); // the markup's line breaks between elements are not what a user sees
    }

    [Fact]
    public async Task TheNewSurveyPage_OffersTheFiveInstruments_AndPreviewsTheChosenOnesQuestionsAndAnswerWords()
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;

        var choose = Visible(await PageAsync(admin, $"/leder/undersokelser/ny?org={org}"));
        foreach (var name in new[] { "Etisk egenevaluering", "Trivselsundersøkelse", "Sluttundersøkelse", "Brukerundersøkelse", "Medarbeiderundersøkelse" })
            Assert.Contains(name, choose);
        Assert.DoesNotContain("Lag undersøkelsen", choose);

        var html = await PageAsync(admin, $"/leder/undersokelser/ny?org={org}&instrument=WELLBEING");
        var text = Visible(html);
        Assert.Contains($"data-url=\"/api/organisations/{org}/surveys\"", html);
        Assert.Contains("<input type=\"hidden\" name=\"instrument\" value=\"WELLBEING\" />", html);
        Assert.Contains("name=\"texts.WELLBEING-01.nb\"", html);
        Assert.Contains("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.", text);
        Assert.Contains("id=\"err-texts.WELLBEING-01.nb\"", html);
        Assert.Equal(4, Regex.Matches(html, "<textarea ").Count);
        // The answer words under the faces, in scale order.
        Assert.Matches("1\\s+Ikke i det hele tatt.*5\\s+Alltid", text);
        Assert.Contains("<option value>Hele organisasjonen</option><option value=\"AFT\">AFT</option><option value=\"VTA\">VTA</option>", html);
        Assert.Contains("value=\"fagveilederen\"", html); // the word for the counsellor, offered for replacing

        var english = Visible(await PageAsync(admin, $"/leder/undersokelser/ny?org={org}&instrument=USER&lang=en"));
        Assert.Contains("New survey", english);
        Assert.Contains("How satisfied are you with the help you get from your counsellor?", english);
        Assert.Contains("Not applicable", english);
    }

    [Fact]
    public async Task TheSurveyPage_ListsRoundsInTheOrderTheResultsCompareThem_WithCloseReopenAndLinks()
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new
        {
            instrument = "WELLBEING", title = "Trivsel VTA", unit = "VTA",
            texts = new Dictionary<string, Dictionary<string, string>> { ["WELLBEING-02"] = new() { ["nb"] = "Jeg kan dele personlige ting med veilederen min" } },
        });
        var after = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "2026-etter", opens = "2026-06-01", invited = 14 });
        var before = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "2026-før", opens = "2026-01-01", closes = "2026-02-01", invited = 12 });

        var html = await PageAsync(admin, $"/leder/undersokelser/{survey}");
        var text = Visible(html);

        Assert.Contains("Trivsel VTA", text);
        Assert.Contains("VTA", text);
        Assert.True(html.IndexOf($"data-round=\"{before}\"", StringComparison.Ordinal) < html.IndexOf($"data-round=\"{after}\"", StringComparison.Ordinal));
        Assert.Contains("sammenligner de to siste rundene etter startdato: «2026-før» (før) og «2026-etter» (etter)", text);
        Assert.Contains($"<option value=\"{before}\" selected>2026-før</option>", html);
        Assert.Contains($"href=\"/surveys/{survey}/results\"", html);
        Assert.Contains($"href=\"/rounds/{before}/paper\"", html);
        Assert.Contains($"href=\"/rounds/{after}/paper\"", html);
        Assert.Contains($"data-url=\"/api/surveys/{survey}/rounds\"", html);
        var beforeRow = Regex.Match(html, $"<tr data-round=\"{before}\">.*?</tr>", RegexOptions.Singleline).Value;
        var afterRow = Regex.Match(html, $"<tr data-round=\"{after}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("Lukket", Visible(beforeRow));
        Assert.Contains("Åpne igjen", Visible(beforeRow));
        Assert.Contains("Åpen", Visible(afterRow));
        Assert.Contains($"data-url=\"/api/rounds/{after}\" data-method=\"PATCH\" data-body=\"{{&quot;closed&quot;:true}}\"", afterRow);
        Assert.Contains("Jeg kan dele personlige ting med veilederen min (ordlyden er endret)", text);

        // «Endre» on a row: a form for its number invited and closing date takes the place of the add-round form.
        Assert.Contains($"href=\"/leder/undersokelser/{survey}?runde={after}#change\"", afterRow);
        var change = await PageAsync(admin, $"/leder/undersokelser/{survey}?runde={after}");
        Assert.Contains($"data-url=\"/api/rounds/{after}\" data-method=\"PATCH\"", change);
        Assert.Contains("name=\"invited\" type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"1000000\" data-type=\"number\" value=\"14\"", change);
        Assert.Contains("Endre runden «2026-etter»", Visible(change));
        Assert.DoesNotContain($"data-url=\"/api/surveys/{survey}/rounds\"", change);

        // What the close button sends: the page then shows the round closed.
        using var close = await admin.PatchAsync($"/api/rounds/{after}", new StringContent("""{"closed":true}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var closed = await PageAsync(admin, $"/leder/undersokelser/{survey}?lang=en");
        Assert.Contains("Closed", Visible(Regex.Match(closed, $"<tr data-round=\"{after}\">.*?</tr>", RegexOptions.Singleline).Value));
        Assert.Contains($"href=\"/rounds/{after}/paper?lang=en\"", closed);
    }

    [Fact]
    public async Task TheSetUpPages_RefuseEveryoneButTheOrganisationsAdmins_WithAPageThatSaysSo()
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "USER", title = "Bruker" });
        using var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Leader);
        var (stranger, _) = await OrganisationAsync("Annen AS");
        using var __ = stranger;
        using var anonymous = Factory.CreateClient();

        foreach (var url in new[] { $"/leder/undersokelser/ny?org={org}", $"/leder/undersokelser/{survey}" })
        {
            Assert.Contains("Logg inn", Visible(await PageAsync(anonymous, url, HttpStatusCode.Unauthorized)));
            Assert.Contains("Bare organisasjonens administratorer", Visible(await PageAsync(leader, url, HttpStatusCode.Forbidden)));
            Assert.Contains("Fant ikke", Visible(await PageAsync(stranger, url, HttpStatusCode.NotFound)));
        }
        await PageAsync(admin, "/leder/undersokelser/survey-nope", HttpStatusCode.NotFound);
        await PageAsync(admin, "/leder/undersokelser/%3Cscript%3E", HttpStatusCode.NotFound);
        await PageAsync(admin, "/leder/undersokelser/ny?org=org-nope", HttpStatusCode.NotFound);
        // An admin of one organisation need not name it; an unknown instrument is said, not a failure.
        var unknown = Visible(await PageAsync(admin, "/leder/undersokelser/ny?instrument=%3Cb%3ENOPE"));
        Assert.Contains("Skjemaet «<b>NOPE» finnes ikke", unknown);
    }
}
