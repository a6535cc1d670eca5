using System.Globalization;
using Surveys.Functions.Api;
using Surveys.Functions.Audit;
using Surveys.Functions.Partners;

namespace Surveys.Functions.Exports;

/// <summary>
/// DownloadExport <c>GET /api/exports/{token}</c>: the short-lived link in a scheduled delivery's
/// e-mail. No sign-in (the recipient may be a mailbox without a user), so the token is the
/// credential: random, stored hashed, expiring, and bound to one grant, which must still be in force
/// and still cover the survey. The export is made at download time and streamed; every download is
/// in the organisation's audit log.
/// </summary>
public static class ExportDownloadApi
{
    public static IEndpointRouteBuilder MapExportDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exports/{token}", DownloadAsync).WithName("DownloadExport");
        return app;
    }

    private static async Task DownloadAsync(string token, HttpContext http, ExportLinkStore links, GrantStore grants,
        PartnerStore partners, ExportService exports, AuditLog audit, TimeProvider time)
    {
        var ct = http.RequestAborted;
        var link = await links.FindAsync(token, ct)
            ?? throw ApiProblemException.NotFound("nedlastingslenken", "The download link");
        if (link.ExpiresAt <= time.GetUtcNow())
            throw new ApiProblemException(StatusCodes.Status410Gone, "Lenken er utløpt", "The link has expired",
                $"Nedlastingslenken virket til {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Be organisasjonen om en ny eksport.",
                $"The download link worked until {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Ask the organisation for a new export.");
        var request = link.Request.ToRequest();
        var grant = await grants.GetAsync(request.OrganisationId, link.GrantId, ct);
        if (grant is null || !grant.Covers(request.SurveyId))
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Tilgangen er trukket tilbake", "Access has been withdrawn",
                "Organisasjonen deler ikke lenger denne undersøkelsen med dere.", "The organisation no longer shares this survey with you.");

        // Everything that can refuse the export is settled before the audit entry and the first byte.
        var plan = await exports.PrepareAsync(request, ct);
        var partnerName = (await partners.GetAsync(grant.PartnerId, ct))?.Name ?? grant.PartnerId;
        await audit.WriteAsync(request.OrganisationId, $"nedlastingslenke ({partnerName})", "export", request.SurveyId,
            new Dictionary<string, string>
            {
                ["grant"] = grant.Id,
                ["format"] = request.Format.ToString().ToLowerInvariant(),
                ["content"] = request.Content.ToString().ToLowerInvariant(),
                ["language"] = request.Language.Code,
                ["rounds"] = request.RoundIds is null ? "alle" : string.Join(",", request.RoundIds),
                ["rows"] = plan.Rows.ToString(CultureInfo.InvariantCulture),
                ["via"] = "download-link",
            }, ct);

        await ExportApi.SendAsync(http, exports, plan, time);
    }
}
