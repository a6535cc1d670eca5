using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Model;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>
/// The improvement-action form in Chromium for a signed-in leader: its script submits to the API, puts
/// the Norwegian errors next to their fields, opens the saved action, saves a change with the ETag,
/// says so when someone else changed the action first, and adds a note.
/// </summary>
public sealed class ActionFormTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    [Fact]
    public async Task ALeader_MakesAndChangesAnAction_InTheBrowser()
    {
        var app = fixture.App;
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = app.Get<CatalogStore>();
        var organisationId = "org-" + id;
        var surveyId = "survey-" + id;
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Arbeid og Inkludering AS", ["AFT", "VTA"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, "Trivselsundersøkelse VTA", Instruments.Wellbeing.Id, [], []), default);
        await catalog.SaveRoundAsync(organisationId, Round.Create($"round-{id}-1", surveyId, "Høst 2025", DateTimeOffset.UtcNow.AddDays(-60), null, 30), default);
        await catalog.SaveRoundAsync(organisationId, Round.Create($"round-{id}-2", surveyId, "Vår 2026", DateTimeOffset.UtcNow.AddDays(-1), null, 30), default);
        // The refused saves (400, 412) are failed loads in the browser, which Errors leaves out; a script error is not.
        var (context, page, errors) = await fixture.SignedInPageAsync(organisationId, OrganisationRole.Leader, $"leder-{id}@example.no");

        await page.GotoAsync($"/surveys/{surveyId}/actions/new?item=WELLBEING-02&round=round-{id}-1");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nytt forbedringstiltak", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#f-title")).ToHaveValueAsync(new Regex("^T2: "));

        // «Planlagt» without an owner and a due date: the errors land next to those fields, and nothing is saved.
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre tiltaket" }).ClickAsync();
        await Expect(page.Locator("#err-ownerName")).ToHaveTextAsync("Et planlagt tiltak må ha en ansvarlig.");
        await Expect(page.Locator("#err-dueDate")).ToHaveTextAsync("Et planlagt tiltak må ha en frist.");
        await Expect(page.Locator("#f-ownerName")).ToBeFocusedAsync();
        await Expect(page.Locator("#err-title")).ToBeHiddenAsync();

        await page.Locator("#f-ownerName").FillAsync("Avdelingsleder VTA, Kari");
        await page.Locator("#f-dueDate").FillAsync("2099-06-01");
        await page.Locator("#f-origin").SelectOptionAsync("WorkEnvironmentCommittee");
        await page.GetByLabel("Målbar").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre tiltaket" }).ClickAsync();

        await page.WaitForURLAsync(new Regex($"/leder/tiltak/{organisationId}/act-[0-9a-f]+$"));
        var actionId = page.Url.Split('/')[^1];
        await Expect(page.Locator("#status")).ToHaveTextAsync("Planlagt");
        await Expect(page.GetByLabel("Målbar")).ToBeCheckedAsync();
        await Expect(page.Locator("#f-origin")).ToHaveValueAsync("WorkEnvironmentCommittee");

        // A change is saved with the page's ETag and goes into the history.
        await page.Locator("#f-statusField").SelectOptionAsync("InProgress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre endringene" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Pågår");
        await Expect(page.Locator("section[aria-labelledby=history-h] tbody tr")).ToHaveCountAsync(2);

        // Someone else changes it meanwhile: this page's save is refused, and says why.
        var someoneElse = await app.Get<MemberStore>().GrantAsync($"annen-{id}@example.no", "Ola Annen", organisationId, new Membership(OrganisationRole.Leader, null), default);
        var session = await app.Get<SignInStore>().StartSessionAsync(someoneElse.Id, default);
        using (var other = new HttpClient { BaseAddress = app.BaseAddress })
        {
            other.DefaultRequestHeaders.Add("Cookie", $"{CallerResolver.SessionCookie}={session}");
            // As the other person's browser sends it from the app's page (a cookie write without it is refused as cross-site).
            other.DefaultRequestHeaders.Add("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
            using var read = await other.GetAsync($"/api/organisations/{organisationId}/actions/{actionId}");
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/organisations/{organisationId}/actions/{actionId}") { Content = JsonContent.Create(new { ownerName = "Ola" }) };
            patch.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
            using var patched = await other.SendAsync(patch);
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }
        await page.Locator("#f-title").FillAsync("Faste samtaler hver fjortende dag");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre endringene" }).ClickAsync();
        await Expect(page.Locator("#form-error")).ToContainTextAsync("Tiltaket er endret av noen andre");
        await Expect(page.Locator("#form-error")).ToContainTextAsync("Ingenting ble lagret");

        await page.ReloadAsync();
        await Expect(page.Locator("#f-ownerName")).ToHaveValueAsync("Ola");
        await page.Locator("#note-text").FillAsync("Tatt opp i AMU.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Legg til notat" }).ClickAsync();
        await Expect(page.Locator("ul.notes li")).ToContainTextAsync("Tatt opp i AMU.");

        Assert.Empty(errors);
        await context.DisposeAsync();
    }
}
