using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Access;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>
/// The paper-entry page in Chromium for a signed-in leader (users.md P-17): the number keys fill a sheet and move on by
/// themselves, a number the scale does not have is explained beside its field, «Lagre skjema» saves the sheet and
/// clears it for the next, and the page's script speaks the page's language.
/// </summary>
public sealed class PaperEntryTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> LeaderPageAsync(SeededRound round)
    {
        var (context, page, errors) = await fixture.SignedInPageAsync(round.OrganisationId, OrganisationRole.Leader);
        return (context, page, errors);
    }

    [Fact]
    public async Task StaffTypeASheetWithTheNumberKeys_AWrongNumberIsExplained_AndTheSavedSheetClearsForTheNext()
    {
        var round = await Seed.RoundAsync(fixture.App);
        var (context, page, errors) = await LeaderPageAsync(round);

        await page.GotoAsync($"/rounds/{round.RoundId}/paper");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registrer papirskjema", Level = 1 })).ToBeVisibleAsync();
        await page.Locator("#unit").SelectOptionAsync("AFT");

        await page.Locator("#a0").FocusAsync();
        await page.Keyboard.TypeAsync("3");
        await Expect(page.Locator("#a1")).ToBeFocusedAsync();

        // 7 is not on a five-point scale: said beside the field, and the cursor waits there.
        await page.Keyboard.TypeAsync("7");
        await Expect(page.Locator("#a1-error")).ToHaveTextAsync("Tillatt: 1, 2, 3, 4, 5. La feltet stå tomt hvis spørsmålet ikke er besvart.");
        await Expect(page.Locator("#a1")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#a1")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Backspace");
        await page.Keyboard.TypeAsync("5");
        await Expect(page.Locator("#a1-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#a2")).ToBeFocusedAsync();

        // Enter leaves an item blank (not answered); arrow up goes back.
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#a3")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(page.Locator("#a2")).ToBeFocusedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre skjema" }).ClickAsync();
        await Expect(page.Locator("#sheet-status")).ToHaveTextAsync("Lagret (1 skjema i denne økten). Klar for neste skjema.");
        await Expect(page.Locator("#sheet-title")).ToHaveTextAsync("Skjema 2");
        await Expect(page.Locator("#a0")).ToHaveValueAsync("");
        await Expect(page.Locator("#a1")).ToHaveValueAsync("");
        await Expect(page.Locator("#a0")).ToBeFocusedAsync();

        Assert.Empty(errors);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task AnEmptySheetIsNotSaved_AndTheMessageIsInThePagesLanguage()
    {
        var round = await Seed.RoundAsync(fixture.App);
        var (context, page, errors) = await LeaderPageAsync(round);

        await page.GotoAsync($"/rounds/{round.RoundId}/paper?lang=en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save form" }).ClickAsync();
        await Expect(page.Locator("#sheet-error")).ToHaveTextAsync("The form is empty. Type at least one answer.");
        await Expect(page.Locator("#sheet-status")).ToHaveTextAsync("");

        await page.GotoAsync($"/rounds/{round.RoundId}/paper");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre skjema" }).ClickAsync();
        await Expect(page.Locator("#sheet-error")).ToHaveTextAsync("Skjemaet er tomt. Tast minst ett svar.");

        Assert.Empty(errors);
        await context.DisposeAsync();
    }
}
