using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;

namespace Surveys.Functions.Partners;

/// <summary>
/// What a caller may export of one survey, decided on the server.
/// <see cref="Actor"/> is how the audit log names the caller; <see cref="GrantId"/> is the grant that
/// allowed it (null for the organisation's own admins).
/// </summary>
public sealed record ExportScope(string OrganisationId, string SurveyId, string Actor, string? GrantId);

/// <summary>
/// Who may export a survey (issue 6): the organisation's admins, the platform admin, and partners
/// (signed-in partner users or partner API tokens) holding an active grant that covers the survey.
/// Anything else is 404 (the survey's existence is not revealed; a leader of the survey's own
/// organisation gets 403 as elsewhere), or 401 without a valid caller (an expired or revoked token
/// is refused by <see cref="CallerResolver"/> before this runs).
/// </summary>
public sealed class ExportAccess(AccessPolicy access, CatalogStore catalog, GrantStore grants, PartnerStore partners)
{
    public async Task<ExportScope> RequireExportAsync(HttpContext http, string surveyId)
    {
        var caller = await access.RequireSignedInAsync(http);
        var ct = http.RequestAborted;
        var entry = await catalog.FindAsync(surveyId, DirectoryKind.Survey, ct)
            ?? throw ApiProblemException.NotFound("undersøkelsen", "The survey");

        if (caller.IsPlatformAdmin || caller.MembershipOf(entry.OrganisationId)?.Role == OrganisationRole.Admin)
            return new ExportScope(entry.OrganisationId, entry.Id, caller.IsPlatformAdmin ? "plattformadministrator" : caller.Email ?? caller.Kind, null);

        foreach (var partnerId in caller.PartnerIds.Order(StringComparer.Ordinal))
        {
            var grant = (await grants.ListForOrganisationAsync(entry.OrganisationId, ct))
                .FirstOrDefault(g => g.PartnerId == partnerId && g.Covers(entry.Id));
            if (grant is null) continue;
            var partner = await partners.GetAsync(partnerId, ct);
            return new ExportScope(entry.OrganisationId, entry.Id, ActorName(caller, partner?.Name ?? partnerId), grant.Id);
        }

        // Not an admin and no grant: a leader of the organisation gets 403, everyone else 404.
        await access.RequireSurveyAsync(http, surveyId, OrganisationRole.Admin);
        throw ApiProblemException.NotFound("undersøkelsen", "The survey");
    }

    /// <summary>How the audit log names a partner caller: «kari@arca.no (Arca)», «API-nøkkel «AMU-eksport» (Arca)».</summary>
    public static string ActorName(Caller caller, string partnerName) =>
        caller.IsPartnerToken ? $"API-nøkkel «{caller.PartnerToken!.Name}» ({partnerName})"
        : caller.IsPlatformAdmin ? "plattformadministrator"
        : $"{caller.Email ?? caller.Kind} ({partnerName})";
}
