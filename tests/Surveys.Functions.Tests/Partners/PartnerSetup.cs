using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Partners;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Partners;

/// <summary>Partners, partner users and tokens made through the API, and <see cref="ExportAccess"/> asked directly.</summary>
public static class PartnerSetup
{
    public static async Task<string> CreatePartnerAsync(this HttpClient admin, string name = "Arca") =>
        await admin.CreateIdAsync("/api/partners", new { name });

    /// <summary>A client carrying a real session of a partner user.</summary>
    public static async Task<HttpClient> AsPartnerUserAsync(this SurveysApp app, string email, string partnerId, PartnerRole role = PartnerRole.User)
    {
        var member = await app.Get<MemberStore>().GrantPartnerAsync(email, "Kari Partner", partnerId, role, default);
        var session = await app.Get<SignInStore>().StartSessionAsync(member.Id, default);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{CallerResolver.SessionCookie}={session}");
        return client.FromOwnPages(app);
    }

    /// <summary>Makes a token through the API (as <paramref name="by"/>) and returns its id and secret.</summary>
    public static async Task<(string Id, string Secret)> CreateTokenAsync(this HttpClient by, string partnerId, string name = "AMU-eksport", int? days = null)
    {
        using var response = await by.PostAsJsonAsync($"/api/partners/{partnerId}/tokens", days is null ? new { name } : (object)new { name, expiresInDays = days });
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"token: {(int)response.StatusCode} {text}");
        var body = JsonNode.Parse(text)!;
        return ((string)body["id"]!, (string)body["token"]!);
    }

    public static HttpClient WithBearer(this SurveysApp app, string secret)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    public static async Task<string> GrantAsync(this HttpClient orgAdmin, string org, string partnerId, string[]? surveyIds) =>
        await orgAdmin.CreateIdAsync($"/api/organisations/{org}/grants", surveyIds is null ? new { partnerId } : (object)new { partnerId, surveyIds });

    /// <summary>What <see cref="ExportAccess.RequireExportAsync"/> decides for a request with these headers:
    /// the scope, or the status of the problem it throws.</summary>
    public static async Task<(ExportScope? Scope, int Status)> ExportAccessAsync(this SurveysApp app, string surveyId, string? bearer = null, string? cookie = null)
    {
        using var scope = app.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        if (bearer is not null) http.Request.Headers.Authorization = "Bearer " + bearer;
        if (cookie is not null) http.Request.Headers.Cookie = cookie;
        try
        {
            var granted = await scope.ServiceProvider.GetRequiredService<ExportAccess>().RequireExportAsync(http, surveyId);
            return (granted, 200);
        }
        catch (ApiProblemException e)
        {
            return (null, e.Status);
        }
    }

    public static string SessionCookieOf(HttpClient client) => client.DefaultRequestHeaders.GetValues("Cookie").Single();
    /// <summary>A grant to «partner-arca» stored directly, with a delivery schedule and recipients (the delivery and participation timers read it).</summary>
    public static async Task<ExportGrant> SaveGrantAsync(this SurveysApp app, string organisationId, IReadOnlyList<string>? surveyIds,
        DeliverySchedule schedule, params string[] recipients)
    {
        var grant = new ExportGrant(GrantStore.NewId(), organisationId, "partner-arca", surveyIds,
            new ExportDelivery(schedule, "csv", "results", "nb", recipients), DateTimeOffset.UtcNow, "test", null, null);
        await app.Get<GrantStore>().SaveAsync(grant, default);
        return grant;
    }
}
