using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Functions.Tests.Partners;

namespace Surveys.Functions.Tests.Setup;

/// <summary>/leder/partnere and /leder/sammendrag: what an admin and a leader see, and that the pages' calls take effect.</summary>
public sealed class PartnerAndDigestSetupTests(PartnerAndDigestSetupTests.App app) : IClassFixture<PartnerAndDigestSetupTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    [Fact]
    public async Task AnAdmin_SeesTheGrants_AndRevokingWithThePagesButton_EndsThePartnersAccess()
    {
        using var platform = Factory.AsAdmin();
        var (org, survey, _) = await platform.CreateOrganisationWithRoundAsync("Tilgang AS");
        var partner = await platform.CreatePartnerAsync("Arca Bedriftshelse");
        using var admin = await Factory.AsMemberAsync("admin@tilgang.no", org, OrganisationRole.Admin);

        var before = WebUtility.HtmlDecode(await admin.GetStringAsync($"/leder/partnere?org={org}"));
        Assert.Contains("Ingen partner har tilgang.", before);
        Assert.Contains($"data-url=\"/api/organisations/{org}/grants\"", before);
        Assert.Contains($"value=\"{survey}\"", before);

        var grant = await admin.GrantAsync(org, partner, [survey]);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/leder/partnere?org={org}"));
        Assert.Contains("Arca Bedriftshelse", page);
        Assert.Contains("Trivsel 2026", page);
        Assert.Contains("Gjelder", page);
        var button = $"data-url=\"/api/organisations/{org}/grants/{grant}\"";
        Assert.Contains(button, page);
        Assert.Equal(200, (await Factory.ExportAccessAsync(survey, bearer: (await (await Factory.AsPartnerUserAsync("kari@arca.no", partner, PartnerRole.Admin)).CreateTokenAsync(partner)).Secret)).Status);

        using var revoke = await admin.DeleteAsync($"/api/organisations/{org}/grants/{grant}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        var after = WebUtility.HtmlDecode(await admin.GetStringAsync($"/leder/partnere?org={org}"));
        Assert.Contains("Trukket tilbake", after);
        Assert.DoesNotContain(button, after);
        Assert.False((bool)(await admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{org}/grants"))!.Single()!["active"]!);
    }

    [Fact]
    public async Task ThePartnersPage_IsForAdminsOnly()
    {
        using var platform = Factory.AsAdmin();
        var (org, _, _) = await platform.CreateOrganisationWithRoundAsync("Leder AS");
        using var leader = await Factory.AsMemberAsync("leder@leder.no", org, OrganisationRole.Leader);

        using var response = await leader.GetAsync($"/leder/partnere?org={org}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("administratorer", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync($"/leder/partnere?org={org}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync("/leder/partnere?org=org-nope")).StatusCode);
    }

    [Fact]
    public async Task ALeader_ChoosesTheirOwnDigest_AndAnAdminSeesWhoGetsIt()
    {
        using var platform = Factory.AsAdmin();
        var (org, _, _) = await platform.CreateOrganisationWithRoundAsync("Sammendrag AS");
        using var admin = await Factory.AsMemberAsync("admin@sammendrag.no", org, OrganisationRole.Admin);
        using var leader = await Factory.AsMemberAsync("leder@sammendrag.no", org, OrganisationRole.Leader);

        var leaderPage = WebUtility.HtmlDecode(await leader.GetStringAsync($"/leder/sammendrag?org={org}"));
        Assert.Contains("Til leder@sammendrag.no: <strong>av</strong>", leaderPage);
        Assert.Contains($"data-url=\"/api/organisations/{org}/digest/subscription\"", leaderPage);
        Assert.Contains("data-body=\"{\"frequency\":\"weekly\"}\"", leaderPage);
        Assert.DoesNotContain("Hvem får den", leaderPage);

        // What the page's «Hver uke» button sends, and the admin's form.
        Assert.Equal(HttpStatusCode.OK, (await leader.PutAsJsonAsync($"/api/organisations/{org}/digest/subscription", new { frequency = "weekly" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/organisations/{org}/digest", new { extraRecipients = new[] { "amu@sammendrag.no" } })).StatusCode);

        Assert.Contains("<strong>hver uke</strong>", await leader.GetStringAsync($"/leder/sammendrag?org={org}"));
        var adminPage = WebUtility.HtmlDecode(await admin.GetStringAsync($"/leder/sammendrag?org={org}"));
        Assert.Contains("Hvem får den", adminPage);
        Assert.Contains("leder@sammendrag.no", adminPage);
        Assert.Contains(">amu@sammendrag.no</textarea>", adminPage);
        Assert.Contains("data-type=\"lines\"", adminPage);
        Assert.Contains("Digest e-mail", await admin.GetStringAsync($"/leder/sammendrag?org={org}&lang=en"));
    }

    [Fact]
    public async Task TheDigestPage_RefusesThoseOutsideTheOrganisation()
    {
        using var platform = Factory.AsAdmin();
        var (org, _, _) = await platform.CreateOrganisationWithRoundAsync("Lukket AS");
        var (other, _, _) = await platform.CreateOrganisationWithRoundAsync("Åpen AS");
        using var stranger = await Factory.AsMemberAsync("fremmed@apen.no", other, OrganisationRole.Admin);
        var partner = await platform.CreatePartnerAsync("Partner");
        using var partnerUser = await Factory.AsPartnerUserAsync("p@partner.no", partner);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/leder/sammendrag?org={org}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partnerUser.GetAsync("/leder/sammendrag")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync("/leder/sammendrag")).StatusCode);
    }
}
