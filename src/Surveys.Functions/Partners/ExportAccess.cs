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
/// Anything else is 404 (the survey's existence is not revealed) or 401 without a caller.
/// </summary>
public sealed class ExportAccess(AccessPolicy access, CatalogStore catalog)
{
    public async Task<ExportScope> RequireExportAsync(HttpContext http, string surveyId)
    {
        var caller = await access.RequireSignedInAsync(http);
        var entry = await catalog.FindAsync(surveyId, DirectoryKind.Survey, http.RequestAborted)
            ?? throw ApiProblemException.NotFound("undersøkelsen", "The survey");
        // Organisation admins (and the platform admin) export their own surveys.
        var (organisationId, _) = await access.RequireSurveyAsync(http, surveyId, OrganisationRole.Admin);
        return new ExportScope(organisationId, entry.Id, caller.IsPlatformAdmin ? "plattformadministrator" : caller.Email ?? caller.Kind, null);
    }
}
