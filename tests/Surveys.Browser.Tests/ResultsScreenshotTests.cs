using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Kiosk;
using Surveys.Model;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>
/// The results page in Chromium for a signed-in leader, after three rounds of a wellbeing survey answered
/// through the kiosk API: a screenshot at 1280 wide, the page as printed (print media, A4 width) and an A4
/// PDF, for people to look at; and, for an admin of that organisation, the leader home and the new-survey page. They go
/// next to the test binaries; with SURVEYS_UPDATE_SCREENSHOTS=1 the screen shots replace docs/screenshots/results.png,
/// leader-home.png and new-survey.png.
/// </summary>
public sealed class ResultsScreenshotTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    private static readonly string[] Items = ["WELLBEING-01", "WELLBEING-02", "WELLBEING-03", "WELLBEING-04"];

    // Counts per position 1..5 for each item and round, as a department might answer (some skip an item).
    private static readonly int[][][] Answers =
    [
        [[1, 2, 5, 8, 6], [2, 4, 6, 5, 3], [4, 6, 6, 3, 1], [3, 3, 7, 5, 3]],
        [[1, 2, 4, 9, 6], [2, 3, 6, 6, 4], [5, 6, 6, 3, 1], [2, 4, 6, 6, 3]],
        [[0, 2, 4, 9, 8], [1, 3, 6, 8, 5], [0, 2, 5, 9, 7], [2, 3, 7, 7, 3]],
    ];

    [Fact]
    public async Task TheResultsPage_OnScreenAndOnA4()
    {
        var app = fixture.App;
        var (surveyId, roundIds, session) = await SeedAsync(app);

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "nb-NO",
            BaseURL = app.BaseAddress.ToString(),
        });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = CallerResolver.SessionCookie, Value = session, Url = app.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        var external = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(app.BaseAddress.ToString(), StringComparison.Ordinal)) external.Add(request.Url); };

        await page.GotoAsync($"/surveys/{surveyId}/results");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trivselsundersøkelse VTA", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("svg.bars")).ToHaveCountAsync(5); // four items and the pooled view
        await Expect(page.Locator("#print")).ToBeVisibleAsync();    // shown by the page's own script
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^T1: svarfordeling") })).ToBeVisibleAsync();
        await Expect(page.Locator(".trend-table tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator(".weakest-list a.action").First).ToHaveAttributeAsync("href",
            new Regex($"^/surveys/{surveyId}/actions/new\\?item=WELLBEING-\\d\\d&round={roundIds[2]}$"));
        Assert.Empty(external);
        await page.Mouse.MoveAsync(0, 0);
        await SaveAsync(page, "results.png", docs: true);

        // As printed for the AMU meeting: no navigation or picker, A4 width.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.Locator("form.picker")).ToBeHiddenAsync();
        await Expect(page.Locator("nav")).ToBeHiddenAsync();
        await Expect(page.Locator(".weakest-list a.action").First).ToBeHiddenAsync();
        await page.SetViewportSizeAsync(794, 1123); // A4 at 96 dpi
        await SaveAsync(page, "results-print.png", docs: false);
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        var pages = Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;
        Assert.InRange(pages, 2, 8);
        await File.WriteAllBytesAsync(Path.Combine(Folder(update: false), "results-a4.pdf"), pdf);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task TheResultsPage_HasNoAxeViolations_AndEveryTextHasAContrastAxeCanCheck_InBothLanguages()
    {
        var app = fixture.App;
        var (surveyId, _, session) = await SeedAsync(app);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            BaseURL = app.BaseAddress.ToString(),
        });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = CallerResolver.SessionCookie, Value = session, Url = app.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();

        foreach (var (query, heading) in new[] { ("", "Resultater før og etter"), ("?lang=en", "Before and after results") })
        {
            await page.GotoAsync($"/surveys/{surveyId}/results{query}");
            await Expect(page.GetByText(heading)).ToBeVisibleAsync();
            await Expect(page.Locator("svg.bars")).ToHaveCountAsync(5);
            await Axe.AssertNoViolationsAsync(page, $"the results page{query}");
        }
        await context.DisposeAsync();
    }

    [Fact]
    public async Task TheLeaderHome_AndTheNewSurveyPage()
    {
        var app = fixture.App;
        var (_, _, session) = await SeedAsync(app, OrganisationRole.Admin);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "nb-NO",
            BaseURL = app.BaseAddress.ToString(),
        });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = CallerResolver.SessionCookie, Value = session, Url = app.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/leder");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trivselsundersøkelse VTA", Level = 3 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ny undersøkelse" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Kiosk for Høst 2026" })).ToBeVisibleAsync();
        await page.Mouse.MoveAsync(0, 0);
        await SaveAsync(page, "leader-home.png", docs: true);

        await page.GetByRole(AriaRole.Link, new() { Name = "Ny undersøkelse" }).ClickAsync();
        await page.Locator("a[href*='instrument=WELLBEING']").ClickAsync();
        await Expect(page.Locator("textarea.item-text")).ToHaveCountAsync(4);
        await page.Mouse.MoveAsync(0, 0);
        await SaveAsync(page, "new-survey.png", docs: true);
        await context.DisposeAsync();
    }

    private static async Task<(string SurveyId, List<string> RoundIds, string Session)> SeedAsync(KioskApp app, OrganisationRole role = OrganisationRole.Leader)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = app.Get<CatalogStore>();
        var organisationId = "org-" + id;
        var surveyId = "survey-" + id;
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Arbeid og Inkludering AS", ["AFT", "VTA"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, "Trivselsundersøkelse VTA", Instruments.Wellbeing.Id, [], []), default);
        string[] labels = ["Høst 2025", "Vår 2026", "Høst 2026"];
        int[] invited = [30, 30, 32];
        var rounds = new List<Round>();
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        for (var r = 0; r < labels.Length; r++)
        {
            var roundId = $"round-{id}-{r + 1}";
            // Open now so the kiosk takes the answers; closed at its real date once they are in.
            var opens = Min(new DateTimeOffset(2025, 9, 1, 10, 0, 0, TimeSpan.Zero).AddMonths(6 * r), DateTimeOffset.UtcNow.AddDays(-3 + r));
            var round = Round.Create(roundId, surveyId, labels[r], opens, null, invited[r]);
            await catalog.SaveRoundAsync(organisationId, round, default);
            rounds.Add(round);
            var token = await app.Get<KioskLinkStore>().CreateAsync(organisationId, surveyId, roundId, default);
            var responses = Responses(Answers[r]);
            foreach (var answers in responses)
            {
                using var posted = await client.PostAsJsonAsync($"/api/kiosk/{token}/responses", new { responseId = Guid.NewGuid(), answers, language = "nb" });
                Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            }
        }

        var member = await app.Get<MemberStore>().GrantAsync($"leder-{id}@example.no", "Test Leder", organisationId, new Membership(role, null), default);
        var session = await app.Get<SignInStore>().StartSessionAsync(member.Id, default);
        client.DefaultRequestHeaders.Add("Cookie", $"{CallerResolver.SessionCookie}={session}");
        // Wait until every response is folded and compared: the API shows both rounds' respondents.
        var expected = Answers[1].Max(c => c.Sum());
        var latest = Answers[2].Max(c => c.Sum());
        await Eventually.Until(async () =>
        {
            var c = await client.GetFromJsonAsync<JsonObject>($"/api/surveys/{surveyId}/comparison");
            return (int?)c?["before"]?["respondents"] == expected && (int?)c?["after"]?["respondents"] == latest;
        }, ok => ok, TimeSpan.FromSeconds(60), "every response folded and compared");
        foreach (var round in rounds)
        {
            round.Close(round.Opens!.Value.AddDays(42));
            await catalog.SaveRoundAsync(organisationId, round, default);
        }
        return (surveyId, rounds.Select(r => r.Id).ToList(), session);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Responses whose answers add up to the counts per item; items with fewer answers are skipped by some.</summary>
    private static List<Dictionary<string, int?>> Responses(int[][] counts)
    {
        var random = new Random(counts.Sum(c => c.Sum()));
        var perItem = counts.Select(c => c.SelectMany((n, i) => Enumerable.Repeat((int?)(i + 1), n)).OrderBy(_ => random.Next()).ToList()).ToList();
        var people = perItem.Max(p => p.Count);
        return Enumerable.Range(0, people)
            .Select(i => Items.Select((item, j) => (item, value: i < perItem[j].Count ? perItem[j][i] : null)).ToDictionary(x => x.item, x => x.value))
            .ToList();
    }

    private static string Folder(bool update)
    {
        var folder = update ? Path.Combine(RepoRoot.Path, "docs", "screenshots") : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static async Task SaveAsync(IPage page, string name, bool docs)
    {
        var folder = Folder(docs && Environment.GetEnvironmentVariable("SURVEYS_UPDATE_SCREENSHOTS") == "1");
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
        Assert.True(bytes.Length > 20_000, $"{name} looks empty");
    }
}
