using System.Net;
using Microsoft.AspNetCore.Http;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Email;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Access;

/// <summary>Sign-in hardening: links only from <c>Surveys:PublicBaseUrl</c> and only that host answered; a one-time
/// link signs in once however many requests race for it; asking for a link does the same work for any address and is
/// rate-limited per address and per client.</summary>
public sealed class SignInHardeningTests : IAsyncLifetime
{
    private const string PublicBaseUrl = "https://surveys.example.no";
    private readonly string _outbox = Directory.CreateTempSubdirectory("surveys-outbox-").FullName;
    private readonly List<SurveysApp> _apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        Directory.Delete(_outbox, recursive: true);
    }

    private SurveysApp App(bool runTriggers = true, Dictionary<string, string?>? extra = null)
    {
        var settings = Outbox.Settings(_outbox);
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        var app = new SurveysApp(runTriggers, settings: settings);
        _apps.Add(app);
        return app;
    }

    private static HttpClient Browser(SurveysApp app) =>
        app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static Task<Member> MemberAsync(SurveysApp app, string email) =>
        app.Get<MemberStore>().GrantAsync(email, "", "org-x", new Membership(OrganisationRole.Leader, null), default);

    // ---- 2. Links come from configuration only; other hosts are refused ----

    [Fact]
    public async Task TheSignInLink_IsBuiltFromPublicBaseUrl_AndARequestForAnotherHost_IsRefused()
    {
        var app = App(extra: new() { ["Surveys:PublicBaseUrl"] = PublicBaseUrl });
        await MemberAsync(app, "lea@example.no");
        using var browser = Browser(app);

        var poisoned = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in") { Content = JsonContent.Create(new { email = "lea@example.no" }) };
        poisoned.Headers.Host = "evil.example";
        using var refused = await browser.SendAsync(poisoned);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Ukjent vertsnavn", (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]);

        using var asked = await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "lea@example.no" });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var link = await Outbox.SignInLinkAsync(_outbox, "lea@example.no");
        Assert.StartsWith(PublicBaseUrl + "/logg-inn/", link);
        await Outbox.DrainedAsync(app);
        Assert.Single(Directory.GetFiles(_outbox, "*.eml"));
    }

    [Fact]
    public async Task AKioskLinkUrl_IsBuiltFromPublicBaseUrl_NotFromTheHostHeader()
    {
        var app = App(runTriggers: false, extra: new() { ["Surveys:PublicBaseUrl"] = PublicBaseUrl });
        using var admin = app.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", new { name = "Kiosk AS" });
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "WELLBEING", title = "Trivsel" });
        var round = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "R1", opens = "2026-01-01", invited = 10 });

        var poisoned = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{round}/kiosk-links");
        poisoned.Headers.Host = "evil.example:443";
        using var refused = await admin.SendAsync(poisoned);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        using var created = await admin.PostAsync($"/api/rounds/{round}/kiosk-links", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["url"]!;
        Assert.StartsWith(PublicBaseUrl + "/k/", url);
    }

    [Fact]
    public async Task WithoutPublicBaseUrl_OutsideProduction_LinksUseTheFixedLocalDefault_NeverTheRequestsHost()
    {
        var app = App();
        await MemberAsync(app, "lea@example.no");
        using var browser = Browser(app);
        using var asked = await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "lea@example.no" });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var link = await Outbox.SignInLinkAsync(_outbox, "lea@example.no");
        Assert.StartsWith("http://localhost:7071/logg-inn/", link);
    }

    [Fact]
    public async Task InProduction_WithoutPublicBaseUrl_TheAppRefusesToStart_NamingTheSetting()
    {
        var production = new SurveysApp(settings: new() { ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production" });
        var failure = await production.StartFailureAsync();
        Assert.NotNull(failure);
        Assert.Contains("Surveys__PublicBaseUrl", failure.Message);

        var configured = new SurveysApp(settings: new() { ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production", ["Surveys:PublicBaseUrl"] = PublicBaseUrl });
        Assert.Null(await configured.StartFailureAsync());
        var bad = new SurveysApp(settings: new() { ["Surveys:PublicBaseUrl"] = "surveys.example.no/path" });
        Assert.Contains("Surveys__PublicBaseUrl", (await bad.StartFailureAsync())?.Message);
    }

    // ---- 3. One link, one session ----

    [Fact]
    public async Task TwoRequestsRacingWithOneLink_IssueExactlyOneSessionCookie()
    {
        var app = App(runTriggers: false);
        var member = await MemberAsync(app, "race@example.no");
        var store = app.Get<SignInStore>();
        using var first = Browser(app);
        using var second = Browser(app);

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var token = await store.CreateLinkAsync(member.Id, default);
            var answers = await Task.WhenAll(first.PostAsync($"/logg-inn/{token}", null), second.PostAsync($"/logg-inn/{token}", null));
            var cookies = answers.Count(a => a.Headers.Contains("Set-Cookie"));
            Assert.True(cookies == 1, $"attempt {attempt}: {cookies} session cookies for one link ({string.Join(", ", answers.Select(a => (int)a.StatusCode))})");
            var loser = Assert.Single(answers, a => !a.Headers.Contains("Set-Cookie"));
            Assert.Equal(HttpStatusCode.NotFound, loser.StatusCode);
            Assert.Contains("Lenken er allerede brukt", WebUtility.HtmlDecode(await loser.Content.ReadAsStringAsync()));
            foreach (var a in answers) a.Dispose();
        }
    }

    // ---- 5. Same work for known and unknown addresses; limits ----

    [Fact]
    public async Task AKnownAndAnUnknownAddress_GetTheSameAnswer_BeforeAnyLinkOrEmailIsMade()
    {
        // The queue functions are off: what the request itself did is all there is to see.
        var app = App(runTriggers: false);
        await MemberAsync(app, "kjent@example.no");
        using var browser = Browser(app);

        using var known = await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "kjent@example.no" });
        using var unknown = await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "ukjent@example.no" });
        using var knownForm = await browser.PostAsync("/logg-inn", new FormUrlEncodedContent([new("email", "kjent@example.no")]));
        using var unknownForm = await browser.PostAsync("/logg-inn", new FormUrlEncodedContent([new("email", "ukjent@example.no")]));

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, knownForm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownForm.StatusCode);
        // Neither answer waited for a member lookup, a link or an e-mail: no link exists and nothing is on the emails queue.
        var storage = app.Get<AppStorage>();
        var links = await storage.TableAsync(SignInStore.LinksTable, default);
        Assert.Empty(await links.QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync());
        Assert.Equal(0, await (await storage.QueueAsync(app.Get<EmailQueue>().Name, default)).CountAsync());
        // Both were handed on alike: four requests, four messages for SendSignInLink.
        Assert.Equal(4, await (await storage.QueueAsync(app.Get<SignInRequestQueue>().Name, default)).CountAsync());
    }

    [Fact]
    public async Task AskingTooOftenForOneAddress_Gets429WithRetryAfter_AsProblemDetailsAndAsABokmalPage()
    {
        var app = App(runTriggers: false);
        using var browser = Browser(app);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = $"Offer@Example.no" })).StatusCode);

        using var api = await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "offer@example.no " });
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.True(api.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = (await api.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(429, (int)problem["status"]!);
        Assert.Equal("For mange forespørsler", (string?)problem["title"]);

        using var form = await browser.PostAsync("/logg-inn", new FormUrlEncodedContent([new("email", "offer@example.no")]));
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.True(form.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var html = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"nb\"", html);
        Assert.Contains("For mange forsøk", html);

        using var english = await browser.PostAsync("/logg-inn?lang=en", new FormUrlEncodedContent([new("email", "offer@example.no")]));
        Assert.Equal(HttpStatusCode.TooManyRequests, english.StatusCode);
        Assert.Contains("Too many attempts", await english.Content.ReadAsStringAsync());

        // Another address from the same client is still served.
        Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "annen@example.no" })).StatusCode);
    }

    [Fact]
    public async Task AskingForManyAddressesFromOneClient_Gets429_ForAnyFurtherAddress()
    {
        var app = App(runTriggers: false, extra: new() { ["Surveys:Access:SignInLimitPerClient"] = "4" });
        using var browser = Browser(app);
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = $"a{i}@example.no" })).StatusCode);

        using var tooMany = await browser.PostAsync("/logg-inn", new FormUrlEncodedContent([new("email", "a9@example.no")]));
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        Assert.NotNull(tooMany.Headers.RetryAfter);

        // Another address from the same client is refused too: the limit is the client's.
        using var stillTooMany = await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "b@example.no" });
        Assert.Equal(HttpStatusCode.TooManyRequests, stillTooMany.StatusCode);
    }

    [Fact]
    public void TheClientLimit_IsPerConnectingAddress_AsTheWorkerSeesIt_WithAForwardedPortIgnored()
    {
        using var limits = new SignInLimits(new AccessOptions { SignInLimitPerClient = 1 });
        static HttpRequest From(string ip, string? forwarded = null)
        {
            var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(ip);
            if (forwarded is not null) http.Request.Headers["X-Forwarded-For"] = forwarded;
            return http.Request;
        }

        Assert.Null(limits.TryClient(From("203.0.113.7")));
        Assert.NotNull(limits.TryClient(From("203.0.113.7")));
        Assert.Null(limits.TryClient(From("198.51.100.2")));
        // A forwarded address the worker's pipeline left in place: the nearest entry, without its port, is the client;
        // what a client wrote before it does not make it someone new.
        Assert.Null(limits.TryClient(From("127.0.0.1", "192.0.2.10:50123")));
        Assert.NotNull(limits.TryClient(From("127.0.0.1", "10.9.9.9, 192.0.2.10:61000")));
        Assert.Equal("2001:db8::1", SignInLimits.ClientAddress(From("127.0.0.1", "[2001:db8::1]:443")));
    }
}
