using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Model;

namespace Surveys.Functions.Audit;

/// <summary>The organisation's audit log for its admins (users.md A-08, O-01): who did what, when, newest first.</summary>
public static class AuditApi
{
    public const int DefaultMax = 100;
    public const int MaxMax = 1000;

    [Function("ListAuditLog")]
    [EndpointSummary("The organisation's audit log, newest first (organisation admin)")]
    [Tags("Audit")]
    [QueryParameters(typeof(AuditQuery))]
    [ProducesResponseType(typeof(IReadOnlyList<AuditEntryView>), 200)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task ListAuditLogFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organisations/{orgId}/audit")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListAsync);

    internal static async Task<IResult> ListAsync(string orgId, HttpContext http, AccessPolicy access, AuditLog audit)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var max = ReadMax(http.Request);
        var entries = await audit.ListAsync(orgId, max, http.RequestAborted);
        return Results.Ok(entries.Select(e => new { at = e.At, actor = e.Actor, action = e.Action, subject = e.Subject, details = e.Details }));
    }

    /// <summary><c>?max=</c>: 1…1000, default 100; anything else is a 400 naming the parameter.</summary>
    public static int ReadMax(HttpRequest request)
    {
        var text = request.Query["max"].ToString();
        if (text.Length == 0) return DefaultMax;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max) && max is >= 1 and <= MaxMax)
            return max;
        SurveyValidationException.ThrowIfAny([new ValidationError("max", "out-of-range",
            new LocalizedText($"«max» må være et heltall fra 1 til {MaxMax}.", $"'max' must be a whole number from 1 to {MaxMax}."))]);
        return DefaultMax;
    }
}
