using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Access;

/// <summary>A leader signs in with a one-time link that arrives by e-mail (the outbox locally).</summary>
public sealed partial class SignInTests : IAsyncLifetime
{
    private readonly string _outbox = Directory.CreateTempSubdirectory("surveys-outbox-").FullName;
    private SurveysApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new SurveysApp(settings: Outbox.Settings(_outbox));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_outbox, recursive: true);
    }

    private HttpClient Browser() => _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private Task<string> LinkFromOutboxAsync(string to) => Outbox.SignInLinkAsync(_outbox, to);

    [Fact]
    public async Task ALeader_SignsInThroughTheEmailedLink_AndGetsASecureSessionCookie()
    {
        using var admin = _app.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", new { name = "Innlogging AS" });
        await admin.PostAsJsonAsync($"/api/organisations/{org}/members", new { email = "lea@example.no", name = "Lea" });
        using var browser = Browser();

        using var asked = await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "Lea@Example.no" });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var link = await LinkFromOutboxAsync("lea@example.no");
        Assert.Matches("/logg-inn/[A-Za-z0-9_-]{43}$", link);
        var path = new Uri(link).AbsolutePath;

        using var page = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Logg inn", await page.Content.ReadAsStringAsync());

        using var signedIn = await browser.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/leder", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var session = _app.CreateClient();
        session.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        session.FromOwnPages(_app);
        var me = (await session.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Equal("lea@example.no", (string?)me["email"]);
        Assert.Equal("leader", (string?)me["organisations"]![org]!["role"]);
        var home = await session.GetStringAsync("/leder");
        Assert.Contains("Innlogging AS", home);

        // The link works once.
        using var again = await browser.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("Lenken virker ikke", await again.Content.ReadAsStringAsync());

        // Signing out ends the session on the server.
        using var signOut = await session.PostAsync("/logg-ut", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [InlineData("/leder", "Du er ikke logget inn", "You are not signed in")]
    [InlineData("/partner", "Du er ikke logget inn", "You are not signed in")]
    [InlineData("/leder/logg", "Du er ikke logget inn", "You are not signed in")]
    [InlineData("/leder/tiltak", "Du må logge inn", "You need to sign in")]
    public async Task APageForMembers_OpenedWithoutSigningIn_Says401_AndLinksToSignIn_InBokmalOrEnglish(string page, string nb, string en)
    {
        using var browser = Browser();

        using var norwegian = await browser.GetAsync(page);
        var html = WebUtility.HtmlDecode(await norwegian.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, norwegian.StatusCode);
        Assert.Contains($"<h1>{nb}</h1>", html);
        Assert.Contains("<html lang=\"nb\"", html);
        Assert.Contains("<a href=\"/logg-inn\">Logg inn</a>", html);

        using var english = await browser.GetAsync(page + "?lang=en");
        var englishHtml = WebUtility.HtmlDecode(await english.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, english.StatusCode);
        Assert.Contains($"<h1>{en}</h1>", englishHtml);
        Assert.Contains("<a href=\"/logg-inn?lang=en\">Sign in</a>", englishHtml);
    }

    [Fact]
    public async Task AnUnknownAddress_GetsTheSameAnswer_AndNoEmail()
    {
        using var browser = Browser();
        using var asked = await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "ukjent@example.no" });
        using var form = await browser.PostAsync("/logg-inn", new FormUrlEncodedContent([new("email", "ukjent@example.no")]));

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Sjekk e-posten din", await form.Content.ReadAsStringAsync());
        await Task.Delay(1500);
        Assert.Empty(Directory.GetFiles(_outbox, "*.eml"));
    }

    [Fact]
    public async Task AMadeUpOrExpiredLink_DoesNotSignIn()
    {
        var member = await _app.Get<MemberStore>().GrantAsync("old@example.no", "", "org-x", new Membership(OrganisationRole.Leader, null), default);
        var store = new SignInStore(_app.Get<Surveys.Functions.Storage.AppStorage>(), new AccessOptions { SignInLinkLifetime = TimeSpan.FromMilliseconds(-1) }, TimeProvider.System);
        var expired = await store.CreateLinkAsync(member.Id, default);
        using var browser = Browser();

        foreach (var token in new[] { expired, "made-up-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bad" })
        {
            using var page = await browser.GetAsync($"/logg-inn/{token}");
            using var post = await browser.PostAsync($"/logg-inn/{token}", null);
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
            Assert.False(post.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task AFormPostFromAnotherSite_IsRefused()
    {
        using var browser = Browser();
        var request = new HttpRequestMessage(HttpMethod.Post, "/logg-ut");
        request.Headers.Add("Origin", "https://evil.example");
        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
