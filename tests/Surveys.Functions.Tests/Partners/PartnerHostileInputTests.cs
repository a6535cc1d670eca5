using System.Net.Http.Json;
using System.Text;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Partners;

/// <summary>The partner endpoints answer junk bodies and ids with 4xx ProblemDetails, never 5xx, with real
/// partner, grant and token ids in the path (the general sweep only reaches them with made-up ids).</summary>
public sealed class PartnerHostileInputTests(PartnerHostileInputTests.App app) : IClassFixture<PartnerHostileInputTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private static readonly string[] Bodies =
    [
        "", "{", "[]", "null", "42", "\"text\"", "{}",
        """{"name":null,"email":123,"role":7,"partnerId":{"x":1},"surveyIds":"all","delivery":[1],"expiresInDays":1e99}""",
        """{"name":"x","email":"a@b.no","role":"1","partnerId":"partner-x","surveyIds":[null,1,{}],"delivery":{"schedule":1,"recipients":"x"},"expiresInDays":-5}""",
        """{"partnerId":"a/b","surveyIds":[],"delivery":{"format":null,"content":[],"language":{},"recipients":[1,null]},"expiresInDays":"90"}""",
        "{\"name\":\"" + new string('æ', 5000) + "\"}",
        string.Concat(Enumerable.Repeat("[", 2000)),
        "\u0000\u0001binary",
    ];

    [Fact]
    public async Task JunkBodiesAndIds_OnThePartnerEndpoints_Get4xxProblems()
    {
        var factory = app.Factory;
        using var admin = factory.AsAdmin();
        var (org, survey, _) = await admin.CreateOrganisationWithRoundAsync();
        var partner = await admin.CreatePartnerAsync();
        var grant = await admin.GrantAsync(org, partner, [survey]);
        var (token, secret) = await admin.CreateTokenAsync(partner);
        using var partnerAdmin = await factory.AsPartnerUserAsync($"p-{Guid.NewGuid():N}@arca.no", partner, PartnerRole.Admin);
        using var bearer = factory.WithBearer(secret);

        var posts = new[] { "/api/partners", $"/api/partners/{partner}/members", $"/api/partners/{partner}/tokens", $"/api/organisations/{org}/grants" };
        var reads = new[]
        {
            $"/api/partners/{partner}/grants", $"/api/partners/{partner}/tokens", $"/api/organisations/{org}/grants",
            $"/api/organisations/{org}/audit?max=99999999999", $"/api/organisations/{org}/audit?max=-1", $"/api/organisations/{org}/audit?max=%00",
            "/leder/logg?org=%27", "/partner?lang=%00",
        };
        var deletes = new[]
        {
            $"/api/partners/{partner}/tokens/{grant}", $"/api/partners/{partner}/tokens/..", $"/api/organisations/{org}/grants/{token}",
            $"/api/organisations/{org}/grants/{new string('a', 300)}", $"/api/partners/{partner}/tokens/%27%22",
        };
        var failures = new List<string>();
        foreach (var client in new[] { admin, partnerAdmin, bearer })
        {
            foreach (var path in posts)
            {
                foreach (var body in Bodies)
                {
                    using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
                    var status = (int)response.StatusCode;
                    if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                        failures.Add($"POST {path} {body[..Math.Min(40, body.Length)]} → {status}");
                }
            }
            foreach (var path in reads)
            {
                using var response = await client.GetAsync(path);
                if ((int)response.StatusCode >= 500) failures.Add($"GET {path} → {(int)response.StatusCode}");
            }
            foreach (var path in deletes)
            {
                using var response = await client.DeleteAsync(path);
                if ((int)response.StatusCode >= 500) failures.Add($"DELETE {path} → {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        // The real grant and token survived the sweep.
        Assert.Equal(200, (await factory.ExportAccessAsync(survey, bearer: secret)).Status);
    }
}
