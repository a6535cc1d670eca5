using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Audit;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Setup;

/// <summary>/leder/personer and the member APIs behind it: list, add, change a role, remove; never the last admin; audited.</summary>
public sealed class PeopleSetupTests(PeopleSetupTests.App app) : IClassFixture<PeopleSetupTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    private async Task<(string Org, HttpClient Admin)> OrganisationAsync(string name)
    {
        using var platform = Factory.AsAdmin();
        var org = await platform.CreateIdAsync("/api/organisations", new { name, units = new[] { "AFT", "VTA" } });
        return (org, await Factory.AsMemberAsync($"admin@{name.ToLowerInvariant().Replace(' ', '-')}.no", org, OrganisationRole.Admin));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<IReadOnlyList<string>> AuditActionsAsync(string org) =>
        (await Factory.Get<AuditLog>().ListAsync(org, 50, default)).Select(e => $"{e.Action} {e.Subject}").ToList();

    [Fact]
    public async Task AnAdmin_SeesThePeople_AndTheFormsPostToTheMemberApi()
    {
        var (org, admin) = await OrganisationAsync("Folk AS");
        using var _ = admin;
        await Factory.AsMemberAsync("kari@folk.no", org, OrganisationRole.Leader, ["VTA"]);

        using var response = await admin.GetAsync($"/leder/personer?org={org}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("kari@folk.no", page);
        Assert.Contains("admin@folk-as.no", page);
        Assert.Contains("(deg)", page);
        Assert.Contains($"data-url=\"/api/organisations/{org}/members\"", page);
        var kari = MemberStore.IdOf("kari@folk.no");
        Assert.Contains($"data-url=\"/api/organisations/{org}/members/{kari}\"", page);
        Assert.Contains("People", await admin.GetStringAsync($"/leder/personer?org={org}&lang=en"));

        var edit = WebUtility.HtmlDecode(await admin.GetStringAsync($"/leder/personer?org={org}&endre={kari}"));
        Assert.Contains("data-method=\"PUT\"", edit);
        Assert.Contains("value=\"VTA\" checked", edit);

        // One organisation: no ?org= needed.
        Assert.Contains("kari@folk.no", await admin.GetStringAsync("/leder/personer"));
    }

    [Fact]
    public async Task ThePage_IsForAdminsOnly_AndSaysSo()
    {
        var (org, admin) = await OrganisationAsync("Bare AS");
        using var _ = admin;
        using var leader = await Factory.AsMemberAsync("leder@bare.no", org, OrganisationRole.Leader);
        var (other, otherAdmin) = await OrganisationAsync("Andre AS");
        using var __ = otherAdmin;

        using var asLeader = await leader.GetAsync($"/leder/personer?org={org}");
        Assert.Equal(HttpStatusCode.Forbidden, asLeader.StatusCode);
        Assert.Contains("administratorer", await asLeader.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync("/leder/personer")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync($"/leder/personer?org={org}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().GetAsync($"/leder/personer?org={org}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync($"/api/organisations/{org}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync($"/api/organisations/{org}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.DeleteAsync($"/api/organisations/{org}/members/{MemberStore.IdOf("admin@bare-as.no")}")).StatusCode);
    }

    [Fact]
    public async Task ChangingARole_IsSavedAndAudited()
    {
        var (org, admin) = await OrganisationAsync("Rolle AS");
        using var _ = admin;
        await Factory.AsMemberAsync("per@rolle.no", org, OrganisationRole.Leader);
        var per = MemberStore.IdOf("per@rolle.no");

        using var response = await admin.PutAsync($"/api/organisations/{org}/members/{per}", Json("""{"role":"admin","units":[]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = (await admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{org}/members"))!;
        Assert.Equal("admin", (string?)listed.Single(m => (string?)m!["email"] == "per@rolle.no")!["role"]);
        Assert.Contains("member-changed per@rolle.no", await AuditActionsAsync(org));
    }

    public static TheoryData<string, string> BadChanges => new()
    {
        { """{"role":"boss"}""", "role" },
        { """{}""", "role" },
        { """{"role":"leader","units":["Kantina"]}""", "units" },
        { """{"role":"leader","units":"AFT"}""", "units" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task ABadChange_IsAProblemNamingTheField_AndChangesNothing(string body, string field)
    {
        var (org, admin) = await OrganisationAsync("Feil rolle AS");
        using var _ = admin;
        await Factory.AsMemberAsync("ola@feil.no", org, OrganisationRole.Leader, ["AFT"]);

        using var response = await admin.PutAsync($"/api/organisations/{org}/members/{MemberStore.IdOf("ola@feil.no")}", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field]);
        var ola = (await admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{org}/members"))!.Single(m => (string?)m!["email"] == "ola@feil.no")!;
        Assert.Equal("leader", (string?)ola["role"]);
        Assert.Equal("AFT", (string?)ola["units"]![0]);
        Assert.DoesNotContain(await AuditActionsAsync(org), a => a.StartsWith("member-changed ola", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLastAdmin_CannotBeDemotedOrRemoved_ByAnyRoute()
    {
        var (org, admin) = await OrganisationAsync("Siste AS");
        using var _ = admin;
        var me = MemberStore.IdOf("admin@siste-as.no");

        using var demote = await admin.PutAsync($"/api/organisations/{org}/members/{me}", Json("""{"role":"leader"}"""));
        using var remove = await admin.DeleteAsync($"/api/organisations/{org}/members/{me}");
        using var viaPost = await admin.PostAsJsonAsync($"/api/organisations/{org}/members", new { email = "admin@siste-as.no", role = "leader" });

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, viaPost.StatusCode);
        Assert.Contains("siste administratoren", (string?)(await remove.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
        Assert.Equal("admin", (string?)(await admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{org}/members"))!.Single()!["role"]);
    }

    [Fact]
    public async Task TwoAdminsDemotingEachOtherAtOnce_LeaveOneAdmin_AndTheOtherIsTold()
    {
        var (org, kari) = await OrganisationAsync("Samtidig AS");
        using var _ = kari;
        using var per = await Factory.AsMemberAsync("per@samtidig-as.no", org, OrganisationRole.Admin);
        var kariId = MemberStore.IdOf("admin@samtidig-as.no");
        var perId = MemberStore.IdOf("per@samtidig-as.no");

        var answers = await Task.WhenAll(
            kari.PutAsync($"/api/organisations/{org}/members/{perId}", Json("""{"role":"leader"}""")),
            per.PutAsync($"/api/organisations/{org}/members/{kariId}", Json("""{"role":"leader"}""")));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        foreach (var answer in answers) answer.Dispose();
        var members = await Factory.Get<MemberStore>().ListForOrganisationAsync(org, default);
        Assert.Single(members, m => m.Organisations[org].Role == OrganisationRole.Admin);
    }

    [Fact]
    public async Task TheStore_NeverLeavesAnOrganisationWithoutAnAdmin_HoweverTheChangesInterleave()
    {
        var store = Factory.Get<MemberStore>();
        for (var round = 0; round < 8; round++)
        {
            var org = $"org-race-{Guid.NewGuid():N}"[..24];
            var a = (await store.GrantAsync($"a-{round}@{org}.no", "A", org, new Membership(OrganisationRole.Admin, null), default)).Id;
            var b = (await store.GrantAsync($"b-{round}@{org}.no", "B", org, new Membership(OrganisationRole.Admin, null), default)).Id;

            // One demotes, the other is removed, at the same moment.
            var outcomes = await Task.WhenAll(
                store.ChangeKeepingAnAdminAsync(a, org, new Membership(OrganisationRole.Leader, null), default),
                store.ChangeKeepingAnAdminAsync(b, org, null, default));

            Assert.Equal([MembershipChange.Changed, MembershipChange.LastAdmin], outcomes.Select(o => o.Outcome).Order());
            var admins = (await store.ListForOrganisationAsync(org, default)).Count(m => m.Organisations[org].Role == OrganisationRole.Admin);
            Assert.Equal(1, admins);
        }
    }

    [Fact]
    public async Task RemovingAPerson_TakesTheirAccessAtOnce_AndIsAudited()
    {
        var (org, admin) = await OrganisationAsync("Slutt AS");
        using var _ = admin;
        using var leaving = await Factory.AsMemberAsync("slutter@slutt.no", org, OrganisationRole.Leader);
        Assert.Equal(HttpStatusCode.OK, (await leaving.GetAsync($"/api/organisations/{org}")).StatusCode);

        using var response = await admin.DeleteAsync($"/api/organisations/{org}/members/{MemberStore.IdOf("slutter@slutt.no")}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leaving.GetAsync($"/api/organisations/{org}")).StatusCode);
        Assert.DoesNotContain("slutter@slutt.no", await admin.GetStringAsync($"/leder/personer?org={org}"));
        Assert.Contains("member-removed slutter@slutt.no", await AuditActionsAsync(org));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/organisations/{org}/members/{MemberStore.IdOf("slutter@slutt.no")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/organisations/{org}/members/not%20an%20id")).StatusCode);
    }

    [Fact]
    public async Task AddingAPerson_IsAudited()
    {
        var (org, admin) = await OrganisationAsync("Ny AS");
        using var _ = admin;

        using var response = await admin.PostAsJsonAsync($"/api/organisations/{org}/members", new { email = "Ny@Ny.no", name = "Nina Ny", role = "leader", units = new[] { "AFT" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("member-added ny@ny.no", await AuditActionsAsync(org));
        Assert.Contains("Nina Ny", await admin.GetStringAsync($"/leder/personer?org={org}"));
    }
}
