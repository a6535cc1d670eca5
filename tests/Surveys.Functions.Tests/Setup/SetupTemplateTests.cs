using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Surveys.Functions.Pages;
using Surveys.Pages.Setup.Digest;
using Surveys.Pages.Setup.Kiosk;
using Surveys.Pages.Setup.Partners;
using Surveys.Pages.Setup.People;

namespace Surveys.Functions.Tests.Setup;

/// <summary>The set-up pages' templates without storage: what a browser receives when people typed names with markup in them.</summary>
public sealed class SetupTemplateTests
{
    private const string Typed = "<script>alert(1)</script>\"&";
    private const string Encoded = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;";

    private static readonly PageRenderer Renderer = new(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

    private static async Task<string> PageAsync<TPage, TModel>(TModel model, string query = "") where TPage : Surveys.Pages.PageBase<TModel>
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.QueryString = new QueryString(query);
        http.Response.Body = new MemoryStream();
        await (await Renderer.PageAsync<TPage, TModel>(http, model)).ExecuteAsync(http);
        http.Response.Body.Position = 0;
        return await new StreamReader(http.Response.Body).ReadToEndAsync();
    }

    private static void AssertOnlyEncoded(string html)
    {
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains(Encoded, html);
    }

    [Fact]
    public async Task KioskLinkNames_AndTheRoundsTexts_AreText()
    {
        var svg = Surveys.Functions.Kiosk.KioskQr.Svg("http://localhost:7071/k/abc");
        var model = new KioskLinksModel("round-1", Typed, Typed, Typed, RoundOpen: true, [Typed], UnitRequired: false,
            [new(new string('a', 64), Typed, Typed, new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.FromHours(1)), Revoked: false)],
            new KioskLinksModel.NewLink("http://localhost:7071/k/abc", svg, Typed, Typed, "/leder/runder/round-1/kiosk/plakat?lenke=abc"));

        var html = await PageAsync<KioskLinksPage, KioskLinksModel>(model);

        AssertOnlyEncoded(html);
        Assert.Contains(svg, html);
        Assert.Contains("2026-12-07 09:30", html);
        Assert.Contains("Kiosk links", await PageAsync<KioskLinksPage, KioskLinksModel>(model, "?lang=en"));
    }

    [Fact]
    public async Task ThePoster_ShowsTypedNamesAsText()
    {
        var model = new KioskPosterModel("http://localhost:7071/k/abc", Surveys.Functions.Kiosk.KioskQr.Svg("http://localhost:7071/k/abc"), Typed, Typed, Typed, Typed, Typed, Typed, "/leder");

        AssertOnlyEncoded(await PageAsync<KioskPosterPage, KioskPosterModel>(model));
    }

    [Fact]
    public async Task PeoplesNamesAndAddresses_AreText()
    {
        var person = new PeopleModel.Person("m1", Typed, Typed + "@x.no", Admin: false, [Typed]);
        AssertOnlyEncoded(await PageAsync<PeoplePage, PeopleModel>(new PeopleModel("org-1", Typed, [Typed], [person], "m2")));
        AssertOnlyEncoded(await PageAsync<PeoplePage, PeopleModel>(new PeopleModel("org-1", Typed, [Typed], [person], "m2", Editing: person)));
    }

    [Fact]
    public async Task PartnerNamesAndSurveyTitles_AreText()
    {
        var model = new PartnersModel("org-1", Typed, [new("s1", Typed)],
            [new("g1", Typed, AllSurveys: false, [Typed], "monthly", [Typed], Active: true, DateTimeOffset.UnixEpoch, Typed, null, null)],
            [new("partner-1", Typed)]);

        AssertOnlyEncoded(await PageAsync<PartnersPage, PartnersModel>(model));
    }

    [Fact]
    public async Task DigestAddressesAndNames_AreText()
    {
        var model = new DigestModel("org-1", Typed, Typed, "weekly", Admin: true, [new(Typed, Typed, "daily")], [new(Typed, null, "off")]);

        AssertOnlyEncoded(await PageAsync<DigestPage, DigestModel>(model));
    }

    private sealed class UninitialisedNavigation : Microsoft.AspNetCore.Components.NavigationManager;

    [Fact]
    public async Task APageWithAForm_Renders_WhenTheAppsServicesHoldANavigationManager()
    {
        // The worker's services hold one that only Blazor initialises; with it the renderer used to write action="…" on forms and throw.
        var renderer = new PageRenderer(new ServiceCollection().AddSingleton<Microsoft.AspNetCore.Components.NavigationManager, UninitialisedNavigation>().BuildServiceProvider(),
            NullLoggerFactory.Instance);
        var html = await renderer.RenderAsync<DigestPage>(new Dictionary<string, object?>
        {
            ["Page"] = new Surveys.Pages.PageContext(false, "00"),
            ["Model"] = new DigestModel("org-1", "Org", "a@b.no", "off", Admin: true, [], []),
        });

        Assert.Contains("<form class=\"api-form\"", html);
        Assert.DoesNotContain("action=", html);
    }
}
