using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Partners;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Partners;

/// <summary>
/// A partner (an occupational-health service) reaches exactly the surveys an organisation granted it,
/// through its users or its API tokens, and nothing else (issue 6, users.md O-01).
/// </summary>
public sealed class PartnerAccessTests(PartnerAccessTests.App app) : IClassFixture<PartnerAccessTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    /// <summary>Org A with two surveys (one granted), org B with one survey, a partner «Arca» and its admin.</summary>
    private async Task<(string OrgA, string Granted, string NotGranted, string OrgB, string OtherOrgSurvey, string Partner, HttpClient PartnerAdmin, HttpClient OrgAdmin)> SetUpAsync()
    {
        using var admin = Factory.AsAdmin();
        var a = await admin.CreateOrganisationWithRoundAsync("Arbeid A AS");
        var notGranted = await admin.CreateIdAsync($"/api/organisations/{a.Org}/surveys", new { instrument = "ETHICS", title = "Etikk 2026" });
        var b = await admin.CreateOrganisationWithRoundAsync("Arbeid B AS");
        var partner = await admin.CreatePartnerAsync("Arca");
        var partnerAdmin = await Factory.AsPartnerUserAsync($"admin-{Guid.NewGuid():N}@arca.no", partner, PartnerRole.Admin);
        var orgAdmin = await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@a.no", a.Org, OrganisationRole.Admin);
        return (a.Org, a.Survey, notGranted, b.Org, b.Survey, partner, partnerAdmin, orgAdmin);
    }

    [Fact]
    public async Task APartnerToken_PassesExportAccess_ForExactlyTheGrantedSurvey()
    {
        var s = await SetUpAsync();
        var grant = await s.OrgAdmin.GrantAsync(s.OrgA, s.Partner, [s.Granted]);
        var (_, secret) = await s.PartnerAdmin.CreateTokenAsync(s.Partner, "AMU-eksport");
        Assert.StartsWith("spt_", secret);

        var allowed = await Factory.ExportAccessAsync(s.Granted, bearer: secret);
        Assert.Equal(200, allowed.Status);
        Assert.Equal(new ExportScope(s.OrgA, s.Granted, "API-nøkkel «AMU-eksport» (Arca)", grant), allowed.Scope);

        // Not in the grant, another organisation's survey, a survey that does not exist: all 404.
        Assert.Equal(404, (await Factory.ExportAccessAsync(s.NotGranted, bearer: secret)).Status);
        Assert.Equal(404, (await Factory.ExportAccessAsync(s.OtherOrgSurvey, bearer: secret)).Status);
        Assert.Equal(404, (await Factory.ExportAccessAsync("survey-0000000000000000", bearer: secret)).Status);

        // The partner's view of its grants: the organisation, the one survey, its export URL.
        using var token = Factory.WithBearer(secret);
        var grants = (await token.GetFromJsonAsync<JsonArray>($"/api/partners/{s.Partner}/grants"))!;
        var only = Assert.Single(grants)!;
        Assert.Equal("Arbeid A AS", (string?)only["organisationName"]);
        Assert.Equal(grant, (string?)only["grantId"]);
        var survey = Assert.Single(only["surveys"]!.AsArray())!;
        Assert.Equal(s.Granted, (string?)survey["id"]);
        Assert.Equal("Trivsel 2026", (string?)survey["title"]);
        Assert.EndsWith($"/api/surveys/{s.Granted}/export", (string?)survey["exportUrl"]);

        // The token gives no rights in the organisation's own APIs, nor for another partner.
        using var admin = Factory.AsAdmin();
        var other = await admin.CreatePartnerAsync("Annen BHT");
        Assert.Equal(HttpStatusCode.NotFound, (await token.GetAsync($"/api/partners/{other}/grants")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await token.GetAsync($"/api/organisations/{s.OrgA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await token.GetAsync($"/api/surveys/{s.Granted}/rounds")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await token.GetAsync($"/api/surveys/{s.Granted}/comparison")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await token.GetAsync($"/api/organisations/{s.OrgA}/audit")).StatusCode);
        // …and cannot make more tokens (that is a partner admin's work).
        Assert.Equal(HttpStatusCode.Forbidden, (await token.PostAsJsonAsync($"/api/partners/{s.Partner}/tokens", new { name = "mer" })).StatusCode);
    }

    [Fact]
    public async Task AGrantForAllSurveys_CoversLaterSurveys_ButNoOtherOrganisations()
    {
        var s = await SetUpAsync();
        var grant = await s.OrgAdmin.GrantAsync(s.OrgA, s.Partner, null);
        var (_, secret) = await s.PartnerAdmin.CreateTokenAsync(s.Partner);
        var later = await s.OrgAdmin.CreateIdAsync($"/api/organisations/{s.OrgA}/surveys", new { instrument = "EXIT", title = "Avslutning" });

        foreach (var survey in new[] { s.Granted, s.NotGranted, later })
            Assert.Equal(grant, (await Factory.ExportAccessAsync(survey, bearer: secret)).Scope?.GrantId);
        Assert.Equal(404, (await Factory.ExportAccessAsync(s.OtherOrgSurvey, bearer: secret)).Status);

        using var token = Factory.WithBearer(secret);
        var grants = (await token.GetFromJsonAsync<JsonArray>($"/api/partners/{s.Partner}/grants"))!;
        Assert.True((bool)Assert.Single(grants)!["allSurveys"]!);
        Assert.Equal(3, grants[0]!["surveys"]!.AsArray().Count);
    }

    [Fact]
    public async Task ARevokedGrant_StopsAccessAtOnce_AndStaysListedAsRevoked()
    {
        var s = await SetUpAsync();
        var grant = await s.OrgAdmin.GrantAsync(s.OrgA, s.Partner, [s.Granted]);
        var (_, secret) = await s.PartnerAdmin.CreateTokenAsync(s.Partner);
        Assert.Equal(200, (await Factory.ExportAccessAsync(s.Granted, bearer: secret)).Status);

        using var revoke = await s.OrgAdmin.DeleteAsync($"/api/organisations/{s.OrgA}/grants/{grant}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        Assert.Equal(404, (await Factory.ExportAccessAsync(s.Granted, bearer: secret)).Status);
        using var token = Factory.WithBearer(secret);
        Assert.Empty((await token.GetFromJsonAsync<JsonArray>($"/api/partners/{s.Partner}/grants"))!);
        var listed = Assert.Single((await s.OrgAdmin.GetFromJsonAsync<JsonArray>($"/api/organisations/{s.OrgA}/grants"))!)!;
        Assert.False((bool)listed["active"]!);
        Assert.NotNull((string?)listed["revokedAt"]);
        Assert.Equal("Arca", (string?)listed["partnerName"]);
        // Revoking again changes nothing; an unknown grant is 404.
        Assert.Equal(HttpStatusCode.NoContent, (await s.OrgAdmin.DeleteAsync($"/api/organisations/{s.OrgA}/grants/{grant}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.OrgAdmin.DeleteAsync($"/api/organisations/{s.OrgA}/grants/grant-0000")).StatusCode);
    }

    [Fact]
    public async Task AnExpiredToken_IsRefusedWith401_NeverTreatedAsAnonymous()
    {
        var s = await SetUpAsync();
        await s.OrgAdmin.GrantAsync(s.OrgA, s.Partner, null);
        var (_, expired) = await Factory.Get<PartnerTokenStore>().CreateAsync(s.Partner, "gammel", DateTimeOffset.UtcNow.AddMinutes(-1), "test", default);

        Assert.Equal(401, (await Factory.ExportAccessAsync(s.Granted, bearer: expired)).Status);
        using var token = Factory.WithBearer(expired);
        using var response = await token.GetAsync($"/api/partners/{s.Partner}/grants");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("utløpt", await response.Content.ReadAsStringAsync());

        // A made-up token of the right shape is refused the same way.
        Assert.Equal(401, (await Factory.ExportAccessAsync(s.Granted, bearer: "spt_" + Secrets.NewToken())).Status);
        // The list shows the token as expired, without any secret.
        var list = (await s.PartnerAdmin.GetFromJsonAsync<JsonArray>($"/api/partners/{s.Partner}/tokens"))!;
        Assert.Equal("expired", (string?)Assert.Single(list)!["status"]);
        Assert.DoesNotContain(expired, list.ToJsonString());
    }

    [Fact]
    public async Task ARevokedToken_IsRefusedWith401_AtOnce()
    {
        var s = await SetUpAsync();
        await s.OrgAdmin.GrantAsync(s.OrgA, s.Partner, [s.Granted]);
        var (id, secret) = await s.PartnerAdmin.CreateTokenAsync(s.Partner, "AMU-eksport", days: 30);
        var (_, kept) = await s.PartnerAdmin.CreateTokenAsync(s.Partner, "Rapportverktøy");
        Assert.Equal(200, (await Factory.ExportAccessAsync(s.Granted, bearer: secret)).Status);

        using var revoke = await s.PartnerAdmin.DeleteAsync($"/api/partners/{s.Partner}/tokens/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        Assert.Equal(401, (await Factory.ExportAccessAsync(s.Granted, bearer: secret)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.WithBearer(secret).GetAsync($"/api/partners/{s.Partner}/grants")).StatusCode);
        Assert.Equal(200, (await Factory.ExportAccessAsync(s.Granted, bearer: kept)).Status);
        var list = (await s.PartnerAdmin.GetFromJsonAsync<JsonArray>($"/api/partners/{s.Partner}/tokens"))!;
        Assert.Equal("revoked", (string?)list.Single(t => (string?)t!["id"] == id)!["status"]);
        Assert.Equal("active", (string?)list.Single(t => (string?)t!["id"] != id)!["status"]);
    }

    [Fact]
    public async Task APartnerUser_ExportsWhatIsGranted_ButHasNoAccessToTheOrganisationsOwnApis()
    {
        var s = await SetUpAsync();
        var grant = await s.OrgAdmin.GrantAsync(s.OrgA, s.Partner, [s.Granted]);
        using var kari = await Factory.AsPartnerUserAsync("kari@arca.no", s.Partner);

        var allowed = await Factory.ExportAccessAsync(s.Granted, cookie: PartnerSetup.SessionCookieOf(kari));
        Assert.Equal(new ExportScope(s.OrgA, s.Granted, "kari@arca.no (Arca)", grant), allowed.Scope);
        Assert.Equal(404, (await Factory.ExportAccessAsync(s.NotGranted, cookie: PartnerSetup.SessionCookieOf(kari))).Status);
        Assert.Single((await kari.GetFromJsonAsync<JsonArray>($"/api/partners/{s.Partner}/grants"))!);
        var me = (await kari.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Equal("user", (string?)me["partners"]![s.Partner]!["role"]);

        var attempts = new[]
        {
            await kari.GetAsync($"/api/surveys/{s.Granted}/comparison"),
            await kari.GetAsync($"/api/surveys/{s.Granted}/trend"),
            await kari.GetAsync($"/api/organisations/{s.OrgA}"),
            await kari.GetAsync($"/api/organisations/{s.OrgA}/surveys"),
            await kari.GetAsync($"/api/organisations/{s.OrgA}/grants"),
            await kari.GetAsync($"/api/organisations/{s.OrgA}/audit"),
            await kari.GetAsync($"/api/surveys/{s.Granted}/rounds"),
            await kari.PostAsJsonAsync($"/api/organisations/{s.OrgA}/grants", new { partnerId = s.Partner }),
            await kari.DeleteAsync($"/api/organisations/{s.OrgA}/grants/{grant}"),
        };
        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        // A partner user (not admin) cannot add users or make tokens.
        Assert.Equal(HttpStatusCode.Forbidden, (await kari.PostAsJsonAsync($"/api/partners/{s.Partner}/tokens", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await kari.PostAsJsonAsync($"/api/partners/{s.Partner}/members", new { email = "ola@arca.no" })).StatusCode);
        // The grant is still in force.
        Assert.True((bool)Assert.Single((await s.OrgAdmin.GetFromJsonAsync<JsonArray>($"/api/organisations/{s.OrgA}/grants"))!)!["active"]!);
    }

    [Fact]
    public async Task OnlyTheOrganisationsAdmins_Grant_AndOnlyThePartnersAdmins_ManageIt()
    {
        var s = await SetUpAsync();
        using var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@a.no", s.OrgA, OrganisationRole.Leader);
        using var otherOrgAdmin = await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@b.no", s.OrgB, OrganisationRole.Admin);

        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync($"/api/organisations/{s.OrgA}/grants", new { partnerId = s.Partner })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrgAdmin.PostAsJsonAsync($"/api/organisations/{s.OrgA}/grants", new { partnerId = s.Partner })).StatusCode);
        // An organisation admin is nobody at the partner; a leader still exports nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await s.OrgAdmin.GetAsync($"/api/partners/{s.Partner}/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.OrgAdmin.PostAsJsonAsync($"/api/partners/{s.Partner}/members", new { email = "snik@a.no", role = "admin" })).StatusCode);
        Assert.Equal(403, (await Factory.ExportAccessAsync(s.Granted, cookie: PartnerSetup.SessionCookieOf(leader))).Status);
        // The organisation's own admin exports without a grant.
        var own = await Factory.ExportAccessAsync(s.Granted, cookie: PartnerSetup.SessionCookieOf(s.OrgAdmin));
        Assert.Equal(200, own.Status);
        Assert.Null(own.Scope!.GrantId);

        // The partner admin adds a colleague, who can then see the partner's grants.
        using var added = await s.PartnerAdmin.PostAsJsonAsync($"/api/partners/{s.Partner}/members", new { email = "Ola@Arca.no", name = "Ola", role = "user" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var ola = await Factory.Get<MemberStore>().FindByEmailAsync("ola@arca.no", default);
        Assert.Equal(PartnerRole.User, ola!.Partners[s.Partner]);
        Assert.Empty(ola.Organisations);
    }

    [Fact]
    public async Task AGrantWithUnknownPartnerOrSurveys_Is400NamingEveryField_AndNothingIsSaved()
    {
        var s = await SetUpAsync();
        using var response = await s.OrgAdmin.PostAsJsonAsync($"/api/organisations/{s.OrgA}/grants", new
        {
            partnerId = "partner-ukjent",
            surveyIds = new[] { s.Granted, s.OtherOrgSurvey },
            delivery = new { schedule = "weekly", format = "pdf", recipients = new[] { "ikke en adresse" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["delivery.format", "delivery.recipients[0]", "delivery.schedule", "partnerId", "surveyIds[1]"], errors.Select(e => e.Key).Order().ToArray());
        Assert.Empty((await s.OrgAdmin.GetFromJsonAsync<JsonArray>($"/api/organisations/{s.OrgA}/grants"))!);

        // A scheduled delivery needs recipients; a good one is kept as given.
        using var noRecipients = await s.OrgAdmin.PostAsJsonAsync($"/api/organisations/{s.OrgA}/grants", new { partnerId = s.Partner, delivery = new { schedule = "monthly" } });
        Assert.Equal(HttpStatusCode.BadRequest, noRecipients.StatusCode);
        await s.OrgAdmin.CreateIdAsync($"/api/organisations/{s.OrgA}/grants", new
        {
            partnerId = s.Partner,
            delivery = new { schedule = "afterRoundCloses", format = "xlsx", content = "results", language = "en", recipients = new[] { "AMU@arca.no" } },
        });
        var stored = Assert.Single(await Factory.Get<GrantStore>().ListForOrganisationAsync(s.OrgA, default));
        Assert.Null(stored.SurveyIds);
        Assert.Equal((DeliverySchedule.AfterRoundCloses, "xlsx", "results", "en"), (stored.Delivery.Schedule, stored.Delivery.Format, stored.Delivery.Content, stored.Delivery.Language));
        Assert.Equal(["amu@arca.no"], stored.Delivery.Recipients);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.PartnerAdmin.PostAsJsonAsync($"/api/partners/{s.Partner}/tokens", new { name = "lang", expiresInDays = 366 })).StatusCode);
    }

    [Fact]
    public async Task GrantAndTokenChanges_AreInTheOrganisationsAuditLog_NewestFirst()
    {
        var s = await SetUpAsync();
        var grant = await s.OrgAdmin.GrantAsync(s.OrgA, s.Partner, [s.Granted]);
        var (tokenId, _) = await s.PartnerAdmin.CreateTokenAsync(s.Partner, "AMU-eksport");
        Assert.Equal(HttpStatusCode.NoContent, (await s.PartnerAdmin.DeleteAsync($"/api/partners/{s.Partner}/tokens/{tokenId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await s.OrgAdmin.DeleteAsync($"/api/organisations/{s.OrgA}/grants/{grant}")).StatusCode);

        var log = (await s.OrgAdmin.GetFromJsonAsync<JsonArray>($"/api/organisations/{s.OrgA}/audit"))!;
        Assert.Equal(["grant-revoked", "token-revoked", "token-created", "grant-created"], log.Select(e => (string)e!["action"]!).ToArray());
        var created = log[3]!;
        Assert.Equal(grant, (string?)created["subject"]);
        Assert.Equal("Arca", (string?)created["details"]!["partner"]);
        Assert.Equal(s.Granted, (string?)created["details"]!["surveys"]);
        Assert.EndsWith("@a.no", (string?)created["actor"]);
        Assert.Matches(@"^admin-\w+@arca\.no \(Arca\)$", (string?)log[2]!["actor"]);
        Assert.Equal("AMU-eksport", (string?)log[2]!["details"]!["tokenName"]);
        Assert.Equal(tokenId, (string?)log[1]!["subject"]);
        Assert.NotNull((string?)log[0]!["at"]);

        Assert.Equal(2, (await s.OrgAdmin.GetFromJsonAsync<JsonArray>($"/api/organisations/{s.OrgA}/audit?max=2"))!.Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.OrgAdmin.GetAsync($"/api/organisations/{s.OrgA}/audit?max=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.OrgAdmin.GetAsync($"/api/organisations/{s.OrgA}/audit?max=abc")).StatusCode);
        // Organisation B granted nothing, so its log is empty; a leader cannot read A's log.
        using var admin = Factory.AsAdmin();
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{s.OrgB}/audit"))!);
        using var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@a.no", s.OrgA, OrganisationRole.Leader);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync($"/api/organisations/{s.OrgA}/audit")).StatusCode);
    }

    [Fact]
    public async Task TheAuditPage_ShowsTheLogToTheOrganisationsAdmins_Only()
    {
        var s = await SetUpAsync();
        await s.OrgAdmin.GrantAsync(s.OrgA, s.Partner, [s.Granted]);
        await s.PartnerAdmin.CreateTokenAsync(s.Partner, "AMU-eksport");

        var page = WebUtility.HtmlDecode(await s.OrgAdmin.GetStringAsync("/leder/logg"));
        Assert.Contains("Arbeid A AS", page);
        Assert.Contains("Tilgang gitt", page);
        Assert.Contains("API-nøkkel laget", page);
        Assert.Contains("(Arca)", page);
        Assert.Contains("Access granted", await s.OrgAdmin.GetStringAsync("/leder/logg?lang=en"));

        using var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@a.no", s.OrgA, OrganisationRole.Leader);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/leder/logg")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.PartnerAdmin.GetAsync("/leder/logg")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync("/leder/logg")).StatusCode);
    }

    [Fact]
    public async Task APersonWhoIsBothLeaderAndPartnerUser_KeepsBothMemberships()
    {
        var s = await SetUpAsync();
        var email = $"begge-{Guid.NewGuid():N}@arca.no";
        using var byPartner = await s.PartnerAdmin.PostAsJsonAsync($"/api/partners/{s.Partner}/members", new { email, role = "user" });
        using var byOrg = await s.OrgAdmin.PostAsJsonAsync($"/api/organisations/{s.OrgA}/members", new { email, role = "leader" });
        Assert.Equal(HttpStatusCode.OK, byPartner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOrg.StatusCode);

        var member = await Factory.Get<MemberStore>().FindByEmailAsync(email, default);
        Assert.Equal(PartnerRole.User, member!.Partners[s.Partner]);
        Assert.Equal(OrganisationRole.Leader, member.Organisations[s.OrgA].Role);
        // Promoting the partner role keeps the organisation membership too.
        await s.PartnerAdmin.PostAsJsonAsync($"/api/partners/{s.Partner}/members", new { email, role = "admin" });
        member = await Factory.Get<MemberStore>().FindByEmailAsync(email, default);
        Assert.Equal((PartnerRole.Admin, OrganisationRole.Leader), (member!.Partners[s.Partner], member.Organisations[s.OrgA].Role));
    }
}
