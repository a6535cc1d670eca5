using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Surveys.Functions.Tests.Flows;

/// <summary>
/// Generated bad requests to every HTTP route the build declares (<see cref="FunctionsMetadata.Http"/>), as nobody, as
/// the platform admin (bearer key) and as a signed-in organisation admin (session cookie): hostile path values, bodies
/// (malformed, not UTF-8, lone surrogates, duplicate names, wrong shapes, too large, forms, multipart, bytes), content
/// types, languages, origins, cookies and keys. None may be answered 5xx, and none answered 4xx may store anything.
/// Generated from a fixed seed, so a failure repeats; the message lists the request.
/// </summary>
/// <remarks>
/// Requests are sent one at a time. The app's stored state (<see cref="StoredState"/>: rows and ETags of its tables, its
/// responses queue) is read before and after each request that might be accepted (real ids and a body some handler could
/// take), and after each group of requests every handler refuses, so a change is pinned on one request or one group. A
/// request accepted on its own (a GET, a form, a body that happened to be acceptable) may store and is not checked for it.
/// /// </remarks>
public sealed class FuzzTests(FuzzTests.App app, ITestOutputHelper output) : IClassFixture<FuzzTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private const int Seed = 20261207;
    private const int Count = 300;

    /// <summary>Requests that every handler refuses are checked for stored changes in groups of this many: reading the
    /// stored state is about ten round trips to Azurite, which answers one at a time (and serves every test class).</summary>
    private const int Group = 10;

    private enum Caller { Anonymous, Admin, Member }

    /// <param name="Isolate">Might be accepted (no path value or body that every handler refuses): its stored state is read
    /// before and after it alone. The others are read in groups.</param>
    private sealed record Spec(int Index, Caller Caller, string Method, string Path, byte[]? Body, string? ContentType,
        IReadOnlyList<(string Name, string Value)> Headers, string What, bool Isolate)
    {
        public override string ToString() =>
            $"#{Index} {Caller} {Method} {Shorten(Path)} [{ContentType ?? "no Content-Type"}] {What}" +
            (Headers.Count == 0 ? "" : " " + string.Join(" ", Headers.Select(h => $"{h.Name}: {Shorten(h.Value)}")));
    }

    [Fact]
    public async Task GeneratedBadRequests_AreNever5xx_AndStoreNothingWhenRefused()
    {
        var factory = app.Factory;
        using var admin = factory.AsAdmin();
        var (org, survey, round) = await admin.CreateOrganisationWithRoundAsync();
        using var link = await admin.PostAsync($"/api/rounds/{round}/kiosk-links", null);
        var token = (string)JsonNode.Parse(await link.Content.ReadAsStringAsync())!["token"]!;
        var real = new Dictionary<string, string> { ["orgId"] = org, ["surveyId"] = survey, ["roundId"] = round, ["token"] = token };
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var member = await MemberAsync(org);

        var specs = Generate(new Random(Seed), FunctionsMetadata.Http.ToList(), real, factory.BaseAddress);
        Assert.True(FunctionsMetadata.Http.Count() > 40, "the route table is read from functions.metadata");
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var unchecked_ = 0;
        var clock = Stopwatch.StartNew();
        var inSnapshots = TimeSpan.Zero;
        var state = await StoredState.OfAsync(factory);
        var snapshots = 1;
        var pending = new List<(Spec Spec, int Status)>();

        // Reads the stored state and holds what changed since the last read against the requests sent in between.
        async Task CheckAsync()
        {
            if (pending.Count == 0) return;
            var snapshotStart = clock.Elapsed;
            var after = await StoredState.OfAsync(factory);
            snapshots++;
            inSnapshots += clock.Elapsed - snapshotStart;
            var accepted = pending.Where(p => p.Status < 400).ToList();
            if (after.ChangesSince(state) is { Count: > 0 } changes && !(pending.Count == 1 && accepted.Count == 1))
                failures.Add($"stored: {string.Join("; ", changes)}, after {string.Join(" | ", pending.Select(p => $"{p.Spec} → {p.Status}"))}" +
                    (accepted.Count > 0 ? " (accepted among them, expected refused: " + string.Join(", ", accepted.Select(a => "#" + a.Spec.Index)) + ")" : ""));
            unchecked_ += pending.Count == 1 ? accepted.Count : 0;
            // Signed out by a generated POST /logg-ut: sign in again for the rest.
            if (accepted.Any(a => a.Spec.Caller == Caller.Member && a.Spec.Path.StartsWith("/logg-ut", StringComparison.Ordinal)))
            {
                member.Dispose();
                member = await MemberAsync(org);
                after = await StoredState.OfAsync(factory);
            }
            state = after;
            pending.Clear();
        }

        foreach (var spec in specs)
        {
            if (spec.Isolate) await CheckAsync();
            var client = spec.Caller switch { Caller.Admin => admin, Caller.Member => member, _ => anonymous };
            using var request = new HttpRequestMessage(new HttpMethod(spec.Method), spec.Path);
            if (spec.Body is not null)
            {
                request.Content = new ByteArrayContent(spec.Body);
                if (spec.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", spec.ContentType);
            }
            foreach (var (name, value) in spec.Headers) request.Headers.TryAddWithoutValidation(name, value);
            int status;
            string text;
            try
            {
                using var response = await client.SendAsync(request);
                status = (int)response.StatusCode;
                text = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{spec} → no answer: {e.Message}");
                continue;
            }
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500) failures.Add($"{spec} → {status} {Shorten(text)}");
            pending.Add((spec, status));
            if (spec.Isolate || pending.Count >= Group) await CheckAsync();
        }
        await CheckAsync();
        member.Dispose();
        output.WriteLine($"{specs.Count} requests in {clock.Elapsed.TotalSeconds:F1} s ({snapshots} reads of the stored state, {inSnapshots.TotalSeconds:F1} s); statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; " +
            $"{unchecked_} accepted alone (may store; not checked)");
        Assert.True(failures.Count == 0, $"{failures.Count} of {specs.Count} failed (seed {Seed}):\n" + string.Join("\n", failures.Take(25)));
    }

    private async Task<HttpClient> MemberAsync(string org)
    {
        var client = await app.Factory.AsMemberAsync($"fuzz-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Admin);
        return client;
    }

    // ---- generation (deterministic: everything comes from the seeded Random) ----

    private static readonly string[] HostilePathValues =
    [
        "a%23b", "a%2Fb", "a%3Fb", "a%5Cb", "%00", "a%0Ab", "%7F", "%C2%85", "%C3%28", "%ED%A0%80", "%FF%FE", "%25", "%2e%2e",
        "ø", "%F0%9F%98%80", "a%20b", "+", "'", "%27%22%3C", "null", "0", "-1", "org-0000", "00000000-0000-0000-0000-000000000000",
        new string('a', 511), new string('a', 512), new string('a', 513), new string('a', 600), new string('b', 2000),
    ];

    private static readonly string[] Fields =
    [
        "responseId", "answers", "language", "name", "email", "units", "instrument", "title", "label", "opens", "closes", "invited",
        "unit", "status", "dueDate", "evaluationDate", "text", "role", "frequency", "enabled", "recipients", "partnerId", "organisationId",
        "rounds", "format", "description", "itemId", "surveyId", "date", "note",
    ];

    private static readonly string[] JsonTypes =
    [
        "application/jsonpx", "text/plain", "text/json", "application/problem+json", "application/merge-patch+json",
        "application/json; charset=utf-16", "application/json; charset=\"latin1\"", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=zz", "multipart/form-data", "text/csv", "application/octet-stream", "*/*", ";;;", "application/",
        "APPLICATION/JSON", "application/json;charset=utf-8",
    ];

    private static List<Spec> Generate(Random rng, List<DeclaredFunction> routes, Dictionary<string, string> real, Uri baseAddress)
    {
        var origin = baseAddress.GetLeftPart(UriPartial.Authority);
        var specs = new List<Spec>(Count);
        // Every route and method in turn, so each gets Count / pairs.Count requests (about five).
        var pairs = routes.SelectMany(r => r.Methods.Select(m => (Route: r, Method: m))).ToList();
        for (var i = 0; i < Count; i++)
        {
            var (route, method) = pairs[i % pairs.Count];
            var caller = (Caller)rng.Next(3);
            var parameters = Regex.Matches(route.Route!, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();
            var hasBody = method is "POST" or "PUT" or "PATCH";

            // Which way the request is bad. A DELETE carries nothing else, so its path is always bad; a request with real
            // path values always has a bad body (or is a GET, which changes nothing).
            // A GET changes nothing when it works, so its bad input is mostly the path; a DELETE has nothing else.
            var badPath = parameters.Count > 0 && rng.Next(12) < method switch { "DELETE" => 12, "GET" => 9, _ => 4 };
            var hostile = badPath ? parameters[rng.Next(parameters.Count)] : null;
            var path = "/" + parameters.Aggregate(route.Route!, (r, p) => r.Replace("{" + p + "}",
                p == hostile || !real.ContainsKey(p) && rng.Next(2) == 0 ? PathValue(rng) : real.GetValueOrDefault(p, "x"), StringComparison.Ordinal));
            if (rng.Next(4) == 0) path += "?" + Query(rng);

            byte[]? body = null;
            string? type = null;
            var what = "";
            if (hasBody)
            {
                (body, type, what) = Body(rng);
                if (body.Length == 0 && !badPath) (body, type, what) = (Encoding.UTF8.GetBytes("{"), "application/json", "truncated");
            }
            else if (rng.Next(6) == 0)
            {
                (body, type, what) = Body(rng); // a GET or DELETE with a body
            }
            // Refused for sure: an id no entity has, or a body no JSON endpoint takes (every non-GET /api/ route reads JSON
            // or none; pages and forms are not /api/).
            var refused = badPath || method != "GET" && route.Route!.StartsWith("api/", StringComparison.Ordinal) && !MaybeAcceptable.Contains(what);
            specs.Add(new Spec(i, caller, method, path, body, type, Headers(rng, origin), what, Isolate: !refused));
        }
        return specs;
    }

    private static readonly HashSet<string> MaybeAcceptable = ["", "form", "multipart", "wrong values"];

    private static string PathValue(Random rng) => rng.Next(3) switch
    {
        0 => Generated(rng),
        _ => HostilePathValues[rng.Next(HostilePathValues.Length)],
    };

    /// <summary>A random run of percent-encoded risky characters and plain ones, of a length near a limit.</summary>
    private static string Generated(Random rng)
    {
        string[] pieces = ["a", "Z", "9", "-", "_", "%23", "%2F", "%3F", "%5C", "%00", "%1F", "%7F", "%C3%A6", "%E2%80%8B", "%F0%9F%98%80", "%ED%B0%80", "%FF", "~", "."];
        int[] lengths = [1, 2, 10, 100, 256, 511, 513, 700];
        var length = lengths[rng.Next(lengths.Length)];
        var text = new StringBuilder();
        for (var i = 0; i < length; i++) text.Append(pieces[rng.Next(pieces.Length)]);
        return text.ToString();
    }

    private static string Query(Random rng)
    {
        string[] names = ["lang", "format", "unit", "from", "to", "round", "rounds", "page", "take", "after", "q", "kind"];
        string[] values = ["en", "nb", "", "x", "-1", "99999999999", "%00", "%FF", "csv", "xlsx", "json", "2026-13-45", "a%23b", new string('z', 3000)];
        return string.Join("&", Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => names[rng.Next(names.Length)] + "=" + values[rng.Next(values.Length)]));
    }

    private static IReadOnlyList<(string, string)> Headers(Random rng, string origin)
    {
        var headers = new List<(string, string)>();
        string[] languages = ["en", "nb", "en-GB,en;q=0.9", "*", "nb;q=x", "sv", new string('e', 500)];
        if (rng.Next(2) == 0) headers.Add(("Accept-Language", languages[rng.Next(languages.Length)]));
        string[] origins = [origin, origin, "https://evil.example", "null", "http://", origin + "/path?x"];
        if (rng.Next(2) == 0) headers.Add(("Origin", origins[rng.Next(origins.Length)]));
        string[] accepts = ["application/json", "text/html", "*/*", "application/problem+json", "x/y;;"];
        if (rng.Next(4) == 0) headers.Add(("Accept", accepts[rng.Next(accepts.Length)]));
        string[] cookies = [$"{CallerResolver.SessionCookie}=", $"{CallerResolver.SessionCookie}=garbage", $"{CallerResolver.SessionCookie}={new string('A', 4000)}", "a=b; ; =;"];
        if (rng.Next(6) == 0) headers.Add(("Cookie", cookies[rng.Next(cookies.Length)]));
        string[] keys = ["Bearer", "Bearer x", "Basic Zm9vOmJhcg==", "Bearer " + new string('k', 2000), "Bearer test-bootstrap-admin-key-0123456789abcdeF"];
        if (rng.Next(8) == 0) headers.Add(("Authorization", keys[rng.Next(keys.Length)]));
        return headers;
    }

    /// <summary>A body that no JSON endpoint may accept, with a content type, and what it is.</summary>
    private static (byte[] Body, string? Type, string What) Body(Random rng)
    {
        var json = JsonObjectText(rng, depth: 0);
        switch (rng.Next(14))
        {
            case 0: return (Encoding.UTF8.GetBytes(json[..rng.Next(json.Length)]), "application/json", "truncated JSON");
            case 1:
            {
                var bytes = Encoding.UTF8.GetBytes(json).ToList();
                var at = bytes.IndexOf((byte)'"', 2) is var q and > 0 ? q + 1 : 1;
                byte[][] bad = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82]];
                bytes.InsertRange(at, bad[rng.Next(bad.Length)]);
                return ([.. bytes], "application/json", "invalid UTF-8");
            }
            case 2:
            {
                string[] escapes = [@"\ud800", @"\udfff", @"\udc00\ud800", @"\ud83d", @"x\ud800y"];
                var at = json.IndexOf('"', 2) is var q and > 0 ? q : 1;
                return (Encoding.UTF8.GetBytes(json.Insert(at, escapes[rng.Next(escapes.Length)])), "application/json", "lone surrogate");
            }
            case 3:
            {
                var name = Fields[rng.Next(Fields.Length)];
                var nested = rng.Next(2) == 0;
                var text = nested
                    ? "{\"responseId\":\"" + RandomGuid(rng) + "\",\"answers\":{\"WELLBEING-01\":1,\"WELLBEING-01\":5}}"
                    : $$"""{"{{name}}":{{Value(rng, 1)}},"{{name}}":{{Value(rng, 1)}}}""";
                return (Encoding.UTF8.GetBytes(text), "application/json", "duplicate name");
            }
            case 4:
            {
                string[] values = ["[]", "null", "42", "\"text\"", "true", "[{}]", "1e999", "-"];
                return (Encoding.UTF8.GetBytes(values[rng.Next(values.Length)]), "application/json", "not an object");
            }
            case 5:
                return (Encoding.UTF8.GetBytes(new string('[', 65 + rng.Next(3000)) + new string(']', 10)), "application/json", "too deep");
            case 6: return (Encoding.UTF8.GetBytes(json), JsonTypes[rng.Next(JsonTypes.Length - 2)], "JSON, wrong type");
            case 7: return (Encoding.UTF8.GetBytes(json), null, "JSON, no type");
            case 8:
            {
                var filler = new string('x', 66_000 + rng.Next(20_000));
                return (Encoding.UTF8.GetBytes($$"""{"name":"{{filler}}"}"""), "application/json", "too large");
            }
            case 9: return ([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json[..^1])], "application/json", "BOM, truncated");
            case 10:
            {
                var bytes = new byte[rng.Next(1, 300)];
                rng.NextBytes(bytes);
                return (bytes, rng.Next(2) == 0 ? "application/json" : "application/octet-stream", "random bytes");
            }
            case 11:
            {
                string[] forms = ["email=", "email=" + new string('e', 300), "email=%FF%FE", "email=a%00b", "=&&=", "email=x&email=y", "email=" + Uri.EscapeDataString("\ud800")];
                return (Encoding.UTF8.GetBytes(forms[rng.Next(forms.Length)]), "application/x-www-form-urlencoded", "form");
            }
            case 12:
            {
                string[] parts =
                [
                    "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx", // no closing boundary
                    "garbage",
                    "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx@y.no\r\n--b--\r\n",
                    "--b\r\n\r\n\r\n--b--",
                    "--b\r\nContent-Disposition: form-data\r\n" + new string('h', 20_000) + "\r\n\r\nx\r\n--b--",
                ];
                string[] types = ["multipart/form-data; boundary=b", "multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed; boundary=b",
                    "multipart/form-data; boundary=" + new string('b', 200)];
                return (Encoding.UTF8.GetBytes(parts[rng.Next(parts.Length)]), types[rng.Next(types.Length)], "multipart");
            }
            default:
            {
                // Well-formed JSON whose values have the wrong shape or are out of range (dates at the calendar's ends, huge numbers).
                var text = $$"""{"{{Fields[rng.Next(Fields.Length)]}}":{{BadValue(rng)}},"{{Fields[rng.Next(Fields.Length)]}}":{{BadValue(rng)}},"responseId":"{{RandomGuid(rng)}}","answers":{"WELLBEING-01":{{BadValue(rng)}}""" + "}}";
                return (Encoding.UTF8.GetBytes(text), "application/json", "wrong values");
            }
        }
    }

    private static string JsonObjectText(Random rng, int depth)
    {
        var n = 1 + rng.Next(4);
        var names = Enumerable.Range(0, n).Select(_ => Fields[rng.Next(Fields.Length)]).Distinct();
        return "{" + string.Join(",", names.Select(name => $"\"{name}\":{Value(rng, depth + 1)}")) + "}";
    }

    private static string Value(Random rng, int depth) => rng.Next(depth > 2 ? 5 : 7) switch
    {
        0 => "\"" + RandomGuid(rng) + "\"",
        1 => "\"text æøå\"",
        2 => rng.Next(-5, 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => "null",
        4 => BadValue(rng),
        5 => JsonObjectText(rng, depth),
        _ => "[" + Value(rng, depth + 1) + "]",
    };

    private static string BadValue(Random rng)
    {
        string[] values =
        [
            "\"0001-01-01\"", "\"9999-12-31\"", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59-12:00\"", "\"2026-02-30\"",
            "1e999", "-1e999", "99999999999999999999", "-2147483649", "1.5", "\"\"", "\"" + new string('å', 600) + "\"", "{}", "[]",
            "\"not-a-guid\"", "\"\\u0000\"", "\"\\u001f\"", "\"a#b/c?d\\\\e\"", "true", "\"WELLBEING-01\"", "[1,2,3]",
        ];
        return values[rng.Next(values.Length)];
    }

    private static string RandomGuid(Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }

    private static string Shorten(string s) => s.Length > 120 ? s[..120] + $"…({s.Length})" : s;
}
