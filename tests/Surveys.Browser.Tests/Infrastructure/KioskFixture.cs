using Microsoft.Playwright;

namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>
/// One app and one headless Chromium per test class (xunit class fixture). The browser is Debian's
/// Chromium, never one Playwright downloads. Derive to change the app's settings.
/// </summary>
public class KioskFixture : IAsyncLifetime
{
    public KioskFixture() : this(null) { }

    protected KioskFixture(Dictionary<string, string?>? settings) => App = new KioskApp(settings);

    public KioskApp App { get; }

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        await App.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A fresh browser profile (as a newly set up tablet) showing the kiosk for <paramref name="token"/>.</summary>
    public async Task<KioskTab> OpenAsync(string token, int width = 1280, int height = 800, bool touch = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            HasTouch = touch,
            Locale = "nb-NO",
            BaseURL = App.BaseAddress.ToString(),
        });
        await context.AddInitScriptAsync(KioskTab.SpeechStub);
        // A controllable clock, so tests can wait out the 600 ms tap guard or a 90 s idle timeout instantly.
        await context.Clock.InstallAsync();
        var page = await context.NewPageAsync();
        var tab = new KioskTab(context, page, token, touch);
        await tab.GotoAsync();
        return tab;
    }

    /// <summary>
    /// A fresh browser profile signed in (a real session cookie) as a new member of the organisation. Errors collects the
    /// page's script errors and console errors, except failed loads (a refused save is one); dialogs are accepted.
    /// </summary>
    public async Task<SignedInPage> SignedInPageAsync(string organisationId, Surveys.Functions.Access.OrganisationRole role, string? email = null, string name = "Kari Testesen")
    {
        var member = await App.Get<Surveys.Functions.Access.MemberStore>().GrantAsync(email ?? $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.no",
            name, organisationId, new Surveys.Functions.Access.Membership(role, null), default);
        var session = await App.Get<Surveys.Functions.Access.SignInStore>().StartSessionAsync(member.Id, default);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nb-NO", BaseURL = App.BaseAddress.ToString() });
        await context.AddCookiesAsync([new Cookie { Name = Surveys.Functions.Access.CallerResolver.SessionCookie, Value = session, Url = App.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return new SignedInPage(context, page, errors);
    }
}

/// <summary>A signed-in leader's or admin's tab (<see cref="KioskFixture.SignedInPageAsync"/>).</summary>
public sealed record SignedInPage(IBrowserContext Context, IPage Page, List<string> Errors);

/// <summary>Where Debian's Chromium is: SURVEYS_CHROMIUM, or chromium on the PATH (.ci/run installs it).</summary>
public static class Chromium
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("SURVEYS_CHROMIUM") is { Length: > 0 } configured) return configured;
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "chromium"))
            .Prepend("/usr/bin/chromium");
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium was not found. Install Debian's chromium (apt-get install chromium), as .ci/run does, or set SURVEYS_CHROMIUM.");
    }
}
