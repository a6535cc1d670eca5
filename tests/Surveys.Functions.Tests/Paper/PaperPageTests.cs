using System.Net;
using System.Text.RegularExpressions;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Paper;

/// <summary>GET /rounds/{roundId}/paper: the staff screen for typing in paper forms.</summary>
public sealed partial class PaperPageTests(PaperApp app) : IClassFixture<PaperApp>
{
    private static string Url(string roundId, string? lang = null) => $"/rounds/{roundId}/paper" + (lang is null ? "" : $"?lang={lang}");

    [Fact]
    public async Task ThePage_ShowsASignedInLeaderEveryItemInTheSurveysOrder_WithItsCodeAndText()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        using var response = await leader.GetAsync(Url(round.RoundId));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"nb\">", html);
        var positions = Instruments.Wellbeing.Items.Select(i => html.IndexOf($"name=\"{i.Id}\"", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        foreach (var item in Instruments.Wellbeing.Items)
        {
            Assert.Contains($"{item.ShortCode} · {item.Id}", WebUtility.HtmlDecode(html));
            Assert.Contains(item.Text.Get(Language.Norwegian), WebUtility.HtmlDecode(html));
        }
        Assert.Contains("Nytt skjema", html);
        Assert.Contains("Lagre skjema", html);
        Assert.Contains("makuleres", html); // the reminder to destroy the paper forms
        Assert.Contains("<option value=\"AFT\">AFT</option>", html);
        Assert.Contains("data-allowed=\"1 2 3 4 5\"", html);
        Assert.Contains($"/api/rounds/' + encodeURIComponent(round) + '/responses", html);
        Assert.Contains("crypto.randomUUID()", html);
    }

    [Fact]
    public async Task ThePage_IsInEnglish_WithLangEn()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        var html = await leader.GetStringAsync(Url(round.RoundId, "en"));

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("New form", html);
        Assert.Contains("Save form", html);
        Assert.Contains(Instruments.Wellbeing.Items[0].Text.Get(Language.English), WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task EveryFieldHasALabel_AndTheScaleAndNonScaleCodesAreStated()
    {
        var round = await Seed.RoundAsync(app.Factory, Instruments.Exit);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        var html = await leader.GetStringAsync(Url(round.RoundId));

        var ids = FieldIds().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Contains($"<label for=\"{id}\"", html));
        Assert.Contains("name=\"EXIT-01\" data-kind=\"number\" data-allowed=\"1 2 3 4 5 6 9\"", html);
        Assert.Contains("name=\"EXIT-YN-01\" data-kind=\"number\" data-allowed=\"1 2\"", html);
        Assert.Contains("<textarea id=\"a8\" name=\"EXIT-TXT-01\" data-kind=\"text\"", html);
    }

    [Fact]
    public async Task ThePage_HasAStrictContentSecurityPolicy_AndLoadsNothingFromAnotherSite()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        using var response = await leader.GetAsync(Url(round.RoundId));
        var html = await response.Content.ReadAsStringAsync();

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(csp, "script-src 'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.All(Regex.Matches(html, "<script[^>]*>").Select(m => m.Value),
            tag => Assert.True(tag.Contains($"nonce=\"{nonce}\"") || tag.Contains("type=\"application/json\""), tag));
        Assert.Contains($"<style nonce=\"{nonce}\">", html);
        Assert.DoesNotContain(" style=", html);
        Assert.DoesNotMatch(@"<[^>]+\son[a-z]+\s*=", html); // no inline event handlers
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var second = await leader.GetAsync(Url(round.RoundId));
        Assert.NotEqual(csp, second.Headers.GetValues("Content-Security-Policy").Single()); // a fresh nonce per response
    }

    [Fact]
    public async Task AnAnonymousVisitor_Gets401_WithALinkToSignIn()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var anonymous = app.Anonymous();

        using var response = await anonymous.GetAsync(Url(round.RoundId));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("href=\"/logg-inn\"", html);
        Assert.DoesNotContain("WELLBEING-01", html);
    }

    [Fact]
    public async Task ALeaderOfAnotherOrganisation_Gets404_AndSeesNoItems()
    {
        var round = await Seed.RoundAsync(app.Factory);
        var other = await Seed.RoundAsync(app.Factory);
        using var outsider = await app.LeaderAsync(other.OrganisationId);

        using var response = await outsider.GetAsync(Url(round.RoundId));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("WELLBEING-01", html);
        Assert.DoesNotContain("Test Arbeid AS", html);
    }

    [Fact]
    public async Task ALeaderLimitedToAUnit_IsOfferedOnlyThatUnit()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId, ["VTA"]);

        var html = await leader.GetStringAsync(Url(round.RoundId));

        Assert.Contains("<option value=\"VTA\">VTA</option>", html);
        Assert.DoesNotContain("<option value=\"AFT\">", html);
        Assert.Contains("<select id=\"unit\" required>", html);
    }

    [GeneratedRegex("<(?:input|textarea|select) id=\"([^\"]+)\"")]
    private static partial Regex FieldIds();
}
