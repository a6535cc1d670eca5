using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Audit;
using Surveys.Functions.Catalog;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Setup.SurveySetup;

/// <summary>
/// What the set-up pages post to: a survey with its wording adjusted item by item and a unit, and a round closed,
/// reopened or given a new number invited (PATCH /api/rounds/{id}). Bad input is a ProblemDetails naming the field,
/// and changes nothing.
/// </summary>
public sealed class SurveySetupApiTests(SurveySetupApiTests.App app) : IClassFixture<SurveySetupApiTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    private const string NewEthics07 = "Som veileder er jeg bevisst egne verdier og holdninger, og hvordan de kommer til uttrykk i relasjonen til deltakeren.";

    private async Task<(HttpClient Admin, string Org)> OrganisationAsync(string name = "Oppsett AS")
    {
        using var platform = Factory.AsAdmin();
        var org = await platform.CreateIdAsync("/api/organisations", new { name, units = new[] { "AFT", "VTA" } });
        return (await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Admin), org);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private Task<IReadOnlyList<AuditEntry>> AuditAsync(string org) => Factory.Get<AuditLog>().ListAsync(org, 50, default);

    [Fact]
    public async Task TextsKeyedByItem_AsTheFormSendsThem_ChangeTheWording_AndTheItemKeepsItsIdentity()
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new
        {
            instrument = "ETHICS",
            title = "Etikk før og etter",
            unit = "vta",
            texts = new Dictionary<string, Dictionary<string, string>>
            {
                ["ETHICS-07"] = new() { ["nb"] = NewEthics07 },
                // The form sends every item; an unchanged text is no edit.
                ["ETHICS-01"] = new() { ["nb"] = Instruments.Ethics.Items[0].Text.Norwegian },
            },
        });

        var stored = await Factory.Get<CatalogStore>().LoadSurveyAsync(org, survey, default);
        Assert.Equal(Instruments.Ethics.Items.Select(i => i.Id), stored!.Items.Select(i => i.Id));
        Assert.Equal(NewEthics07, stored.FindItem("ETHICS-07")!.Text.Norwegian);
        Assert.Equal(2, stored.FindItem("ETHICS-07")!.TextRevision);
        Assert.Equal(1, stored.FindItem("ETHICS-01")!.TextRevision);
        var listed = (await admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{org}/surveys"))!.Single()!;
        Assert.Equal("VTA", (string?)listed["unit"]);
    }

    public static TheoryData<string, string, string> BadSurveys => new()
    {
        { "texts for an unknown item", """{"instrument":"ETHICS","title":"x","texts":{"ETHICS-99":{"nb":"Hei"}}}""", "texts.ETHICS-99" },
        { "an empty text", """{"instrument":"ETHICS","title":"x","texts":{"ETHICS-01":{"nb":"  "}}}""", "texts.ETHICS-01.nb" },
        { "a text that is too long", "{\"instrument\":\"ETHICS\",\"title\":\"x\",\"texts\":{\"ETHICS-01\":{\"nb\":\"" + new string('a', Item.TextMaxLength + 1) + "\"}}}", "texts.ETHICS-01.nb" },
        { "a language the platform lacks", """{"instrument":"ETHICS","title":"x","texts":{"ETHICS-01":{"de":"Hallo"}}}""", "texts.ETHICS-01.de" },
        { "a number for a text", """{"instrument":"ETHICS","title":"x","texts":{"ETHICS-01":{"nb":5}}}""", "texts.ETHICS-01.nb" },
        { "texts not an object", """{"instrument":"ETHICS","title":"x","texts":["a"]}""", "texts" },
        { "the same text in wording and texts", """{"instrument":"ETHICS","title":"x","wording":[{"itemId":"ETHICS-01","language":"nb","text":"A"}],"texts":{"ETHICS-01":{"nb":"B"}}}""", "texts.ETHICS-01.nb" },
        { "a unit the organisation lacks", """{"instrument":"USER","title":"x","unit":"Kantina"}""", "unit" },
        { "an optional item the instrument lacks", """{"instrument":"EMPLOYEE","title":"x","optionalItems":["EMPLOYEE-99"]}""", "optionalItems.EMPLOYEE-99" },
        { "another instrument's optional item", """{"instrument":"USER","title":"x","optionalItems":["EMPLOYEE-19"]}""", "optionalItems.EMPLOYEE-19" },
        { "the after round's retrospective set", """{"instrument":"ETHICS","title":"x","optionalItems":["ETHICS-R01"]}""", "optionalItems.ETHICS-R01" },
        { "optional items that are not a list", """{"instrument":"EMPLOYEE","title":"x","optionalItems":"EMPLOYEE-19"}""", "optionalItems" },
        { "texts for an optional item not chosen", """{"instrument":"EMPLOYEE","title":"x","texts":{"EMPLOYEE-19":{"nb":"Hei"}}}""", "texts.EMPLOYEE-19" },
    };

    [Fact]
    public async Task OptionalQuestions_AreIncludedInTheInstrumentsOrder_WithTheirWording_AndTheKioskAsksThem()
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;
        const string communication = "Hvordan opplever du kommunikasjonen i avdelingen?";
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new
        {
            instrument = "EMPLOYEE",
            title = "Medarbeidere 2027",
            optionalItems = new[] { "EMPLOYEE-20", "EMPLOYEE-19" },
            texts = new Dictionary<string, Dictionary<string, string>> { ["EMPLOYEE-19"] = new() { ["nb"] = communication } },
        });

        var stored = (await Factory.Get<CatalogStore>().LoadSurveyAsync(org, survey, default))!;
        Assert.Equal(Instruments.Employee.AllItems.Select(i => i.Id), stored.Items.Select(i => i.Id));
        Assert.Equal(communication, stored.FindItem("EMPLOYEE-19")!.Text.Norwegian);
        Assert.Equal(2, stored.FindItem("EMPLOYEE-19")!.TextRevision);

        var round = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "2027", opens = "2026-01-01" });
        var link = (await (await admin.PostAsync($"/api/rounds/{round}/kiosk-links", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var kiosk = (await Factory.CreateClient().GetFromJsonAsync<JsonObject>($"/api/kiosk/{link["token"]}/survey"))!;
        var items = kiosk["items"]!.AsArray();
        Assert.Equal(Instruments.Employee.AllItems.Count, items.Count);
        Assert.Equal(communication, (string?)items.Single(i => (string?)i!["id"] == "EMPLOYEE-19")!["text"]!["nb"]);
        Assert.Contains(items, i => (string?)i!["id"] == "EMPLOYEE-20");

        // Without optional items a survey has the instrument's default items only, as before.
        var plain = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "EMPLOYEE", title = "Uten tillegg" });
        Assert.Equal(Instruments.Employee.Items.Select(i => i.Id), (await Factory.Get<CatalogStore>().LoadSurveyAsync(org, plain, default))!.Items.Select(i => i.Id));
    }

    [Theory]
    [MemberData(nameof(BadSurveys))]
    public async Task ABadSurvey_IsAProblemNamingTheField_AndNothingIsCreated(string why, string body, string field)
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;

        using var response = await admin.PostAsync($"/api/organisations/{org}/surveys", Json(body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{org}/surveys"))!);
    }

    [Fact]
    public async Task AnAdminLimitedToAUnit_MakesSurveysForThatUnitOnly()
    {
        var (_, org) = await OrganisationAsync();
        using var vta = await Factory.AsMemberAsync($"vta-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Admin, ["VTA"]);

        using var other = await vta.PostAsJsonAsync($"/api/organisations/{org}/surveys", new { instrument = "USER", title = "Bruker", unit = "AFT" });
        using var none = await vta.PostAsJsonAsync($"/api/organisations/{org}/surveys", new { instrument = "USER", title = "Bruker" });
        var own = await vta.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "USER", title = "Bruker", unit = "VTA" });

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal([own], (await vta.GetFromJsonAsync<JsonArray>($"/api/organisations/{org}/surveys"))!.Select(s => (string?)s!["id"]));
    }

    [Fact]
    public async Task ClosingARound_StopsTheKioskAtOnce_AndReopeningLetsItAnswerAgain_BothInTheAuditLog()
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "WELLBEING", title = "Trivsel" });
        var round = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "2026-før", opens = "2026-01-01", invited = 12 });
        var token = (string)(await (await admin.PostAsync($"/api/rounds/{round}/kiosk-links", Json("{}"))).Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        Assert.Equal(HttpStatusCode.Accepted, (await AnswerAsync(token)).Status);

        using var close = await admin.PatchAsync($"/api/rounds/{round}", Json("""{"closed":true}"""));
        var closed = (await close.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.False((bool)closed["open"]!);
        Assert.NotNull(closed["closes"]);
        // The save forgets the kiosk's cached round (ADR 16): this instance refuses the next answer at once.
        var refused = await AnswerAsync(token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains(ErrorCodes.RoundClosed, refused.Body);
        Assert.False((bool)(await admin.GetFromJsonAsync<JsonArray>($"/api/surveys/{survey}/rounds"))!.Single()!["open"]!);

        using var reopen = await admin.PatchAsync($"/api/rounds/{round}", Json("""{"closed":false}"""));
        Assert.Equal(HttpStatusCode.OK, reopen.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await AnswerAsync(token)).Status);
        Assert.Null((await reopen.Content.ReadFromJsonAsync<JsonObject>())!["closes"]);

        var log = await AuditAsync(org);
        Assert.Equal(["round-reopened", "round-closed", "kiosk-link-created"], log.Select(e => e.Action));
        Assert.All(log, e => Assert.Equal(round, e.Subject));
        Assert.All(log, e => Assert.StartsWith("admin-", e.Actor));
        Assert.Equal("2026-før", log[1].Details["label"]);
    }

    [Fact]
    public async Task ClosingTwice_ChangesNothingTheSecondTime_AndANewNumberInvitedIsLoggedWithItsOldValue()
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "EXIT", title = "Slutt" });
        var round = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "2026", opens = "2026-01-01", invited = 12, continuous = true });

        using var first = await admin.PatchAsync($"/api/rounds/{round}", Json("""{"closed":true}"""));
        var closes = (await first.Content.ReadFromJsonAsync<JsonObject>())!["closes"]!.ToString();
        using var second = await admin.PatchAsync($"/api/rounds/{round}", Json("""{"closed":true}"""));
        using var invited = await admin.PatchAsync($"/api/rounds/{round}", Json("""{"invited":15}"""));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(closes, (await second.Content.ReadFromJsonAsync<JsonObject>())!["closes"]!.ToString());
        Assert.Equal(15, (int)(await invited.Content.ReadFromJsonAsync<JsonObject>())!["invited"]!);
        var log = await AuditAsync(org);
        Assert.Equal(["round-changed", "round-closed"], log.Select(e => e.Action));
        Assert.Equal("12 → 15", log[0].Details["invited"]);
    }

    public static TheoryData<string, string, string> BadChanges => new()
    {
        { "nothing to change", "{}", "closed" },
        { "closed not true or false", """{"closed":"ja"}""", "closed" },
        { "closed now with a new closing date", """{"closed":true,"closes":"2090-01-01"}""", "closes" },
        { "a closing date already past", """{"closes":"2001-01-01"}""", "closes" },
        { "not a date", """{"closes":"snart"}""", "closes" },
        { "a negative number invited", """{"invited":-1}""", "invited" },
        { "closing a round that has not opened", """{"closed":true}""", "closed" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task ABadRoundChange_IsAProblemNamingTheField_AndChangesNothing(string why, string body, string field)
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "WELLBEING", title = "Trivsel" });
        var round = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "Senere", opens = "2089-01-01", invited = 12 });
        var before = (await admin.GetFromJsonAsync<JsonArray>($"/api/surveys/{survey}/rounds"))!.ToJsonString();

        using var response = await admin.PatchAsync($"/api/rounds/{round}", Json(body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonArray>($"/api/surveys/{survey}/rounds"))!.ToJsonString());
        Assert.Empty(await AuditAsync(org));
    }

    [Fact]
    public async Task OnlyTheOrganisationsAdmins_MayCloseARound()
    {
        var (admin, org) = await OrganisationAsync();
        using var _ = admin;
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "WELLBEING", title = "Trivsel" });
        var round = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "2026", opens = "2026-01-01" });
        var (stranger, _) = await OrganisationAsync("Annen AS");
        using var __ = stranger;
        using var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Leader);
        using var anonymous = Factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PatchAsync($"/api/rounds/{round}", Json("""{"closed":true}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PatchAsync($"/api/rounds/{round}", Json("""{"closed":true}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PatchAsync($"/api/rounds/{round}", Json("""{"closed":true}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsync("/api/rounds/round-nope", Json("""{"closed":true}"""))).StatusCode);
        Assert.True((bool)(await admin.GetFromJsonAsync<JsonArray>($"/api/surveys/{survey}/rounds"))!.Single()!["open"]!);
        Assert.Empty(await AuditAsync(org));
    }

    private async Task<(HttpStatusCode Status, string Body)> AnswerAsync(string token)
    {
        using var client = Factory.CreateClient();
        var body = System.Text.Json.JsonSerializer.Serialize(new { responseId = Guid.NewGuid(), answers = new Dictionary<string, int> { ["WELLBEING-01"] = 3 }, language = "nb" });
        using var response = await client.PostAsync($"/api/kiosk/{token}/responses", Json(body));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
