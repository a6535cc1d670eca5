using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Azure.Functions.Worker;
using System.Globalization;
using Surveys.Functions.Api;
using Surveys.Functions.Audit;
using Surveys.Functions.Catalog;
using Surveys.Functions.Pages;
using Surveys.Pages.Exports;
using Surveys.Pages.Shared;
using Surveys.Functions.Partners;

namespace Surveys.Functions.Exports;

/// <summary>
/// ExportDownloadPage <c>GET /eksport/{token}</c> and DownloadExport <c>POST /api/exports/{token}</c>: the short-lived link in a scheduled delivery's
/// e-mail. No sign-in (the recipient may be a mailbox without a user), so the token is the
/// credential: random, stored hashed, expiring, and bound to one grant, which must still be in force
/// and still cover the survey. The export is made at download time and streamed; every download is
/// in the organisation's audit log.
/// </summary>
public static class ExportDownloadApi
{
    // The e-mail links to a page that changes nothing (mail scanners fetch links they see); its button POSTs.
    [Function("ExportDownloadPage")]
    public static Task ExportDownloadPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "eksport/{token}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, PageAsync);

    [Function("DownloadExport")]
    [EndpointSummary("Download a delivered export (the button on the link's page)")]
    [EndpointDescription("The e-mail links to the page GET /eksport/{token}, which changes nothing (mail scanners fetch links); its button POSTs here. No sign-in: the token is the credential. Works until it expires (410) and only while the grant is in force (403). Streams the export (CSV, JSON or XLSX) made now, with the group-size rules applied; written to the organisation's audit log.")]
    [Tags("Exports")]
    [AllowAnonymous]
    [ProducesResponseType(typeof(ExportFile), 200, "text/csv", "application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Description = "The export file")]
    [ProblemResponses(403, 404, 410)]
    public static Task DownloadExportFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/exports/{token}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, DownloadAsync);

    /// <summary>The link's page: what it holds and until when, and a button that downloads. No export, no audit entry.</summary>
    internal static async Task<IResult> PageAsync(string token, HttpContext http, ExportLinkStore links, GrantStore grants,
        CatalogStore catalog, TimeProvider time, PageRenderer pages)
    {
        ExportLink link;
        try
        {
            (link, _) = await CheckAsync(token, links, grants, time, http.RequestAborted);
        }
        catch (ApiProblemException e)
        {
            return await pages.MessageAsync(http, new Message(new(e.TitleNb, e.TitleEn),
                e.DetailNb is null ? [] : [new(e.DetailNb, e.DetailEn ?? e.DetailNb)], []), e.Status);
        }
        var request = link.Request.ToRequest();
        var organisation = await catalog.GetOrganisationAsync(request.OrganisationId, http.RequestAborted);
        var survey = await catalog.GetSurveyAsync(request.OrganisationId, request.SurveyId, http.RequestAborted);
        return await pages.PageAsync<ExportDownloadPage, ExportDownloadModel>(http, new ExportDownloadModel(token, organisation?.Name ?? "",
            survey?.Title ?? request.SurveyId, request.Content == ExportContent.Results, request.Format.ToString().ToUpperInvariant(), link.ExpiresAt));
    }

    /// <summary>The link, if it is known, unexpired and its grant still covers the survey; else the problem (404, 410, 403).</summary>
    private static async Task<(ExportLink Link, ExportGrant Grant)> CheckAsync(string token, ExportLinkStore links, GrantStore grants, TimeProvider time, CancellationToken ct)
    {
        var link = await links.FindAsync(token, ct)
            ?? throw ApiProblemException.NotFound("nedlastingslenken", "The download link");
        if (link.ExpiresAt <= time.GetUtcNow())
            throw new ApiProblemException(StatusCodes.Status410Gone, "Lenken er utløpt", "The link has expired",
                $"Nedlastingslenken virket til {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Be organisasjonen om en ny eksport.",
                $"The download link worked until {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Ask the organisation for a new export.");
        var request = link.Request;
        var grant = await grants.GetAsync(request.OrganisationId, link.GrantId, ct);
        if (grant is null || !grant.Covers(request.SurveyId))
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Tilgangen er trukket tilbake", "Access has been withdrawn",
                "Organisasjonen deler ikke lenger denne undersøkelsen med dere.", "The organisation no longer shares this survey with you.");
        return (link, grant);
    }

    internal static async Task DownloadAsync(string token, HttpContext http, ExportLinkStore links, GrantStore grants,
        PartnerStore partners, ExportService exports, AuditLog audit, TimeProvider time)
    {
        var ct = http.RequestAborted;
        var (link, grant) = await CheckAsync(token, links, grants, time, ct);
        var request = link.Request.ToRequest();

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
