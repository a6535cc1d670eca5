using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>Calls the API as the platform admin (bootstrap key), as a signed-in member, or anonymously.</summary>
public static class ApiCalls
{
    public const string AdminKey = "test-bootstrap-admin-key-0123456789abcdef";

    public static Dictionary<string, string?> AdminKeySetting => new() { ["Surveys:BootstrapAdminKey"] = AdminKey };

    public static HttpClient AsAdmin(this SurveysApp app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>A client carrying a real session of a member with the given membership.</summary>
    public static async Task<HttpClient> AsMemberAsync(this SurveysApp app, string email, string organisationId, OrganisationRole role, IReadOnlyList<string>? units = null)
    {
        var member = await app.Get<MemberStore>().GrantAsync(email, "Test Leder", organisationId, new Membership(role, units), default);
        var session = await app.Get<SignInStore>().StartSessionAsync(member.Id, default);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{CallerResolver.SessionCookie}={session}");
        return client.FromOwnPages(app);
    }

    /// <summary>Sends the app's own origin as <c>Origin</c>, as a browser does with every unsafe request from the app's
    /// pages: a cookie-authorised write without it is refused as cross-site (ADR 5).</summary>
    public static HttpClient FromOwnPages(this HttpClient client, SurveysApp app)
    {
        client.DefaultRequestHeaders.Add("Origin", app.OwnOrigin);
        return client;
    }

    public static async Task<string> CreateIdAsync(this HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    /// <summary>An organisation with a WELLBEING survey and an open round, made through the API.</summary>
    public static async Task<(string Org, string Survey, string Round)> CreateOrganisationWithRoundAsync(this HttpClient admin, string name = "Arbeid AS")
    {
        var org = await admin.CreateIdAsync("/api/organisations", new { name, units = new[] { "AFT", "VTA" } });
        var survey = await admin.CreateIdAsync($"/api/organisations/{org}/surveys", new { instrument = "WELLBEING", title = "Trivsel 2026" });
        var round = await admin.CreateIdAsync($"/api/surveys/{survey}/rounds", new { label = "2026-før", opens = "2026-01-01", invited = 12 });
        return (org, survey, round);
    }
}
