using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Partners;
using static Microsoft.Playwright.Assertions;
using static Surveys.Browser.Tests.Infrastructure.KeyboardUser;

namespace Surveys.Browser.Tests;

/// <summary>
/// A new leader's whole job, with the keyboard only (Tab to move, Enter to act, arrow keys and typing), in bokmål:
/// signs in through the e-mailed link, creates a survey from an instrument, adds a before and an after round, makes a
/// kiosk link and prints its poster, answers the first round on the kiosk tablet, types the second round's paper forms,
/// reads the results, starts an improvement action from a weak question, and grants the occupational-health partner
/// access. axe finds nothing wrong on any page on the way.
/// </summary>
public sealed class LeaderJourneyTests(LeaderJourneyTests.Fixture fixture) : IClassFixture<LeaderJourneyTests.Fixture>
{
    /// <summary>The app writes its e-mail to a folder of this test's own, where the leader "reads" the sign-in link.</summary>
    public sealed class Fixture() : KioskFixture(new() { ["Surveys:Email:Mode"] = "Outbox", ["Surveys:Email:OutboxPath"] = OutboxFolder }), IAsyncLifetime
    {
        public static readonly string OutboxFolder = Path.Combine(Path.GetTempPath(), "surveys-journey-" + Guid.NewGuid().ToString("N"));

