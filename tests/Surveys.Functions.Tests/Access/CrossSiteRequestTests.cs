using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Surveys.Functions.Access;
using Surveys.Functions.Kiosk;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Access;

/// <summary>
/// Cross-site request forgery (ADR 5): an unsafe request that the session cookie would authorise is refused, before
/// anything changes, unless its Origin (or, without one, its Referer) is the app's own. Bearer calls are not affected.
/// </summary>
public sealed class CrossSiteRequestTests(CrossSiteRequestTests.App app) : IClassFixture<CrossSiteRequestTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private const string Evil = "https://evil.example";

    private SurveysApp Factory => app.Factory;

    private string Own => Factory.OwnOrigin;

    private sealed record Setup(string Org, string Survey, string Round, string Partner, HttpClient Admin, HttpClient Leader) : IDisposable
    {
        public List<string> Emails { get; } = [];

        public string NewMemberEmail()
        {
            Emails.Add($"ny-{Guid.NewGuid():N}@example.no");
            return Emails[^1];
        }

        public void Dispose() { Admin.Dispose(); Leader.Dispose(); }
    }

    /// <summary>An organisation with a round and a partner, its admin's cookie client (no Origin yet) and the bearer client.</summary>
    private async Task<Setup> SetUpAsync()
    {
        var admin = Factory.AsAdmin();
        var (org, survey, round) = await admin.CreateOrganisationWithRoundAsync("Kryss AS");
        var partner = await admin.CreateIdAsync("/api/partners", new { name = "Arca" });
        var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Admin);
        leader.DefaultRequestHeaders.Remove("Origin");
        return new Setup(org, survey, round, partner, admin, leader);
    }

    /// <summary>The four representative writes, and how to count what each stored.</summary>
    private static IEnumerable<(string Name, string Path, Func<object> Body, Func<SurveysApp, Setup, Task<int>> Count)> Writes(Setup s) =>
    [
        ("AddMember", $"/api/organisations/{s.Org}/members", () => new { email = s.NewMemberEmail(), role = "admin" },
            async (f, x) => await MembersAsync(f, x)),
        ("CreateGrant", $"/api/organisations/{s.Org}/grants", () => new { partnerId = s.Partner },
            async (_, x) => (await x.Admin.GetFromJsonAsync<JsonArray>($"/api/organisations/{x.Org}/grants"))!.Count),
        ("CreateAction", $"/api/organisations/{s.Org}/actions", () => new { title = "Faste samtaler", ownerName = "Kari", dueDate = "2099-06-01", status = "Planned" },
            async (_, x) => (await x.Admin.GetFromJsonAsync<JsonObject>($"/api/organisations/{x.Org}/actions"))!["actions"]!.AsArray().Count),
        ("CreateKioskLink", $"/api/rounds/{s.Round}/kiosk-links", () => new { },
            async (f, x) => await KioskLinksAsync(f, x.Round)),
    ];

    /// <summary>How many of the addresses the AddMember bodies named are members of the organisation.</summary>
    private static async Task<int> MembersAsync(SurveysApp factory, Setup s)
    {
        var n = 0;
        foreach (var email in s.Emails)
            if (await factory.Get<MemberStore>().FindByEmailAsync(email, default) is { } m && m.Organisations.ContainsKey(s.Org)) n++;
        return n;
    }

    private static async Task<int> KioskLinksAsync(SurveysApp factory, string round)
    {
        var table = await factory.Get<AppStorage>().TableAsync(KioskLinkStore.Table);
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.GetString("RoundId") == round)) n++;
        return n;
    }

    private static HttpRequestMessage Post(string path, object body, string? origin = null, string? referer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
        if (referer is not null) request.Headers.TryAddWithoutValidation("Referer", referer);
        return request;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Forespørselen kom fra et annet nettsted", (string?)JsonNode.Parse(text)!["title"]);
    }

    [Fact]
    public async Task ALeadersCookie_WithAForeignOrigin_IsRefused_AndNothingIsStored()
    {
        using var s = await SetUpAsync();
        foreach (var (name, path, body, count) in Writes(s))
        {
            var before = await count(Factory, s);
            using var response = await s.Leader.SendAsync(Post(path, body(), origin: Evil));
            await AssertRefusedAsync(response, name);
            Assert.Equal(before, await count(Factory, s));
        }
    }

    [Fact]
    public async Task ALeadersCookie_WithOnlyAForeignReferer_OrOriginNull_OrNeither_IsRefused_AndNothingIsStored()
    {
        using var s = await SetUpAsync();
        foreach (var (name, path, body, count) in Writes(s))
        {
            var before = await count(Factory, s);
            using var referer = await s.Leader.SendAsync(Post(path, body(), referer: Evil + "/side"));
            await AssertRefusedAsync(referer, name + " (Referer)");
            // What a sandboxed frame, a redirect, or a page with Referrer-Policy: no-referrer on another site sends.
            using var nullOrigin = await s.Leader.SendAsync(Post(path, body(), origin: "null", referer: Own + "/leder"));
            await AssertRefusedAsync(nullOrigin, name + " (Origin: null)");
            // A browser always sends Origin with an unsafe request; a cookie without it is not from our pages.
            using var neither = await s.Leader.SendAsync(Post(path, body()));
            await AssertRefusedAsync(neither, name + " (neither)");
            Assert.Equal(before, await count(Factory, s));
        }
    }

    [Fact]
    public async Task ALeadersCookie_FromTheAppsOwnOrigin_Works()
    {
        using var s = await SetUpAsync();
        foreach (var (name, path, body, count) in Writes(s))
        {
            var before = await count(Factory, s);
            using var origin = await s.Leader.SendAsync(Post(path, body(), origin: Own));
            Assert.True(origin.IsSuccessStatusCode, $"{name}: {(int)origin.StatusCode} {await origin.Content.ReadAsStringAsync()}");
            // Only a Referer (an older browser): its origin is what counts.
            using var referer = await s.Leader.SendAsync(Post(path, name == "CreateGrant" ? new { partnerId = s.Partner, surveyIds = new[] { s.Survey } } : body(), referer: Own + "/leder"));
            Assert.True(referer.IsSuccessStatusCode, $"{name} (Referer): {(int)referer.StatusCode} {await referer.Content.ReadAsStringAsync()}");
            Assert.True(await count(Factory, s) > before, name);
        }
    }

    [Fact]
    public async Task TheBearerKey_WithAForeignOrigin_Works()
    {
        using var s = await SetUpAsync();
        foreach (var (name, path, body, count) in Writes(s))
        {
            var before = await count(Factory, s);
            using var response = await s.Admin.SendAsync(Post(path, body(), origin: Evil, referer: Evil + "/side"));
            Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.True(await count(Factory, s) > before, name);
        }
    }

    /// <summary>Every unsafe HTTP function the build declares refuses the cookie from another site before it runs (the
    /// route values are made up: the refusal comes first, whatever they name).</summary>
    [Fact]
    public async Task EveryUnsafeFunctionInTheRouteTable_RefusesTheCookieFromAnotherSite()
    {
        using var s = await SetUpAsync();
        var unsafeFunctions = FunctionsMetadata.Http
            .SelectMany(f => f.Methods.Where(m => m is not ("GET" or "HEAD" or "OPTIONS")).Select(m => (f.Name, Method: m, f.Route)))
            .ToList();
        Assert.True(unsafeFunctions.Count >= 25, $"{unsafeFunctions.Count} unsafe functions");
        foreach (var (name, method, route) in unsafeFunctions)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(route!, "{[^}]+}", "x-" + Guid.NewGuid().ToString("N")[..8]);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
            request.Headers.TryAddWithoutValidation("Origin", Evil);
            using var response = await s.Leader.SendAsync(request);
            await AssertRefusedAsync(response, $"{name} {method} {path}");
        }
    }

    [Fact]
    public async Task WithoutTheCookie_OnlyTheSignInAndOutForms_RefuseAForeignOrigin_AndTheKioskStillAnswers()
    {
        using var s = await SetUpAsync();
        using var anonymous = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Login CSRF: another site posting a sign-in link (the attacker's own) would sign the visitor in as the attacker.
        var link = await Factory.Get<SignInStore>().CreateLinkAsync((await Factory.Get<MemberStore>().FindByEmailAsync(
            (await s.Leader.GetFromJsonAsync<JsonObject>("/api/me"))!["email"]!.ToString(), default))!.Id, default);
        using var signIn = new HttpRequestMessage(HttpMethod.Post, $"/logg-inn/{link}");
        signIn.Headers.TryAddWithoutValidation("Origin", Evil);
        using var refused = await anonymous.SendAsync(signIn);
        await AssertRefusedAsync(refused, "CompleteSignIn");
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.True(await Factory.Get<SignInStore>().IsLinkValidAsync(link, default), "the link is not used up");
        // From the app's own page it signs in.
        using var own = new HttpRequestMessage(HttpMethod.Post, $"/logg-inn/{link}");
        own.Headers.TryAddWithoutValidation("Origin", Own);
        using var signedIn = await anonymous.SendAsync(own);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // The kiosk's token is its credential (no cookie, credentials: 'omit'): nothing to forge, so no Origin check.
        var kiosk = (string)(await (await s.Admin.PostAsync($"/api/rounds/{s.Round}/kiosk-links", null)).Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/kiosk/{kiosk}/responses") { Content = JsonContent.Create(new { }) };
        submit.Headers.TryAddWithoutValidation("Origin", Evil);
        using var answered = await anonymous.SendAsync(submit);
        Assert.NotEqual(HttpStatusCode.Forbidden, answered.StatusCode);
    }
}
