using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using static Microsoft.Playwright.Assertions;
using static Surveys.Browser.Tests.Infrastructure.KeyboardUser;

namespace Surveys.Browser.Tests;

/// <summary>
/// An organisation's administrator sets up a survey and its first round with the keyboard only (Tab, Enter, arrow
/// keys and typing) on the set-up pages: chooses the wellbeing survey, replaces the word for the counsellor in every
/// question, creates it, adds a round after a refused attempt, closes the round and changes its number invited.
/// </summary>
public sealed class SurveySetupKeyboardTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    [Fact]
    public async Task AnAdmin_CreatesASurveyAndARound_WithTheKeyboardOnly()
    {
        var app = fixture.App;
        var id = Guid.NewGuid().ToString("N")[..12];
        var organisationId = "org-" + id;
        var catalog = app.Get<CatalogStore>();
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Tastatur AS", ["AFT", "VTA"]), default);
        // The refused round (400) is a failed load in the browser, which Errors leaves out; a script error is not.
        var (context, page, errors) = await fixture.SignedInPageAsync(organisationId, OrganisationRole.Admin);

        // Choose the wellbeing survey from the list of instruments.
        await page.GotoAsync($"/leder/undersokelser/ny?org={organisationId}");
        await TabToAsync(page, "a[href*='instrument=WELLBEING']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("instrument=WELLBEING"));
        await Expect(page.Locator("textarea.item-text")).ToHaveCountAsync(4);

        // Name it, choose the unit, and replace the word for the counsellor in every question.
        await TabToAsync(page, "#f-title");
        await page.Keyboard.TypeAsync("Trivsel VTA 2026");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#f-unit")).ToHaveValueAsync("VTA");
        await TabToAsync(page, "#term-to");
        await Expect(page.Locator("#term-from")).ToHaveValueAsync("fagveilederen");
        await page.Keyboard.TypeAsync("veilederen");
        await page.Keyboard.PressAsync("Enter"); // replaces the word; does not save
        await Expect(page.Locator("#replace-status")).ToHaveTextAsync("Byttet i 2 spørsmål.");
        await Expect(page.Locator("#t-WELLBEING-01")).ToHaveValueAsync("Jeg blir hørt på av veilederen min, når jeg har noe viktig å si.");
        await TabToAsync(page, "button[type=submit]");
        await page.Keyboard.PressAsync("Enter");

        // The survey's page: no rounds yet. A round without a name is refused beside the field, with focus on it.
        await page.WaitForURLAsync(new Regex("/leder/undersokelser/survey-[0-9a-f]+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trivsel VTA 2026", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Ingen runder ennå.")).ToBeVisibleAsync();
        await TabToAsync(page, "#r-label");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#err-label")).ToBeVisibleAsync();
        await Expect(page.Locator("#r-label")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("2026-før");
        await TabToAsync(page, "#r-invited");
        await page.Keyboard.TypeAsync("12");
        await page.Keyboard.PressAsync("Enter");
        var row = page.Locator("table.rounds-table tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("2026-før");
        await Expect(row).ToContainTextAsync("12");
        await Expect(row.Locator(".state")).ToHaveTextAsync("Åpen");

        // Close it (the page asks first).
        await TabToAsync(page, "button.api-action");
        await page.Keyboard.PressAsync("Enter");
        await Expect(row.Locator(".state")).ToHaveTextAsync("Lukket");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Åpne runden 2026-før igjen" })).ToBeVisibleAsync();

        // A new headcount, through the round's change form.
        await TabToAsync(page, "a[aria-label='Endre runden 2026-før']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("runde=round-"));
        await TabToAsync(page, "#c-invited");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("15");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/leder/undersokelser/survey-[0-9a-f]+$"));
        await Expect(row).ToContainTextAsync("15");

        var surveyId = page.Url.Split('/')[^1];
        var survey = await catalog.LoadSurveyAsync(organisationId, surveyId, default);
        Assert.Equal("Jeg blir hørt på av veilederen min, når jeg har noe viktig å si.", survey!.FindItem("WELLBEING-01")!.Text.Norwegian);
        Assert.Equal("VTA", (await catalog.GetSurveyAsync(organisationId, surveyId, default))!.Unit);
        Assert.Empty(errors);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task AnAdmin_TicksAnOptionalQuestion_AndChangesItsWording_WithTheKeyboardOnly()
    {
        var app = fixture.App;
        var id = Guid.NewGuid().ToString("N")[..12];
        var organisationId = "org-" + id;
        var catalog = app.Get<CatalogStore>();
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Valgfri AS", []), default);
        var (context, page, errors) = await fixture.SignedInPageAsync(organisationId, OrganisationRole.Admin);

        await page.GotoAsync($"/leder/undersokelser/ny?org={organisationId}&instrument=EMPLOYEE");
        await Expect(page.Locator("#t-EMPLOYEE-19")).ToBeDisabledAsync();
        await Axe.AssertNoViolationsAsync(page, "the new employee survey with its optional questions");
        await TabToAsync(page, "#f-title");
        await page.Keyboard.TypeAsync("Medarbeidere 2027");
        await TabToAsync(page, "#o-EMPLOYEE-19");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#t-EMPLOYEE-19")).ToBeEnabledAsync();
        await Expect(page.Locator("#t-EMPLOYEE-20")).ToBeDisabledAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#t-EMPLOYEE-19")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Hvordan opplever du kommunikasjonen i avdelingen?");
        await TabToAsync(page, "button[type=submit]");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/leder/undersokelser/survey-[0-9a-f]+$"));
        await Expect(page.Locator("details summary")).ToHaveTextAsync($"Vis de {Surveys.Model.Instruments.Employee.Items.Count + 1} spørsmålene");
        await Expect(page.Locator("details li").Filter(new() { HasText = "EMPLOYEE-19" })).ToContainTextAsync("Hvordan opplever du kommunikasjonen i avdelingen? (ordlyden er endret)");
        await Expect(page.Locator("details li").Filter(new() { HasText = "EMPLOYEE-20" })).ToHaveCountAsync(0);
        var survey = await catalog.LoadSurveyAsync(organisationId, page.Url.Split('/')[^1], default);
        Assert.NotNull(survey!.FindItem("EMPLOYEE-19"));
        Assert.Null(survey.FindItem("EMPLOYEE-20"));
        Assert.Equal("Hvordan opplever du kommunikasjonen i avdelingen?", survey.FindItem("EMPLOYEE-19")!.Text.Norwegian);
        Assert.Empty(errors);
        await context.DisposeAsync();
    }
}
