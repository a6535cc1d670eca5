using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Flows;

/// <summary>
/// Every bad input a fuzzer found, once each (hardening issue, items 1 and 4): each is a 4xx ProblemDetails that says
/// what was wrong, in bokmål and in English, and stores nothing. A new finding gets a case here.
/// </summary>
public sealed class BadInputCorpusTests(BadInputCorpusTests.App app) : IClassFixture<BadInputCorpusTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting)
    {
        private Task<(string Org, string Survey, string Round, string Token)>? _seed;

        /// <summary>An organisation with an open round and a kiosk link, made once for every case.</summary>
        public Task<(string Org, string Survey, string Round, string Token)> SeedAsync() => _seed ??= SeedNowAsync();

        private async Task<(string, string, string, string)> SeedNowAsync()
        {
            using var admin = Factory.AsAdmin();
            var (org, survey, round) = await admin.CreateOrganisationWithRoundAsync();
            using var link = await admin.PostAsync($"/api/rounds/{round}/kiosk-links", null);
            var token = (string)JsonNode.Parse(await link.Content.ReadAsStringAsync())!["token"]!;
            return (org, survey, round, token);
        }
    }

    private sealed record Seed(string Org, string Survey, string Round, string Token);

    /// <summary>One finding: the request (built anew for each language), who sends it, the status, and words the
    /// problem's title or detail must contain in bokmål and in English.</summary>
    private sealed record Case(Func<Seed, HttpRequestMessage> Request, bool Admin, int Status, string Nb, string En);

    private static string Valid(string extra = "") =>
        $$"""{"responseId":"{{Guid.NewGuid()}}","answers":{"WELLBEING-01":3}{{extra}}}""";

    private static HttpRequestMessage Kiosk(Seed s, byte[] body, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/kiosk/{s.Token}/responses") { Content = new ByteArrayContent(body) };
        if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Item 4: invalid UTF-8 in a string (here the language): was 500 (the string failed to transcode on first use).
        ["kiosk: invalid UTF-8"] = new(s => Kiosk(s, [.. Utf8(Valid(",\"language\":\"n")), 0xC3, 0x28, .. Utf8("\"}")]),
            false, 400, "UTF-8", "UTF-8"),
        // A lone surrogate: was 500 (valid JSON, but no string can hold it).
        ["kiosk: lone surrogate"] = new(s => Kiosk(s, Utf8(Valid(",\"language\":\"nb\\ud800\""))), false, 400, "surrogat", "surrogate"),
        // The same name twice: was 500 (JsonObject's dictionary threw on first use). Which answer would count?
        ["kiosk: duplicate keys"] = new(s => Kiosk(s, Utf8("{\"responseId\":\"" + Guid.NewGuid() + "\",\"answers\":{\"WELLBEING-01\":1,\"WELLBEING-01\":5}}")),
            false, 400, "to ganger", "twice"),
        // Item 1: only application/json is JSON (was: anything starting with it).
        ["kiosk: application/jsonpx"] = new(s => Kiosk(s, Utf8(Valid()), "application/jsonpx"), false, 415, "JSON", "JSON"),
        ["kiosk: no Content-Type"] = new(s => Kiosk(s, Utf8(Valid()), null), false, 415, "Content-Type", "Content-Type"),
        ["kiosk: text/plain"] = new(s => Kiosk(s, Utf8(Valid()), "text/plain"), false, 415, "JSON", "JSON"),
        ["kiosk: application/problem+json"] = new(s => Kiosk(s, Utf8(Valid()), "application/problem+json"), false, 415, "JSON", "JSON"),
        ["kiosk: charset latin-1"] = new(s => Kiosk(s, Utf8(Valid()), "application/json; charset=iso-8859-1"), false, 415, "iso-8859-1", "iso-8859-1"),
        ["kiosk: too large"] = new(s => Kiosk(s, Utf8(Valid($",\"language\":\"{new string('x', 70_000)}\""))), false, 413, "for stort", "too large"),
        ["catalog: no Content-Type"] = new(s => new HttpRequestMessage(HttpMethod.Post, "/api/organisations")
            { Content = new ByteArrayContent(Utf8("""{"name":"Uten type AS"}""")) }, true, 415, "Content-Type", "Content-Type"),
        // Item 4: a malformed multipart body on the sign-in form: was 500 (ReadFormAsync's InvalidDataException).
        ["sign-in form: multipart without its end"] = new(s => SignInForm("multipart/form-data; boundary=xyz",
            "--xyz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nleder@"), false, 400, "Skjemaet", "form"),
        ["sign-in form: multipart without a boundary"] = new(s => SignInForm("multipart/form-data", "email=x"), false, 400, "Skjemaet", "form"),
        // Ids no entity can have (a forbidden key character; longer than a key can be) were 404 ProblemDetails, but 500 for a
        // caller whose Accept rules out JSON (Accept: text/html): the ProblemDetails service wrote nothing, so the exception
        // went unhandled. The same 500 hit every refusal by exception (401, 403, 404, 400) for such a caller.
        ["route: a%23b, Accept: text/html"] = new(s => Accept(new HttpRequestMessage(HttpMethod.Get, "/api/kiosk/a%23b/survey"), "text/html"),
            false, 404, "Kiosklenken", "kiosk link"),
        ["route: 600 characters, Accept: text/html"] = new(s => Accept(new HttpRequestMessage(HttpMethod.Get, $"/api/organisations/{new string('a', 600)}"), "text/html"),
            true, 404, "Fant ikke", "not found"),
        ["page: a%23b, Accept: text/html"] = new(s => Accept(new HttpRequestMessage(HttpMethod.Get, "/leder/tiltak/a%23b/a%23b"), "text/html"),
            true, 404, "Fant ikke", "not found"),
        ["route: a%23b in a kiosk submit"] = new(s => new HttpRequestMessage(HttpMethod.Post, "/api/kiosk/a%23b/responses") { Content = new StringContent(Valid(), Encoding.UTF8, "application/json") },
            false, 404, "Kiosklenken", "kiosk link"),
        ["route: 600 characters"] = new(s => new HttpRequestMessage(HttpMethod.Get, $"/api/surveys/{new string('a', 600)}/rounds"), true, 404, "Fant ikke", "not found"),
        ["not signed in, Accept: text/html"] = new(s => Accept(new HttpRequestMessage(HttpMethod.Get, "/api/me"), "text/html"), false, 401, "", ""),
        // Item 4: a date before DateTimeOffset's first instant in UTC: was 500.
        ["create round: opens 0001-01-01"] = new(s => new HttpRequestMessage(HttpMethod.Post, $"/api/surveys/{s.Survey}/rounds")
            { Content = new StringContent("""{"label":"Gammel","opens":"0001-01-01","invited":3}""", Encoding.UTF8, "application/json") },
            true, 400, "2000-01-01", "2000-01-01"),
        ["create round: closes 9999-12-31"] = new(s => new HttpRequestMessage(HttpMethod.Post, $"/api/surveys/{s.Survey}/rounds")
            { Content = new StringContent("""{"label":"Evig","opens":"2026-01-01","closes":"9999-12-31","invited":3}""", Encoding.UTF8, "application/json") },
            true, 400, "2099-12-31", "2099-12-31"),
    };

    private static HttpRequestMessage Accept(HttpRequestMessage request, string accept)
    {
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    private static HttpRequestMessage SignInForm(string contentType, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/logg-inn") { Content = new ByteArrayContent(Utf8(body)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    public static TheoryData<string> Findings => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Findings))]
    public async Task IsA4xxProblem_ThatSaysWhatWasWrong_AndStoresNothing(string finding)
    {
        var seed = await app.SeedAsync();
        var s = new Seed(seed.Org, seed.Survey, seed.Round, seed.Token);
        var @case = Cases[finding];
        using var client = @case.Admin ? app.Factory.AsAdmin() : app.Factory.CreateClient();
        // A same-origin form post, as the sign-in page's own form sends it.
        client.DefaultRequestHeaders.Add("Origin", app.Factory.BaseAddress.GetLeftPart(UriPartial.Authority));

        var before = await StoredState.OfAsync(app.Factory);
        foreach (var (language, expected) in new[] { ("nb", @case.Nb), ("en", @case.En) })
        {
            using var request = @case.Request(s);
            request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == @case.Status, $"{language}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!;
            Assert.Equal(@case.Status, (int)problem["status"]!);
            var said = $"{problem["title"]} {problem["detail"]}";
            Assert.True(said.Contains(expected, StringComparison.OrdinalIgnoreCase), $"{language}: '{expected}' not in: {said}");
        }
        Assert.Empty((await StoredState.OfAsync(app.Factory)).ChangesSince(before));
    }

    /// <summary>The one finding that was a refusal: a UTF-8 byte order mark before the JSON is ignored (RFC 8259 §8.1
    /// lets a parser do so; Windows tools write one), so the answer is taken in, once.</summary>
    [Fact]
    public async Task Kiosk_Bom_BeforeJson_IsIgnored()
    {
        var seed = await app.SeedAsync();
        using var client = app.Factory.CreateClient();
        var before = await StoredState.OfAsync(app.Factory);
        using var request = Kiosk(new Seed(seed.Org, seed.Survey, seed.Round, seed.Token), [0xEF, 0xBB, 0xBF, .. Utf8(Valid())]);
        using var response = await client.SendAsync(request);
        Assert.True((int)response.StatusCode == 202, await response.Content.ReadAsStringAsync());
        var changes = (await StoredState.OfAsync(app.Factory)).ChangesSince(before);
        Assert.Contains("Responses: 0 → 1 rows", changes);
    }
}
