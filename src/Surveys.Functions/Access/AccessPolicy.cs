using Surveys.Functions.Api;
using Surveys.Functions.Catalog;

namespace Surveys.Functions.Access;

/// <summary>A round the caller may act on, with where it belongs.</summary>
public sealed record RoundScope(string OrganisationId, string SurveyId, string RoundId, Membership? Membership);

/// <summary>
/// Authorisation, checked on the server for every read and write. Something in another organisation
/// is reported as not found (its existence is not revealed); a leader asking for an admin's action in
/// their own organisation gets 403. The platform admin (bootstrap key) may do everything.
/// </summary>
public sealed class AccessPolicy(CallerResolver callers, CatalogStore catalog)
{
    public Task<Caller> CallerAsync(HttpContext http) => callers.ResolveAsync(http, http.RequestAborted);

    public async Task<Caller> RequirePlatformAdminAsync(HttpContext http)
    {
        var caller = await RequireSignedInAsync(http);
        return caller.IsPlatformAdmin ? caller : throw Forbidden();
    }

    public async Task<Caller> RequireSignedInAsync(HttpContext http)
    {
        var caller = await CallerAsync(http);
        return caller.IsAuthenticated ? caller : throw CallerResolver.Unauthorized("Sign in, or send the admin key.", "Logg inn, eller send administratornøkkelen.");
    }

    /// <summary>The caller's membership of the organisation (null for the platform admin, who has all rights).</summary>
    public async Task<Membership?> RequireOrganisationAsync(HttpContext http, string organisationId, OrganisationRole minimum = OrganisationRole.Leader)
    {
        var caller = await RequireSignedInAsync(http);
        if (caller.IsPlatformAdmin)
            return await catalog.GetOrganisationAsync(organisationId, http.RequestAborted) is null ? throw NotFound("organisasjonen", "The organisation") : null;
        var membership = caller.MembershipOf(organisationId) ?? throw NotFound("organisasjonen", "The organisation");
        return minimum == OrganisationRole.Admin && membership.Role != OrganisationRole.Admin ? throw Forbidden() : membership;
    }

    public async Task<(string OrganisationId, Membership? Membership)> RequireSurveyAsync(HttpContext http, string surveyId, OrganisationRole minimum = OrganisationRole.Leader)
    {
        await RequireSignedInAsync(http);
        var entry = await catalog.FindAsync(surveyId, DirectoryKind.Survey, http.RequestAborted) ?? throw NotFound("undersøkelsen", "The survey");
        try
        {
            return (entry.OrganisationId, await RequireOrganisationAsync(http, entry.OrganisationId, minimum));
        }
        catch (ApiProblemException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            throw NotFound("undersøkelsen", "The survey");
        }
    }

    public async Task<RoundScope> RequireRoundAsync(HttpContext http, string roundId, OrganisationRole minimum = OrganisationRole.Leader)
    {
        await RequireSignedInAsync(http);
        var entry = await catalog.FindAsync(roundId, DirectoryKind.Round, http.RequestAborted) ?? throw NotFound("runden", "The round");
        try
        {
            return new RoundScope(entry.OrganisationId, entry.SurveyId!, roundId, await RequireOrganisationAsync(http, entry.OrganisationId, minimum));
        }
        catch (ApiProblemException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            throw NotFound("runden", "The round");
        }
    }

    /// <summary>A leader limited to some units may only act for those units, and must say which.</summary>
    public static string? RequireUnit(Membership? membership, string? unit)
    {
        if (membership?.Units is not { Count: > 0 } allowed) return string.IsNullOrWhiteSpace(unit) ? null : unit.Trim();
        return unit is not null && allowed.Contains(unit.Trim(), StringComparer.OrdinalIgnoreCase)
            ? unit.Trim()
            : throw new ApiProblemException(StatusCodes.Status403Forbidden, "Ikke din enhet", "Not your unit",
                $"Du kan bare handle for enhetene {string.Join(", ", allowed)}.", $"You may only act for the units {string.Join(", ", allowed)}.");
    }

    private static ApiProblemException NotFound(string nb, string en) => ApiProblemException.NotFound(nb, en);

    private static ApiProblemException Forbidden() => new(StatusCodes.Status403Forbidden,
        "Du har ikke tilgang til dette", "You do not have access to this",
        "Dette krever en administrator i organisasjonen.", "This needs an administrator of the organisation.");
}
