using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Digests;
using Surveys.Model;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>
/// The app's own forms in Chromium, as the cross-site check (ADR 5) sees them: asking for a sign-in link, «Logg inn»
/// on the link's page, the leader page's kiosk-link button (fetch with the cookie), «Logg ut», and «Meld meg av».
/// A page with <c>Referrer-Policy: no-referrer</c> would make Chromium send <c>Origin: null</c> with these posts.
/// </summary>
public sealed class SignInFormTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    [Fact]
    public async Task ALeader_SignsIn_MakesAKioskLink_AndSignsOut_ThroughTheAppsOwnForms()
    {
        var app = fixture.App;
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = app.Get<CatalogStore>();
        var organisationId = "org-" + id;
        var surveyId = "survey-" + id;
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Skjema AS", ["AFT"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, "Trivsel", Instruments.Wellbeing.Id, [], []), default);
        await catalog.SaveRoundAsync(organisationId, Round.Create($"round-{id}", surveyId, "Vår 2026", DateTimeOffset.UtcNow.AddDays(-1), null, 10), default);
        var member = await app.Get<MemberStore>().GrantAsync($"leder-{id}@example.no", "Test Leder", organisationId, new Membership(OrganisationRole.Admin, null), default);

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nb-NO", BaseURL = app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        // Asking for a link (an unknown address: the answer is the same, and no e-mail is needed here).
        await page.GotoAsync("/logg-inn");
        await page.GetByLabel("E-postadresse").FillAsync($"ukjent-{id}@example.no");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send meg en lenke" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logg inn", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("p.note")).ToContainTextAsync("Sjekk e-posten din");

        // The link's page and its button: signed in, on the leader page.
        var link = await app.Get<SignInStore>().CreateLinkAsync(member.Id, default);
        await page.GotoAsync($"/logg-inn/{link}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/leder$"));
        await Expect(page.GetByText("Skjema AS").First).ToBeVisibleAsync();

        // From the home to the round's kiosk page, and a cookie-authorised write from its form's script.
        await page.GetByRole(AriaRole.Link, new() { Name = "Kiosk for Vår 2026" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/leder/runder/round-{id}/kiosk$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lag kiosklenke" }).ClickAsync();
        await Expect(page.Locator(".kiosk-url-text a")).ToHaveAttributeAsync("href", new Regex("/k/[A-Za-z0-9_-]+$"));

        // «Logg ut» on the home ends the session.
        await page.GotoAsync("/leder");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/logg-inn$"));
        var me = await page.APIRequest.GetAsync("/api/me");
        Assert.Equal(401, me.Status);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task TheUnsubscribeButton_Works()
    {
        var app = fixture.App;
        var id = Guid.NewGuid().ToString("N")[..12];
        var organisationId = "org-" + id;
        var member = await app.Get<MemberStore>().GrantAsync($"leder-{id}@example.no", "Test Leder", organisationId, new Membership(OrganisationRole.Leader, null), default);
        var digests = app.Get<DigestStore>();
        var recipient = await digests.SetMemberAsync(organisationId, member, DigestFrequency.Weekly, default);
        var token = await digests.NewUnsubscribeTokenAsync(recipient, default);

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nb-NO", BaseURL = app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/avmeld/{token}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Meld meg av" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Du er meldt av", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(DigestFrequency.Off, (await digests.FindByTokenAsync(token, default))!.Frequency);
        await context.DisposeAsync();
    }
}
