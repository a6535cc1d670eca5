using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Access;

/// <summary>Authorisation is checked on the server for every read and write.</summary>
public sealed class AuthorisationTests(AuthorisationTests.App app) : IClassFixture<AuthorisationTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    [Fact]
    public async Task TheBootstrapKey_SetsUpAnOrganisation_AndAWrongKeyIs401()
    {
        using var admin = Factory.AsAdmin();
        var (org, survey, round) = await admin.CreateOrganisationWithRoundAsync();
        Assert.StartsWith("org-", org);

        using var wrong = Factory.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key-but-long-enough-xyz");
        using var response = await wrong.PostAsJsonAsync("/api/organisations", new { name = "Snik AS" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ALeaderOfOneOrganisation_CannotReadOrChangeAnothers()
    {
        using var admin = Factory.AsAdmin();
        var mine = await admin.CreateOrganisationWithRoundAsync("Min bedrift AS");
        var theirs = await admin.CreateOrganisationWithRoundAsync("Annen bedrift AS");
        var theirLink = (await (await admin.PostAsync($"/api/rounds/{theirs.Round}/kiosk-links", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        using var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", mine.Org, OrganisationRole.Admin);

        var attempts = new List<HttpResponseMessage>
        {
            await leader.GetAsync($"/api/organisations/{theirs.Org}"),
            await leader.GetAsync($"/api/organisations/{theirs.Org}/surveys"),
            await leader.GetAsync($"/api/surveys/{theirs.Survey}/rounds"),
            await leader.PostAsJsonAsync($"/api/organisations/{theirs.Org}/surveys", new { instrument = "ETHICS", title = "Snik" }),
            await leader.PostAsJsonAsync($"/api/organisations/{theirs.Org}/members", new { email = "snik@example.no", role = "admin" }),
            await leader.PostAsJsonAsync($"/api/surveys/{theirs.Survey}/rounds", new { label = "snik" }),
            await leader.PostAsync($"/api/rounds/{theirs.Round}/kiosk-links", null),
            await leader.DeleteAsync($"/api/rounds/{theirs.Round}/kiosk-links/{theirLink["token"]}"),
        };

        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        // Nothing changed in the other organisation, and its kiosk link still works.
        var surveys = await admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{theirs.Org}/surveys");
        Assert.Single(surveys!);
        Assert.Single((await admin.GetFromJsonAsync<JsonArray>($"/api/surveys/{theirs.Survey}/rounds"))!);
        Assert.Null(await Factory.Get<MemberStore>().FindByEmailAsync("snik@example.no", default));
        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/kiosk/{theirLink["token"]}/survey")).StatusCode);
        // …while the leader's own organisation works.
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/organisations/{mine.Org}")).StatusCode);
    }

    [Fact]
    public async Task ALeader_CannotDoAnAdminsWork_ButAnOrganisationAdminCan()
    {
        using var admin = Factory.AsAdmin();
        var (org, survey, round) = await admin.CreateOrganisationWithRoundAsync();
        using var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Leader);
        using var orgAdmin = await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Admin);

        using var byLeader = await leader.PostAsJsonAsync($"/api/organisations/{org}/surveys", new { instrument = "ETHICS", title = "Etikk" });
        using var byAdmin = await orgAdmin.PostAsJsonAsync($"/api/organisations/{org}/surveys", new { instrument = "ETHICS", title = "Etikk" });

        Assert.Equal(HttpStatusCode.Forbidden, byLeader.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byAdmin.StatusCode);
        // Leaders may still read and run their rounds.
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/surveys/{survey}/rounds")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await leader.PostAsync($"/api/rounds/{round}/kiosk-links", null)).StatusCode);
    }

    [Fact]
    public async Task ALeaderLimitedToAUnit_MakesKioskLinksOnlyForThatUnit()
    {
        using var admin = Factory.AsAdmin();
        var (org, _, round) = await admin.CreateOrganisationWithRoundAsync();
        using var leader = await Factory.AsMemberAsync($"vta-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Leader, ["VTA"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsJsonAsync($"/api/rounds/{round}/kiosk-links", new { unit = "AFT" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsync($"/api/rounds/{round}/kiosk-links", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await leader.PostAsJsonAsync($"/api/rounds/{round}/kiosk-links", new { unit = "VTA" })).StatusCode);
        // The same body as a client on a real socket sends it: chunked, without a Content-Length.
        var chunked = new StreamContent(new MemoryStream("""{"unit":"VTA"}"""u8.ToArray()));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{round}/kiosk-links") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.Created, (await leader.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task AKioskToken_OpensOnlyItsRound_AndReadsNothingElse()
    {
        using var admin = Factory.AsAdmin();
        var (org, survey, round) = await admin.CreateOrganisationWithRoundAsync();
        var token = (string)(await (await admin.PostAsync($"/api/rounds/{round}/kiosk-links", null)).Content.ReadFromJsonAsync<JsonObject>())!["token"]!;

        using var kiosk = Factory.CreateClient();
        kiosk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var asCookie = Factory.CreateClient();
        asCookie.DefaultRequestHeaders.Add("Cookie", $"{CallerResolver.SessionCookie}={token}");
        asCookie.FromOwnPages(Factory);

        foreach (var client in new[] { kiosk, asCookie })
        {
            foreach (var path in new[] { "/api/me", $"/api/organisations/{org}", $"/api/organisations/{org}/surveys", $"/api/surveys/{survey}/rounds" })
            {
                using var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().GetAsync($"/api/kiosk/{token}/survey")).StatusCode);
    }

    [Fact]
    public async Task ARevokedKioskLink_StopsWorkingAtOnce()
    {
        using var admin = Factory.AsAdmin();
        var (_, _, round) = await admin.CreateOrganisationWithRoundAsync();
        var link = (await (await admin.PostAsync($"/api/rounds/{round}/kiosk-links", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var token = (string)link["token"]!;
        Assert.EndsWith($"/k/{token}", (string)link["url"]!);
        using var kiosk = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await kiosk.GetAsync($"/api/kiosk/{token}/survey")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rounds/{round}/kiosk-links/{token}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await kiosk.GetAsync($"/api/kiosk/{token}/survey")).StatusCode);
        using var submit = await kiosk.PostAsJsonAsync($"/api/kiosk/{token}/responses", new { responseId = Guid.NewGuid(), answers = new Dictionary<string, int> { ["WELLBEING-01"] = 3 } });
        Assert.Equal(HttpStatusCode.NotFound, submit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/rounds/{round}/kiosk-links/{token}x")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/me")]
    [InlineData("POST", "/api/organisations")]
    [InlineData("GET", "/api/organisations/org-x")]
    [InlineData("POST", "/api/organisations/org-x/surveys")]
    [InlineData("POST", "/api/surveys/survey-x/rounds")]
    [InlineData("POST", "/api/rounds/round-x/kiosk-links")]
    [InlineData("DELETE", "/api/rounds/round-x/kiosk-links/abcdefghijklmnopqrstuvwxyz")]
    public async Task AnonymousCallers_GetA401(string method, string path)
    {
        using var client = Factory.CreateClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { name = "x" }) });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
