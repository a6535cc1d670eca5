using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Audit;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Setup;

/// <summary>/leder/runder/{roundId}/kiosk and its poster: making, showing, listing and revoking kiosk links as a leader does in the browser.</summary>
public sealed class KioskSetupTests(KioskSetupTests.App app) : IClassFixture<KioskSetupTests.App>
{
    // A short cache lifetime is not needed: a revocation is seen at once by the instance that made it (there is one).
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string org) => await Factory.Get<AuditLog>().ListAsync(org, 50, default);

    private static async Task<JsonObject> MakeLinkAsync(HttpClient client, string round, object? body)
    {
        using var response = await client.PostAsync($"/api/rounds/{round}/kiosk-links",
            body is null ? null : new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task RightAfterMakingALink_ThePageShowsItsQrCodeAndTheLink_AndThePosterHasBoth_ButTheListNeverShowsItAgain()
    {
        using var platform = Factory.AsAdmin();
        var (org, _, round) = await platform.CreateOrganisationWithRoundAsync("Kiosk AS");
        using var admin = await Factory.AsMemberAsync("admin@kiosk.no", org, OrganisationRole.Admin);

        using var first = await admin.GetAsync($"/leder/runder/{round}/kiosk");
        var empty = await first.Content.ReadAsStringAsync();
        Assert.True(first.IsSuccessStatusCode, empty);
        Assert.Contains("Ingen kiosklenker ennå.", empty);
        Assert.Contains($"data-url=\"/api/rounds/{round}/kiosk-links\"", empty);
        Assert.Contains($"data-next=\"/leder/runder/{round}/kiosk?ny={{id}}\"", empty);

        // What the page's form posts; forms.js then opens data-next with the response's id, else its token.
        var link = await MakeLinkAsync(admin, round, new { name = "Nettbrett i kantina", unit = "VTA" });
        Assert.Null(link["id"]);
        var token = (string)link["token"]!;
        var url = (string)link["url"]!;

        using var fresh = await admin.GetAsync($"/leder/runder/{round}/kiosk?ny={token}");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        var page = await fresh.Content.ReadAsStringAsync();
        var svg = QrCodes.FirstSvg(page);
        Assert.Equal(url, QrCodes.Decode(svg));
        Assert.Contains($">{url}</a>", page);
        Assert.Contains("Skriv ut plakaten eller kopier lenken nå.", page);
        Assert.Contains($"href=\"/leder/runder/{round}/kiosk/plakat?lenke={token}\"", page);
        // The CSP allows no inline style attribute, no image source and no other origin: the SVG needs none of them.
        Assert.Contains("default-src 'none'", fresh.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("style=", svg);
        Assert.DoesNotContain("href", svg);
        Assert.DoesNotContain("<img", page);

        using var poster = await admin.GetAsync($"/leder/runder/{round}/kiosk/plakat?lenke={token}");
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        var posterHtml = await poster.Content.ReadAsStringAsync();
        Assert.Equal(url, QrCodes.Decode(QrCodes.FirstSvg(posterHtml)));
        Assert.Contains($"<p class=\"poster-link\">{url}</p>", posterHtml);
        Assert.Contains("«Legg til på Hjem-skjerm»", posterHtml);
        Assert.Contains("til lading", posterHtml);
        Assert.Contains("admin@kiosk.no", posterHtml);
        Assert.Contains("@page{size:A4", posterHtml);
        Assert.Contains("Add to Home Screen", await admin.GetStringAsync($"/leder/runder/{round}/kiosk/plakat?lenke={token}&lang=en"));

        var later = await admin.GetStringAsync($"/leder/runder/{round}/kiosk");
        Assert.Contains("Nettbrett i kantina", later);
        Assert.DoesNotContain(token, later);
        Assert.DoesNotContain("<svg", later);
        Assert.Contains("QR-koden og plakaten vises bare rett etter", later);
    }

    [Fact]
    public async Task RevokingWithThePagesButton_StopsTheKiosk_AndTheListSaysSo()
    {
        using var platform = Factory.AsAdmin();
        var (org, _, round) = await platform.CreateOrganisationWithRoundAsync("Tilbake AS");
        using var leader = await Factory.AsMemberAsync("leder@tilbake.no", org, OrganisationRole.Leader);
        var link = await MakeLinkAsync(leader, round, new { name = "Gangen" });
        var token = (string)link["token"]!;
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().GetAsync($"/api/kiosk/{token}/survey")).StatusCode);

        var listed = (await leader.GetFromJsonAsync<JsonArray>($"/api/rounds/{round}/kiosk-links"))!;
        var id = (string)listed.Single()!["id"]!;
        Assert.Equal((string)link["linkId"]!, id);
        Assert.Equal("Gangen", (string?)listed.Single()!["name"]);
        Assert.False((bool)listed.Single()!["revoked"]!);
        var page = await leader.GetStringAsync($"/leder/runder/{round}/kiosk");
        var button = $"data-url=\"/api/rounds/{round}/kiosk-links/{id}\"";
        Assert.Contains(button, page);

        using var revoke = await leader.DeleteAsync($"/api/rounds/{round}/kiosk-links/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Factory.CreateClient().GetAsync($"/api/kiosk/{token}/survey")).StatusCode);
        Assert.True((bool)(await leader.GetFromJsonAsync<JsonArray>($"/api/rounds/{round}/kiosk-links"))!.Single()!["revoked"]!);
        var after = await leader.GetStringAsync($"/leder/runder/{round}/kiosk");
        Assert.Contains("Trukket tilbake", after);
        Assert.DoesNotContain(button, after);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/leder/runder/{round}/kiosk/plakat?lenke={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync($"/leder/runder/{round}/kiosk?ny={token}")).StatusCode);
    }

    [Fact]
    public async Task ThePages_AreForTheRoundsLeadersAndAdmins_AndSayWhyToOthers()
    {
        using var platform = Factory.AsAdmin();
        var (_, _, round) = await platform.CreateOrganisationWithRoundAsync("Egen AS");
        var (other, _, _) = await platform.CreateOrganisationWithRoundAsync("Annen AS");
        using var stranger = await Factory.AsMemberAsync("leder@annen.no", other, OrganisationRole.Admin);

        using var anonymous = await Factory.CreateClient().GetAsync($"/leder/runder/{round}/kiosk");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Du må logge inn", await anonymous.Content.ReadAsStringAsync());
        using var foreign = await stranger.GetAsync($"/leder/runder/{round}/kiosk");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Contains("Fant ikke runden", await foreign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/leder/runder/{round}/kiosk/plakat?lenke=x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/rounds/{round}/kiosk-links")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/leder/runder/no%20such%20round/kiosk")).StatusCode);
    }

    [Fact]
    public async Task ALeaderLimitedToAUnit_MakesAndSeesOnlyThatUnitsLinks()
    {
        using var platform = Factory.AsAdmin();
        var (org, _, round) = await platform.CreateOrganisationWithRoundAsync("Enhet AS");
        using var admin = await Factory.AsMemberAsync("admin@enhet.no", org, OrganisationRole.Admin);
        using var aft = await Factory.AsMemberAsync("aft@enhet.no", org, OrganisationRole.Leader, ["AFT"]);
        await MakeLinkAsync(admin, round, new { name = "VTA-brettet", unit = "VTA" });
        await MakeLinkAsync(aft, round, new { name = "AFT-brettet", unit = "AFT" });

        var page = await aft.GetStringAsync($"/leder/runder/{round}/kiosk");

        Assert.Contains("AFT-brettet", page);
        Assert.DoesNotContain("VTA-brettet", page);
        Assert.Contains("<option value=\"AFT\">AFT</option>", page);
        Assert.DoesNotContain("<option value=\"VTA\">", page);
        Assert.DoesNotContain("Ingen bestemt enhet", page);
        Assert.Single((await aft.GetFromJsonAsync<JsonArray>($"/api/rounds/{round}/kiosk-links"))!);
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonArray>($"/api/rounds/{round}/kiosk-links"))!.Count);
    }

    [Theory]
    [InlineData("""{"name":"Et navn som er altfor langt for et nettbrett, over seksti tegn til sammen"}""", "name")]
    [InlineData("""{"name":42}""", "name")]
    [InlineData("""{"unit":"Kantina"}""", "unit")]
    public async Task ABadLink_IsRefusedWithAProblem_AndNothingIsMade(string body, string? field)
    {
        using var platform = Factory.AsAdmin();
        var (org, _, round) = await platform.CreateOrganisationWithRoundAsync("Feil AS");
        using var leader = await Factory.AsMemberAsync("leder@feil.no", org, OrganisationRole.Leader, ["AFT"]);

        using var response = await leader.PostAsync($"/api/rounds/{round}/kiosk-links", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True((int)response.StatusCode is 400 or 403, $"{(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null) Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field]);
        Assert.Empty((await platform.GetFromJsonAsync<JsonArray>($"/api/rounds/{round}/kiosk-links"))!);
    }

    [Fact]
    public async Task RevokingSomethingThatIsNotALinkOfTheRound_IsNotFound_AndChangesNothing()
    {
        using var platform = Factory.AsAdmin();
        var (org, _, round) = await platform.CreateOrganisationWithRoundAsync("Runde AS");
        var (_, _, otherRound) = await platform.CreateOrganisationWithRoundAsync("Annen runde AS");
        using var admin = await Factory.AsMemberAsync("admin@runde.no", org, OrganisationRole.Admin);
        var link = await MakeLinkAsync(admin, round, null);

        Assert.Equal(HttpStatusCode.NotFound, (await platform.DeleteAsync($"/api/rounds/{otherRound}/kiosk-links/{link["linkId"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/rounds/{round}/kiosk-links/{new string('a', 64)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/rounds/{round}/kiosk-links/{new string('Z', 64)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().GetAsync($"/api/kiosk/{link["token"]}/survey")).StatusCode);
        Assert.False((bool)(await admin.GetFromJsonAsync<JsonArray>($"/api/rounds/{round}/kiosk-links"))!.Single()!["revoked"]!);
    }

    [Fact]
    public async Task ALeaderLimitedToAUnit_CannotRevokeAnotherUnitsLink_ButCanRevokeTheirOwn()
    {
        using var platform = Factory.AsAdmin();
        var (org, _, round) = await platform.CreateOrganisationWithRoundAsync("Eget brett AS");
        using var admin = await Factory.AsMemberAsync("admin@egetbrett.no", org, OrganisationRole.Admin);
        using var aft = await Factory.AsMemberAsync("aft@egetbrett.no", org, OrganisationRole.Leader, ["AFT"]);
        var vta = await MakeLinkAsync(admin, round, new { name = "VTA-brettet", unit = "VTA" });
        var open = await MakeLinkAsync(admin, round, new { name = "Felles brett" });
        var own = await MakeLinkAsync(aft, round, new { name = "AFT-brettet", unit = "AFT" });

        // By id or by token: the other unit's link and the link of no unit are not the AFT leader's to revoke.
        foreach (var other in new[] { (string)vta["linkId"]!, (string)vta["token"]!, (string)open["linkId"]! })
        {
            using var refused = await aft.DeleteAsync($"/api/rounds/{round}/kiosk-links/{other}");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().GetAsync($"/api/kiosk/{vta["token"]}/survey")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().GetAsync($"/api/kiosk/{open["token"]}/survey")).StatusCode);
        Assert.DoesNotContain((await AuditAsync(org)), e => e.Action == "kiosk-link-revoked");

        Assert.Equal(HttpStatusCode.NoContent, (await aft.DeleteAsync($"/api/rounds/{round}/kiosk-links/{own["linkId"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Factory.CreateClient().GetAsync($"/api/kiosk/{own["token"]}/survey")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rounds/{round}/kiosk-links/{vta["linkId"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Factory.CreateClient().GetAsync($"/api/kiosk/{vta["token"]}/survey")).StatusCode);
    }

    [Fact]
    public async Task MakingAndRevokingALink_AreInTheAuditLog_WithItsNameAndUnit_ButNeverItsToken()
    {
        using var platform = Factory.AsAdmin();
        var (org, _, round) = await platform.CreateOrganisationWithRoundAsync("Logg brett AS");
        using var admin = await Factory.AsMemberAsync("admin@loggbrett.no", org, OrganisationRole.Admin);
        var link = await MakeLinkAsync(admin, round, new { name = "Nettbrett i kantina", unit = "VTA" });
        var token = (string)link["token"]!;
        var id = (string)link["linkId"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rounds/{round}/kiosk-links/{id}")).StatusCode);
        // Revoking again changes nothing and logs nothing more.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rounds/{round}/kiosk-links/{token}")).StatusCode);

        var entries = (await AuditAsync(org)).Where(e => e.Action.StartsWith("kiosk-link-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["kiosk-link-revoked", "kiosk-link-created"], entries.Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.Equal(round, e.Subject);
            Assert.Equal("admin@loggbrett.no", e.Actor);
            Assert.Equal("Nettbrett i kantina", e.Details["name"]);
            Assert.Equal("VTA", e.Details["unit"]);
            Assert.Equal(id[..12], e.Details["link"]);
            Assert.DoesNotContain(token, string.Join(" ", e.Details.Values));
        });
        var log = await admin.GetStringAsync("/leder/logg");
        Assert.Contains("Kiosklenke laget", log);
        Assert.Contains("Kiosklenke trukket tilbake", log);
        Assert.DoesNotContain(token, log);
    }
}
