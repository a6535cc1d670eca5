using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Catalog;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Access;

/// <summary>Setting up organisations, surveys and rounds through the API; bad input changes nothing.</summary>
public sealed class CatalogApiTests(CatalogApiTests.App app) : IClassFixture<CatalogApiTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    [Fact]
    public async Task ASurveyWithEditedWording_KeepsItemIdentity_AndTheKioskShowsTheNewWords()
    {
        using var admin = Factory.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", new { name = "Veiledning AS" });
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new
        {
            instrument = "ETHICS",
            title = "Etikk før og etter",
            wording = new[] { new { itemId = "ETHICS-07", language = "nb", text = "Som veileder er jeg bevisst egne verdier og holdninger, og hvordan de kommer til uttrykk i relasjonen til deltakeren." } },
        });
        var round = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "Før", opens = "2026-01-01", closes = "2030-01-01", invited = 14 });
        var link = (await (await admin.PostAsync($"/api/rounds/{round}/kiosk-links", null)).Content.ReadFromJsonAsync<JsonObject>())!;

        var kiosk = (await Factory.CreateClient().GetFromJsonAsync<JsonObject>($"/api/kiosk/{link["token"]}/survey"))!;
        var item = kiosk["items"]!.AsArray().Single(i => (string?)i!["id"] == "ETHICS-07")!;
        Assert.StartsWith("Som veileder er jeg bevisst", (string?)item["text"]!["nb"]);
        Assert.Equal(9, kiosk["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task ACustomSurvey_IsCreatedFromItsOwnItems()
    {
        using var admin = Factory.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", new { name = "Egen AS" });
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new
        {
            title = "Kantina",
            items = new object[]
            {
                new { id = "KANTINE-01", scale = "SCALE-FREQ5", text = new Dictionary<string, string> { ["nb"] = "Jeg liker maten i kantina.", ["en"] = "I like the food in the canteen." } },
                new { id = "KANTINE-02", scale = "TEXT", text = new Dictionary<string, string> { ["nb"] = "Hva vil du spise?" } },
            },
        });
        var rounds = await admin.GetFromJsonAsync<JsonArray>($"/api/surveys/{survey}/rounds");
        Assert.Empty(rounds!);
        var stored = await Factory.Get<CatalogStore>().LoadSurveyAsync(org, survey, default);
        Assert.Equal(["KANTINE-01", "KANTINE-02"], stored!.Items.Select(i => i.Id));
    }

    public static TheoryData<string, string, string> BadSurveys => new()
    {
        { "unknown instrument", """{"instrument":"NOPE","title":"x"}""", "instrument" },
        { "no title", """{"instrument":"ETHICS"}""", "title" },
        { "title not text", """{"instrument":"ETHICS","title":42}""", "title" },
        { "neither instrument nor items", """{"title":"x"}""", "instrument" },
        { "wording for an unknown item", """{"instrument":"ETHICS","title":"x","wording":[{"itemId":"ETHICS-99","language":"nb","text":"Hei"}]}""", "ETHICS-99" },
        { "wording not a list", """{"instrument":"ETHICS","title":"x","wording":{"a":1}}""", "wording" },
        { "label set from another scale", """{"instrument":"WELLBEING","title":"x","labelSets":{"WELLBEING-01":"LBL-KNOW5-STD"}}""", "labelSet" },
        { "custom item with an unknown scale", """{"title":"x","items":[{"id":"A-1","scale":"SCALE-99","text":{"nb":"Hei"}}]}""", "SCALE-99" },
        { "custom item with numbers for text", """{"title":"x","items":[{"id":"A-1","scale":"TEXT","text":{"nb":5}}]}""", "items[0]" },
    };

    [Theory]
    [MemberData(nameof(BadSurveys))]
    public async Task ABadSurvey_IsRefusedWithAProblemNamingIt_AndNothingIsCreated(string why, string body, string named)
    {
        using var admin = Factory.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", new { name = "Feil AS" });

        using var response = await admin.PostAsync($"/api/organisations/{org}/surveys", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{org}/surveys"))!);
    }

    [Theory]
    [InlineData("""{"label":""}""", "label")]
    [InlineData("""{"label":"Før","opens":"not a date"}""", "opens")]
    [InlineData("""{"label":"Før","opens":"2026-06-01","closes":"2026-01-01"}""", "closes")]
    [InlineData("""{"label":"Før","invited":-3}""", "invited")]
    [InlineData("""{"label":"Før","invited":"tolv"}""", "invited")]
    public async Task ABadRound_IsRefused_AndNothingIsCreated(string body, string named)
    {
        using var admin = Factory.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", new { name = "Runde AS" });
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "USER", title = "Brukerundersøkelse" });

        using var response = await admin.PostAsync($"/api/surveys/{survey}/rounds", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>($"/api/surveys/{survey}/rounds"))!);
    }

    [Fact]
    public async Task MembersGetOnlyKnownUnitsAndRoles()
    {
        using var admin = Factory.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", new { name = "Enhet AS", units = new[] { "AFT", "VTA" } });

        using var badUnit = await admin.PostAsJsonAsync($"/api/organisations/{org}/members", new { email = "a@example.no", units = new[] { "Kantina" } });
        using var badRole = await admin.PostAsJsonAsync($"/api/organisations/{org}/members", new { email = "a@example.no", role = "owner" });
        using var badEmail = await admin.PostAsJsonAsync($"/api/organisations/{org}/members", new { email = "not an address" });
        using var ok = await admin.PostAsJsonAsync($"/api/organisations/{org}/members", new { email = "Leder@Example.no", name = "Lea Leder", units = new[] { "VTA" } });

        Assert.Equal(HttpStatusCode.BadRequest, badUnit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var member = await Factory.Get<Surveys.Functions.Access.MemberStore>().FindByEmailAsync("leder@example.no", default);
        Assert.Equal(["VTA"], member!.Organisations[org].Units!);
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesEveryApiEndpoint()
    {
        // Generated from the functions (OpenApiGenerator) and compared here with what the build declares in functions.metadata;
        // tests/Surveys.Functions.Tests/Api/OpenApiDocumentTests checks the rest (summaries, parameters, bodies, responses).
        var document = (await Factory.CreateClient().GetFromJsonAsync<JsonObject>("/api/openapi.json"))!;
        var described = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}")).ToHashSet();
        var actual = FunctionsMetadata.Http.Where(f => f.Route!.StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(f => f.Methods.Select(m => $"{m} /{f.Route}")).ToHashSet();

        Assert.Equal(actual.Order(), described.Order());
        Assert.Contains("POST /api/organisations/{orgId}/surveys", described);
    }
}
