using System.Net;
using Surveys.Functions.Access;
using Surveys.Functions.Audit;
using Surveys.Functions.Partners;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Functions.Tests.Review;

namespace Surveys.Functions.Tests.Partners;

/// <summary>
/// Issue 6, done when: a partner token exports exactly what it was granted through the export API, and
/// nothing else (another organisation, a survey outside the grant, a revoked grant, an expired token);
/// every export it makes is in the granting organisation's audit log.
/// </summary>
public sealed class PartnerExportTests(PartnerExportTests.App app) : IClassFixture<PartnerExportTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: true, settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    private static string ExportUrl(string survey) => $"/api/surveys/{survey}/export?format=csv&content=results";

    [Fact]
    public async Task APartnerToken_ExportsExactlyTheGrantedSurvey_AndEveryExportIsAudited()
    {
        var granted = await ResultsSeed.SurveyAsync(Factory, rounds: 1, title: "Medarbeiderundersøkelse");
        await ResultsSeed.AnswerAsync(Factory, granted.Tokens[0], ResultsSeed.Positions(1, 2, 2, 1, 0));
        await ResultsSeed.WaitForFoldsAsync(Factory, granted.RoundIds[0], 6);
        // Partners take closed rounds only: first the round is still open.
        var catalog = Factory.Get<Surveys.Functions.Catalog.CatalogStore>();
        var round = (await catalog.GetRoundAsync(granted.SurveyId, granted.RoundIds[0], default))!;
        var otherOrganisation = await ResultsSeed.SurveyAsync(Factory, rounds: 1);
        using var admin = Factory.AsAdmin();
        var notGranted = await admin.CreateIdAsync($"/api/organisations/{granted.OrganisationId}/surveys", new { instrument = "ETHICS", title = "Etikk" });
        var partner = await admin.CreatePartnerAsync("Arca");
        using var partnerAdmin = await Factory.AsPartnerUserAsync($"admin-{Guid.NewGuid():N}@arca.no", partner, PartnerRole.Admin);
        using var orgAdmin = await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@a.no", granted.OrganisationId, OrganisationRole.Admin);
        var grant = await orgAdmin.GrantAsync(granted.OrganisationId, partner, [granted.SurveyId]);
        var (_, secret) = await partnerAdmin.CreateTokenAsync(partner, "AMU-eksport");
        using var token = Factory.WithBearer(secret);

        using (var open = await token.GetAsync(ExportUrl(granted.SurveyId)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, open.StatusCode);
            Assert.Contains("ingen lukkede runder", await open.Content.ReadAsStringAsync());
        }
        round.Close(DateTimeOffset.UtcNow.AddMinutes(-1));
        await catalog.SaveRoundAsync(granted.OrganisationId, round, default);

        using (var ok = await token.GetAsync(ExportUrl(granted.SurveyId)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var bytes = await ok.Content.ReadAsByteArrayAsync();
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            Assert.Contains("2026-før", System.Text.Encoding.UTF8.GetString(bytes));
        }
        foreach (var survey in new[] { notGranted, otherOrganisation.SurveyId })
        {
            using var refused = await token.GetAsync(ExportUrl(survey));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        var audit = await Factory.Get<AuditLog>().ListAsync(granted.OrganisationId, 100, default);
        var export = Assert.Single(audit, e => e.Action == "export");
        Assert.Equal("API-nøkkel «AMU-eksport» (Arca)", export.Actor);
        Assert.Equal(granted.SurveyId, export.Subject);
        Assert.Equal(grant, export.Details["grant"]);
        Assert.DoesNotContain(await Factory.Get<AuditLog>().ListAsync(otherOrganisation.OrganisationId, 100, default), e => e.Action == "export");

        // Revoking the grant stops the token's exports at once; an expired token is refused as a caller.
        using (var revoke = await orgAdmin.DeleteAsync($"/api/organisations/{granted.OrganisationId}/grants/{grant}"))
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using (var afterRevoke = await token.GetAsync(ExportUrl(granted.SurveyId)))
            Assert.Equal(HttpStatusCode.NotFound, afterRevoke.StatusCode);
        await orgAdmin.GrantAsync(granted.OrganisationId, partner, [granted.SurveyId]);
        var (_, expired) = await Factory.Get<PartnerTokenStore>().CreateAsync(partner, "gammel", DateTimeOffset.UtcNow.AddMinutes(-1), "test", default);
        using (var expiredCall = await Factory.WithBearer(expired).GetAsync(ExportUrl(granted.SurveyId)))
            Assert.Equal(HttpStatusCode.Unauthorized, expiredCall.StatusCode);

        // Only the one successful export is in the log.
        Assert.Single(await Factory.Get<AuditLog>().ListAsync(granted.OrganisationId, 100, default), e => e.Action == "export");
    }

    [Fact]
    public async Task ARemovedPartnerUser_LosesAccessAtOnce_WhileTheirColleaguesKeepIt()
    {
        using var admin = Factory.AsAdmin();
        var (org, survey, _) = await admin.CreateOrganisationWithRoundAsync("Fjerning AS");
        var partner = await admin.CreatePartnerAsync("Arca");
        using var orgAdmin = await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@a.no", org, OrganisationRole.Admin);
        await orgAdmin.GrantAsync(org, partner, [survey]);
        var leaverEmail = $"slutter-{Guid.NewGuid():N}@arca.no";
        using var leaver = await Factory.AsPartnerUserAsync(leaverEmail, partner);
        using var colleague = await Factory.AsPartnerUserAsync($"blir-{Guid.NewGuid():N}@arca.no", partner, PartnerRole.Admin);
        Assert.Equal(200, (await Factory.ExportAccessAsync(survey, cookie: PartnerSetup.SessionCookieOf(leaver))).Status);

        // A plain user cannot remove anyone; the partner's admin can.
        var leaverId = MemberStore.IdOf(leaverEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await leaver.DeleteAsync($"/api/partners/{partner}/members/{leaverId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await colleague.DeleteAsync($"/api/partners/{partner}/members/{leaverId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.DeleteAsync($"/api/partners/{partner}/members/{leaverId}")).StatusCode);

        Assert.Equal(404, (await Factory.ExportAccessAsync(survey, cookie: PartnerSetup.SessionCookieOf(leaver))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await leaver.GetAsync($"/api/partners/{partner}/grants")).StatusCode);
        Assert.Equal(200, (await Factory.ExportAccessAsync(survey, cookie: PartnerSetup.SessionCookieOf(colleague))).Status);
        var removed = Assert.Single(await Factory.Get<AuditLog>().ListAsync(org, 100, default), e => e.Action == "partner-member-removed");
        Assert.Equal(leaverEmail, removed.Details["member"]);
    }
}
