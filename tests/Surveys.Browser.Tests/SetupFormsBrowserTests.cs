using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Partners;
using Surveys.Model;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>
/// The digest and partner set-up pages in Chromium for an organisation admin: a list of addresses typed one per line,
/// the API's refusal shown beside the field, a grant for chosen surveys only, and revoking it.
/// </summary>
public sealed class SetupFormsBrowserTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors, string Org, string Survey)> SignedInAdminAsync()
    {
        var app = fixture.App;
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = app.Get<CatalogStore>();
        var organisationId = "org-" + id;
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Arbeid og Inkludering AS", ["AFT", "VTA"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey("survey-" + id, organisationId, "Medarbeiderundersøkelse", Instruments.Wellbeing.Id, [], []), default);
        await catalog.SaveSurveyAsync(new StoredSurvey("survey2-" + id, organisationId, "Trivsel VTA", Instruments.Wellbeing.Id, [], []), default);
        // A refused save (400) is a failed load in the browser, which Errors leaves out; a script or CSP error is not.
        var (context, page, errors) = await fixture.SignedInPageAsync(organisationId, OrganisationRole.Admin, $"admin-{id}@example.no", "Kari Admin");
        return (context, page, errors, organisationId, "survey-" + id);
    }

    [Fact]
    public async Task AnAdmin_TypesTheDigestsExtraAddresses_OnePerLine_AndSeesAWrongOneNamedBesideTheField()
    {
        var (context, page, errors, org, _) = await SignedInAdminAsync();

        await page.GotoAsync($"/leder/sammendrag?org={org}");
        await page.GetByLabel("Ekstra adresser (én per linje)").FillAsync("amu@example.no\nikke-en-adresse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre adressene" }).ClickAsync();
        await Expect(page.Locator("#err-extraRecipients")).ToContainTextAsync("«ikke-en-adresse» er ikke en e-postadresse.");
        await Expect(page.Locator("#extraRecipients")).ToBeFocusedAsync();
        await Axe.AssertNoViolationsAsync(page);

        await page.GetByLabel("Ekstra adresser (én per linje)").FillAsync("amu@example.no\nverneombud@example.no");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre adressene" }).ClickAsync();
        await Expect(page.Locator("table")).ToContainTextAsync("verneombud@example.no");
        await Expect(page.Locator("#extraRecipients")).ToHaveValueAsync("amu@example.no\nverneombud@example.no");

        await page.GetByRole(AriaRole.Button, new() { Name = "Hver uke (mandag)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hver uke (mandag)" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Axe.AssertNoViolationsAsync(page);

        Assert.Empty(errors);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task AnAdmin_GrantsAPartnerChosenSurveys_AndRevokesIt()
    {
        var (context, page, errors, org, survey) = await SignedInAdminAsync();
        var partner = await fixture.App.Get<PartnerStore>().CreateAsync("Arca Bedriftshelse", default);

        await page.GotoAsync($"/leder/partnere?org={org}");
        await page.GetByLabel("Partnerens ID").FillAsync(partner.Id);
        await Expect(page.GetByLabel("Medarbeiderundersøkelse")).ToBeDisabledAsync();
        await page.GetByLabel("Bare disse:").CheckAsync();
        await page.GetByLabel("Medarbeiderundersøkelse").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gi tilgang" }).ClickAsync();

        var row = page.Locator("tbody tr").First;
        await Expect(row).ToContainTextAsync("Arca Bedriftshelse");
        await Expect(row).ToContainTextAsync("Medarbeiderundersøkelse");
        await Expect(row).Not.ToContainTextAsync("Trivsel VTA");
        await Axe.AssertNoViolationsAsync(page);
        var grant = (await fixture.App.Get<GrantStore>().ListForOrganisationAsync(org, default)).Single();
        Assert.Equal([survey], grant.SurveyIds);

        await page.GetByRole(AriaRole.Button, new() { Name = "Trekk tilbake tilgangen til Arca Bedriftshelse" }).ClickAsync();
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync(new Regex("Trukket tilbake"));
        Assert.False((await fixture.App.Get<GrantStore>().GetAsync(org, grant.Id, default))!.IsActive);

        Assert.Empty(errors);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task AnAdmin_AddsAPerson_ChangesTheirRole_AndCannotDemoteThemselvesAsTheLastAdmin()
    {
        var (context, page, errors, org, _) = await SignedInAdminAsync();

        await page.GotoAsync($"/leder/personer?org={org}");
        await page.GetByLabel("E-postadresse").FillAsync("ola@example.no");
        await page.GetByLabel("Navn", new() { Exact = true }).FillAsync("Ola Nordmann");
        await page.GetByLabel("VTA").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Legg til" }).ClickAsync();
        var ola = page.Locator("tbody tr", new() { HasText = "ola@example.no" });
        await Expect(ola).ToContainTextAsync("Leder");
        await Expect(ola).ToContainTextAsync("VTA");
        await Axe.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Endre rolle for Ola Nordmann" }).ClickAsync();
        await page.GetByLabel("Administrator").CheckAsync();
        await Axe.AssertNoViolationsAsync(page);
        await page.GetByLabel("VTA").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/leder/personer\\?org={org}$"));
        await Expect(page.Locator("tbody tr", new() { HasText = "ola@example.no" })).ToContainTextAsync("Administrator");

        // Ola is an admin now, so removing Ola works; then the signed-in admin is the last one and cannot leave.
        await page.GetByRole(AriaRole.Button, new() { Name = "Fjern Ola Nordmann" }).ClickAsync();
        await Expect(page.Locator("tbody tr", new() { HasText = "ola@example.no" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Fjern Kari Admin" }).ClickAsync();
        await Expect(page.Locator("tbody tr output")).ToContainTextAsync("Organisasjonen må ha en administrator");

        Assert.Empty(errors);
        await context.DisposeAsync();
    }
}
