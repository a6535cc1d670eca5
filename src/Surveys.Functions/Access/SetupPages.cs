using Surveys.Functions.Catalog;
using Surveys.Functions.Pages;
using Surveys.Pages.Shared;
using Surveys.Model;

namespace Surveys.Functions.Access;

/// <summary>
/// What the set-up pages share (<c>/leder/personer</c>, <c>/leder/partnere</c>, <c>/leder/sammendrag</c>, the kiosk
/// pages): which organisation a page is for (<c>?org=</c>, or the member's only one) and the page that says why not.
/// The pages check what the APIs they post to check; the APIs check again.
/// </summary>
public static class SetupPages
{
    public static bool English(HttpContext http) => HtmlPage.English(http.Request);

    /// <summary>The way back to the leader home, in the page's language.</summary>
    public static MessageLink Home(HttpContext http) => new(English(http) ? "/leder?lang=en" : "/leder", new("Til forsiden", "To the front page"));

    /// <summary>The organisation the page is for and the caller's membership of it, or the page to answer with instead:
    /// sign in (401); an organisation the member is not in (404); a role too low (403, saying who may); a member of
    /// several who did not say which (a list to choose from).</summary>
    public static async Task<(Organisation? Organisation, Membership? Membership, Caller Caller, IResult? Refusal)> OrganisationAsync(
        HttpContext http, AccessPolicy access, CatalogStore catalog, PageRenderer pages, OrganisationRole minimum, string path, LocalText title, LocalText whoMay)
    {
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin || caller.IsPartnerToken)
            return (null, null, caller, await pages.SignInRequiredAsync(http, whoMay));
        var ct = http.RequestAborted;
        var asked = http.Request.Query["org"].ToString();
        bool Allowed(Membership m) => minimum == OrganisationRole.Leader || m.Role == OrganisationRole.Admin;

        if (asked.Length > 0)
        {
            var membership = caller.MembershipOf(asked);
            var organisation = membership is null ? null : await catalog.GetOrganisationAsync(asked, ct);
            if (organisation is null)
                return (null, null, caller, await pages.MessageAsync(http, new Message(new("Fant ikke organisasjonen", "Organisation not found"),
                    [new("Organisasjonen finnes ikke, eller du er ikke medlem av den.", "The organisation does not exist, or you are not a member of it.")],
                    [Home(http)]), StatusCodes.Status404NotFound));
            if (!Allowed(membership!)) return (null, null, caller, await ForbiddenAsync(http, pages, title, whoMay));
            return (organisation, membership, caller, null);
        }

        var allowed = caller.Organisations.Where(o => Allowed(o.Value)).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        if (allowed.Count == 0) return (null, null, caller, await ForbiddenAsync(http, pages, title, whoMay));
        var organisations = new List<Organisation>();
        foreach (var id in allowed)
            if (await catalog.GetOrganisationAsync(id, ct) is { } o) organisations.Add(o);
        if (organisations.Count == 1) return (organisations[0], caller.MembershipOf(organisations[0].Id), caller, null);
        var lang = English(http) ? "&lang=en" : "";
        return (null, null, caller, await pages.MessageAsync(http, new Message(title,
            [new("Velg organisasjon:", "Choose an organisation:")],
            organisations.Select(o => new MessageLink($"{path}?org={Uri.EscapeDataString(o.Id)}{lang}", new(o.Name, o.Name))).ToList()) { Back = Home(http) },
            StatusCodes.Status200OK));
    }

    private static Task<IResult> ForbiddenAsync(HttpContext http, PageRenderer pages, LocalText title, LocalText whoMay) =>
        pages.MessageAsync(http, new Message(title, [whoMay], [Home(http)]), StatusCodes.Status403Forbidden);

    /// <summary>The time in Norway, as the pages show it.</summary>
    public static DateTimeOffset Local(DateTimeOffset at) => NorwegianTime.Of(at);
}