        /// <summary>Stops the app and the browser, then removes the outbox (also after a failed run).</summary>
        public new async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (Directory.Exists(OutboxFolder)) Directory.Delete(OutboxFolder, recursive: true);
        }
    }

    /// <summary>How long a save may take on a loaded test machine before the page shows it (Playwright's default is 5 s).</summary>
    private const float Saving = 20_000;

    private static readonly TimeZoneInfo Norway = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    // The kiosk's five people (round 1) and the five paper sheets (round 2): answers per question, 1–5.
    private static readonly int[][] KioskAnswers = [[3, 2, 3, 2], [4, 2, 3, 3], [2, 1, 4, 2], [3, 3, 2, 3], [4, 2, 3, 2]];
    private static readonly int[][] PaperAnswers = [[4, 3, 4, 2], [5, 3, 4, 3], [4, 2, 5, 2], [5, 4, 4, 3], [4, 3, 5, 2]];

    [Fact]
    public async Task ANewLeader_DoesTheWholeJob_WithTheKeyboardOnly_AndAxeFindsNothingOnAnyPage()
    {
        var app = fixture.App;
        var id = Guid.NewGuid().ToString("N")[..12];
        var organisationId = "org-" + id;
        var email = $"kari-{id}@example.no";
        await app.Get<CatalogStore>().SaveOrganisationAsync(new Organisation(organisationId, "Reisen Arbeid AS", ["AFT", "VTA"]), default);
        await app.Get<MemberStore>().GrantAsync(email, "Kari Leder", organisationId, new Membership(OrganisationRole.Admin, null), default);
        var partner = await app.Get<PartnerStore>().CreateAsync("Arca Bedriftshelse", default);

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "nb-NO",
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var keys = page.Keyboard;

        // Sign in: ask for a link, and open it from the e-mail.
        await page.GotoAsync("/logg-inn");
        await Axe.AssertNoViolationsAsync(page, "the sign-in page");
        await TabToAsync(page, "#email");
        await keys.TypeAsync(email);
        await keys.PressAsync("Enter");
        await Expect(page.Locator("p.note")).ToContainTextAsync("Sjekk e-posten din");
        await Axe.AssertNoViolationsAsync(page, "the sign-in page, link sent");
        await page.GotoAsync(await SignInLinkAsync(email));
        await Axe.AssertNoViolationsAsync(page, "the sign-in link's page");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" })).ToBeFocusedAsync();
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/leder$"));
        await Expect(page.GetByText("Ingen undersøkelser ennå.")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(page, "the leader home, empty");

        // A new survey from the wellbeing instrument.
        await FollowAsync(page, "a[href*='/leder/undersokelser/ny']", "/leder/undersokelser/ny");
        await Axe.AssertNoViolationsAsync(page, "the new-survey page");
        await FollowAsync(page, "a[href*='instrument=WELLBEING']", "instrument=WELLBEING");
        await Expect(page.Locator("textarea.item-text")).ToHaveCountAsync(4);
        await Axe.AssertNoViolationsAsync(page, "the new-survey page, instrument chosen");
        await TabToAsync(page, "#f-title");
        await keys.TypeAsync("Trivsel 2026");
        await TabToAsync(page, "form.api-form button[type=submit]");
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/leder/undersokelser/survey-[0-9a-f]+$"));
        var surveyId = page.Url.Split('/')[^1];
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trivsel 2026", Level = 1 })).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(page, "the survey's set-up page, no rounds");

        // Two rounds: the one before opened two weeks ago, the one after opens today.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Norway).DateTime);
        await AddRoundAsync(page, "2026-før", today.AddDays(-14), 8);
        await AddRoundAsync(page, "2026-etter", today, 8);
        var rows = page.Locator("table.rounds-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("2026-før");
        await Expect(rows.Nth(1)).ToContainTextAsync("2026-etter");
        await Expect(page.Locator("table.rounds-table .state.open")).ToHaveCountAsync(2);
        var before = await rows.Nth(0).GetAttributeAsync("data-round");
        var after = await rows.Nth(1).GetAttributeAsync("data-round");
        await Axe.AssertNoViolationsAsync(page, "the survey's set-up page, two rounds");

        // A kiosk link for the round before, its poster, and back.
        await FollowAsync(page, "nav a[href^='/leder']", "/leder$");
        await Axe.AssertNoViolationsAsync(page, "the leader home, one survey");
        await FollowAsync(page, "a[aria-label='Kiosk for 2026-før']", $"/leder/runder/{before}/kiosk$");
        await Axe.AssertNoViolationsAsync(page, "the kiosk set-up page");
        await TabToAsync(page, "#name");
        await keys.TypeAsync("Nettbrett i kantina");
        await TabToAsync(page, "form.api-form button[type=submit]");
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex($"/leder/runder/{before}/kiosk\\?ny="));
        var kioskUrl = await page.Locator("#kiosk-url").InputValueAsync();
        Assert.Matches("/k/[A-Za-z0-9_-]{43}$", kioskUrl);
        await Axe.AssertNoViolationsAsync(page, "the kiosk set-up page, new link");
        await FollowAsync(page, "a.button", "/kiosk/plakat\\?lenke=");
        await Expect(page.Locator(".poster-link")).ToHaveTextAsync(kioskUrl);
        await Axe.AssertNoViolationsAsync(page, "the kiosk poster");
        await FollowAsync(page, "nav a", $"/leder/runder/{before}/kiosk");

        // The tablet: five people answer the round before with the keyboard.
        await using (var tablet = await fixture.OpenAsync(kioskUrl.Split('/')[^1]))
        {
            await Axe.AssertNoViolationsAsync(tablet.Page, "the kiosk, start");
            for (var person = 0; person < KioskAnswers.Length; person++)
                await AnswerOnTheKioskAsync(tablet, KioskAnswers[person], checkQuestion: person == 0);
        }

        // The paper forms of the round after.
        await FollowAsync(page, "nav a[href^='/leder']", "/leder$");
        await FollowAsync(page, $"a[href^='/rounds/{after}/paper']", $"/rounds/{after}/paper");
        await Axe.AssertNoViolationsAsync(page, "the paper-entry page");
        await TabToAsync(page, "#a0");
        for (var sheet = 0; sheet < PaperAnswers.Length; sheet++)
        {
            foreach (var answer in PaperAnswers[sheet])
                await keys.TypeAsync(answer.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.Locator("#save")).ToBeFocusedAsync();
            await keys.PressAsync("Enter");
            await Expect(page.Locator("#sheet-status")).ToHaveTextAsync($"Lagret ({sheet + 1} skjema i denne økten). Klar for neste skjema.", new() { Timeout = Saving });
            await Expect(page.Locator("#a0")).ToBeFocusedAsync();
        }
        await Axe.AssertNoViolationsAsync(page, "the paper-entry page, five sheets saved");

        // The results, once every answer is folded and the rounds compared.
        await Eventually.Until(async () =>
        {
            var response = await page.APIRequest.GetAsync($"/api/surveys/{surveyId}/comparison");
            if (!response.Ok) return false;
            var comparison = JsonNode.Parse(await response.TextAsync());
            return (int?)comparison?["before"]?["respondents"] == KioskAnswers.Length && (int?)comparison?["after"]?["respondents"] == PaperAnswers.Length;
        }, ok => ok, TimeSpan.FromSeconds(90), "the answers folded and the rounds compared");
        await FollowAsync(page, "nav a[href^='/leder']", "/leder$");
        await FollowAsync(page, $"a[href^='/surveys/{surveyId}/results']", $"/surveys/{surveyId}/results");
        await Expect(page.Locator(".report-head .lead")).ToHaveTextAsync(new Regex("^Sammenligner 2026-før .* med 2026-etter"));
        await Expect(page.Locator($"table.respondents tr[data-round='{before}'] td.num").First).ToHaveTextAsync("5");
        await Expect(page.Locator($"table.respondents tr[data-round='{after}'] td.num").First).ToHaveTextAsync("5");
        await Expect(page.Locator("svg.bars")).Not.ToHaveCountAsync(0);
        await Axe.AssertNoViolationsAsync(page, "the results page");

        // An improvement action for the weakest question.
        await FollowAsync(page, ".weakest-list a.action", $"/surveys/{surveyId}/actions/new\\?item=");
        await Expect(page.Locator("#f-title")).ToHaveValueAsync(new Regex("^T\\d: "));
        await Axe.AssertNoViolationsAsync(page, "the new-action page");
        await TabToAsync(page, "#f-ownerName");
        await keys.TypeAsync("Kari Leder");
        await TabToAsync(page, "#f-dueDate");
        await TypeDateAsync(page, today.AddDays(30));
        await Expect(page.Locator("#f-dueDate")).ToHaveValueAsync(Iso(today.AddDays(30)));
        await TabToAsync(page, "#action-form button[type=submit]");
        await keys.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex($"/leder/tiltak/{organisationId}/act-[0-9a-f]+$"));
        await Expect(page.Locator("#status")).ToHaveTextAsync("Planlagt");
        await Expect(page.Locator("#f-ownerName")).ToHaveValueAsync("Kari Leder");
        await Axe.AssertNoViolationsAsync(page, "the action's page");
        await FollowAsync(page, "nav a", "/leder/tiltak$");
        await Expect(page.Locator("body")).ToContainTextAsync("Kari Leder");
        await Axe.AssertNoViolationsAsync(page, "the actions list");

        // The occupational-health partner gets access to every survey.
        await FollowAsync(page, "nav a", "/leder$");
        await FollowAsync(page, "a[href*='/leder/partnere']", "/leder/partnere\\?org=");
        await Axe.AssertNoViolationsAsync(page, "the partners page");
        await TabToAsync(page, "#partnerId");
        await keys.TypeAsync(partner.Id);
        await TabToAsync(page, "form.api-form button[type=submit]");
        await keys.PressAsync("Enter");
        var grant = page.Locator("tbody tr").First;
        await Expect(grant).ToContainTextAsync("Arca Bedriftshelse", new() { Timeout = Saving });
        await Expect(grant).ToContainTextAsync("Alle, også nye");
        await Expect(grant).ToContainTextAsync("Gjelder");
        await Axe.AssertNoViolationsAsync(page, "the partners page, one grant");

        Assert.Empty(errors);
        await context.DisposeAsync();
    }

    /// <summary>Tabs to a link, presses Enter, and waits for the page it opens.</summary>
    private static async Task FollowAsync(IPage page, string selector, string url)
    {
        await TabToAsync(page, selector);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex(url));
    }

    private static async Task AddRoundAsync(IPage page, string label, DateOnly opens, int invited)
    {
        var count = await page.Locator("table.rounds-table tbody tr").CountAsync();
        await TabToAsync(page, "#r-label");
        await page.Keyboard.TypeAsync(label);
        await TabToAsync(page, "#r-opens");
        await TypeDateAsync(page, opens);
        await Expect(page.Locator("#r-opens")).ToHaveValueAsync(Iso(opens));
        await TabToAsync(page, "#r-invited");
        await page.Keyboard.TypeAsync(invited.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("table.rounds-table tbody tr")).ToHaveCountAsync(count + 1, new() { Timeout = Saving });
    }

    /// <summary>Types a date into a focused date field, segment by segment. The test's Chromium lays the field out in
    /// its own (US) order, month/day/year, whatever the page's language; a Norwegian browser shows dd.mm.åååå.</summary>
    private static Task TypeDateAsync(IPage page, DateOnly date) =>
        page.Keyboard.TypeAsync(date.ToString("MMddyyyy", System.Globalization.CultureInfo.InvariantCulture));

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One person on the kiosk: Start, a face per question with the arrow keys, «Neste», and «Send».</summary>
    private static async Task AnswerOnTheKioskAsync(KioskTab tab, int[] answers, bool checkQuestion)
    {
        var page = tab.Page;
        await TabToAsync(page, tab.Start);
        await PressAsync(tab, "Enter");
        for (var i = 0; i < answers.Length; i++)
        {
            await Expect(tab.Progress).ToHaveTextAsync($"{i + 1} av {answers.Length}");
            await Expect(tab.Heading).ToBeFocusedAsync();
            await TabToAsync(page, tab.Option(1));
            // The arrow keys move and choose, as in a radio group; Space chooses the face that has the focus.
            if (answers[i] == 1) await PressAsync(tab, " ");
            for (var step = 1; step < answers[i]; step++) await page.Keyboard.PressAsync("ArrowRight");
            await Expect(tab.Option(answers[i])).ToHaveAttributeAsync("aria-checked", "true");
            if (checkQuestion && i == 0) await Axe.AssertNoViolationsAsync(page, "the kiosk, a question answered");
            await TabToAsync(page, tab.Next);
            await PressAsync(tab, "Enter");
        }
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ferdig!" })).ToBeFocusedAsync();
        await TabToAsync(page, tab.Send);
        await PressAsync(tab, "Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Takk for svarene!" })).ToBeVisibleAsync(new() { Timeout = Saving });
        if (checkQuestion) await Axe.AssertNoViolationsAsync(page, "the kiosk, thank you");
        await tab.Clock.RunForAsync(10_000); // the thank-you screen gives way to the next person
        await Expect(tab.Start).ToBeVisibleAsync();
    }

    /// <summary>A key press of a person: longer after the last one than the kiosk's tap guard.</summary>
    private static async Task PressAsync(KioskTab tab, string key)
    {
        await tab.Clock.FastForwardAsync(KioskTab.TapGuardMs + 50);
        await tab.Page.Keyboard.PressAsync(key);
    }

    /// <summary>The path of the sign-in link in the e-mail the app sent to <paramref name="to"/> (its parts are base64).</summary>
    private static async Task<string> SignInLinkAsync(string to)
    {
        var link = await Eventually.Until(async () =>
        {
            if (!Directory.Exists(Fixture.OutboxFolder)) return null;
            foreach (var file in Directory.GetFiles(Fixture.OutboxFolder, "*.eml"))
            {
                var eml = await File.ReadAllTextAsync(file);
                if (!eml.Contains(to, StringComparison.OrdinalIgnoreCase)) continue;
                foreach (Match part in Regex.Matches(eml, @"(?m)(?:^[A-Za-z0-9+/=]{4,}\r?\n)+"))
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(part.Value.Replace("\r", "").Replace("\n", "")));
                    if (Regex.Match(decoded, @"/logg-inn/[A-Za-z0-9_-]+") is { Success: true } match) return match.Value;
                }
            }
            return null;
        }, l => l is not null, TimeSpan.FromSeconds(60), "the sign-in e-mail");
        return link!;
    }
}
