using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Model;
using static Microsoft.Playwright.Assertions;
using static Surveys.Browser.Tests.Infrastructure.KeyboardUser;

namespace Surveys.Browser.Tests;

/// <summary>
/// /leder/runder/{roundId}/kiosk in Chromium, with the keyboard only: a leader makes a kiosk link, sees its QR code and
/// link, opens the poster, and revokes the link; the strict CSP lets all of it through (a refusal is a console error).
/// </summary>
public sealed class KioskSetupBrowserTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    [Fact]
    public async Task ALeader_MakesShowsPrintsAndRevokesAKioskLink_WithTheKeyboardOnly()
    {
        var app = fixture.App;
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = app.Get<CatalogStore>();
        var organisationId = "org-" + id;
        var surveyId = "survey-" + id;
        var roundId = $"round-{id}";
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Arbeid og Inkludering AS", ["AFT", "VTA"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, "Trivsel VTA", Instruments.Wellbeing.Id, [], []), default);
        await catalog.SaveRoundAsync(organisationId, Round.Create(roundId, surveyId, "Vår 2026", DateTimeOffset.UtcNow.AddDays(-1), null, 30), default);
        var (context, page, errors) = await fixture.SignedInPageAsync(organisationId, OrganisationRole.Leader, $"leder-{id}@example.no");

        await page.GotoAsync($"/leder/runder/{roundId}/kiosk");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kiosklenker", Level = 1 })).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(page);

        await TabToAsync(page, "#name");
        await page.Keyboard.TypeAsync("Nettbrett i kantina");
        await TabToAsync(page, "#unit");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#unit")).ToHaveValueAsync("VTA");
        await TabToAsync(page, "button[type=submit]");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex($"/leder/runder/{roundId}/kiosk\\?ny="));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ny kiosklenke: Nettbrett i kantina" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR-kode for kiosklenken" })).ToBeVisibleAsync();
        var url = await page.Locator("#kiosk-url").InputValueAsync();
        Assert.Matches("/k/[A-Za-z0-9_-]{43}$", url);
        await Expect(page.Locator(".kiosk-url-text a")).ToHaveTextAsync(url);
        await Axe.AssertNoViolationsAsync(page);

        await TabToAsync(page, "a.button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/kiosk/plakat\\?lenke="));
        await Expect(page.Locator(".poster-link")).ToHaveTextAsync(url);
        await Axe.AssertNoViolationsAsync(page);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR-kode for kiosklenken" })).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".screen-only")).ToBeHiddenAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GotoAsync($"/leder/runder/{roundId}/kiosk");
        await TabToAsync(page, "button.api-action");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("tbody tr td").Nth(3)).ToHaveTextAsync("Trukket tilbake");
        await Expect(page.Locator("button.api-action")).ToHaveCountAsync(0);
        await Axe.AssertNoViolationsAsync(page);
        using (var anonymous = new HttpClient { BaseAddress = app.BaseAddress })
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(url).AbsolutePath.Replace("/k/", "/api/kiosk/") + "/survey")).StatusCode);

        Assert.Empty(errors);
        await context.DisposeAsync();
    }
}
