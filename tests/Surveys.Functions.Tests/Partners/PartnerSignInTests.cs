using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Partners;

/// <summary>A partner user signs in exactly like a leader: the e-mailed one-time link (the outbox locally).</summary>
public sealed partial class PartnerSignInTests() : OutboxAppTests("surveys-outbox-")
{
    [Fact]
    public async Task APartnerUser_AddedByThePartnersAdmin_SignsInByEmailLink_AndSeesThePartnersGrants()
    {
        using var admin = App.AsAdmin();
        var (org, survey, _) = await admin.CreateOrganisationWithRoundAsync("Kunde AS");
        var partner = await admin.CreatePartnerAsync("Arca");
        await admin.GrantAsync(org, partner, [survey]);
        using var added = await admin.PostAsJsonAsync($"/api/partners/{partner}/members", new { email = "Kari@Arca.no", name = "Kari", role = "admin" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        using var browser = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsJsonAsync("/api/auth/sign-in", new { email = "kari@arca.no" })).StatusCode);
        var link = await Outbox.SignInLinkAsync(OutboxFolder, "kari@arca.no");
        Assert.NotEmpty(link);

        using var signedIn = await browser.PostAsync(new Uri(link).AbsolutePath, null);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/partner", signedIn.Headers.Location!.OriginalString);
        using var kari = App.CreateClient();
        kari.DefaultRequestHeaders.Add("Cookie", signedIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);

        var me = (await kari.GetFromJsonAsync<JsonObject>("/api/me"))!;
        Assert.Equal("kari@arca.no", (string?)me["email"]);
        Assert.Equal("admin", (string?)me["partners"]![partner]!["role"]);
        Assert.Empty(me["organisations"]!.AsObject());
        var grants = (await kari.GetFromJsonAsync<JsonArray>($"/api/partners/{partner}/grants"))!;
        Assert.Equal("Kunde AS", (string?)Assert.Single(grants)!["organisationName"]);
        Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync($"/api/organisations/{org}")).StatusCode);

        // The partner page lists the client, the granted survey with its export links, and the partner's tokens.
        await admin.CreateTokenAsync(partner, "AMU-eksport");
        var page = WebUtility.HtmlDecode(await kari.GetStringAsync("/partner"));
        Assert.Contains("Kunde AS", page);
        Assert.Contains("Trivsel 2026", page);
        Assert.Contains($"/api/surveys/{survey}/export?content=results&format=xlsx", page);
        Assert.Contains("AMU-eksport", page);
    }
}
