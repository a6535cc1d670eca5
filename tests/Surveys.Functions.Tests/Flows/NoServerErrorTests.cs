using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Flows;

/// <summary>No input makes any HTTP function answer 5xx: every declared route gets hostile path
/// values and bodies, as nobody, as the platform admin and as a kiosk.</summary>
public sealed class NoServerErrorTests(NoServerErrorTests.App app) : IClassFixture<NoServerErrorTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private static readonly string[] Bodies =
    [
        "", "{", "[]", "null", "42", "\"text\"", "{\"a\":", "{}",
        """{"name":null,"email":123,"instrument":{"x":1},"title":[1],"label":true,"responseId":"not-a-guid","answers":"x","units":"AFT","items":{},"wording":"x","labelSets":[],"opens":17,"invited":1e99}""",
        """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":{"WELLBEING-01":99999999999,"X":{"a":[1,2]},"Y":-1}}""",
        "{\"name\":\"" + new string('æ', 5000) + "\"}",
        string.Concat(Enumerable.Repeat("[", 2000)),
        "\u0000\u0001binary",
    ];

    private static readonly string[] PathValues = ["x", "org-0000", "a%2Fb", "%27%22", "ø", new string('a', 300), "..", "abcdefghijklmnopqrstuvwxyz0123456789"];

    [Fact]
    public async Task NoHostileRequest_GetsA5xx()
    {
        var factory = app.Factory;
        using var admin = factory.AsAdmin();
        var (org, survey, round) = await admin.CreateOrganisationWithRoundAsync();
        var link = (await (await admin.PostAsync($"/api/rounds/{round}/kiosk-links", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var realValues = new Dictionary<string, string> { ["orgId"] = org, ["surveyId"] = survey, ["roundId"] = round, ["token"] = (string)link["token"]! };
        using var anonymous = factory.CreateClient();
        var failures = new List<string>();

        foreach (var function in FunctionsMetadata.Http)
        {
            foreach (var method in function.Methods)
            {
                foreach (var path in Paths(function.Route!, realValues))
                {
                    foreach (var client in new[] { admin, anonymous })
                    {
                        foreach (var (body, type) in Bodies.Select(b => (b, "application/json")).Append(("a,b\n1,2", "text/csv")).Append(("email=x", "application/x-www-form-urlencoded")).Append(("{}", "text/plain")))
                        {
                            using var request = new HttpRequestMessage(new HttpMethod(method), path);
                            if (method is not ("GET" or "DELETE")) request.Content = new StringContent(body, Encoding.UTF8, type);
                            using var response = await client.SendAsync(request);
                            if ((int)response.StatusCode >= 500)
                                failures.Add($"{method} {path} [{type}] {Trim(body)} → {(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync())}");
                            if (method is "GET" or "DELETE") break;
                        }
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    private static IEnumerable<string> Paths(string route, Dictionary<string, string> real)
    {
        var parameters = System.Text.RegularExpressions.Regex.Matches(route, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();
        string Fill(Func<string, string> value) => "/" + parameters.Aggregate(route, (r, p) => r.Replace("{" + p + "}", value(p), StringComparison.Ordinal));
        yield return Fill(p => real.GetValueOrDefault(p, "x"));
        if (parameters.Count == 0) yield break;
        foreach (var v in PathValues) yield return Fill(_ => v);
    }

    private static string Trim(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
