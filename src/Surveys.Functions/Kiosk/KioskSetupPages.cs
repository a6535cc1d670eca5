using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Pages;
using Surveys.Pages.Setup.Kiosk;
using Surveys.Pages.Shared;

namespace Surveys.Functions.Kiosk;

/// <summary>
/// The kiosk set-up pages for the round's leaders and admins (the same people the kiosk-link API lets act):
/// <c>/leder/runder/{roundId}/kiosk</c> lists, makes (through <c>POST /api/rounds/{roundId}/kiosk-links</c>) and revokes
/// links, and right after making one shows its QR code; <c>…/kiosk/plakat?lenke={token}</c> is that link's A4 poster.
/// Only a token's hash is stored, so the QR code and poster exist only while the page has the token (ADR 0019).
/// </summary>
public static class KioskSetupPages
{
    [Function("KioskLinksPage")]
    public static Task KioskLinksPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/runder/{roundId}/kiosk")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, LinksAsync);

    [Function("KioskPosterPage")]
    public static Task KioskPosterPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/runder/{roundId}/kiosk/plakat")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, PosterAsync);

    private sealed record Context(string OrganisationId, Organisation Organisation, StoredSurvey Survey, Surveys.Model.Round Round, Membership Membership, Caller Caller);

    internal static async Task<IResult> LinksAsync(string roundId, HttpContext http, AccessPolicy access, CatalogStore catalog, KioskLinkStore links,
        PublicOrigin origin, PageRenderer pages, TimeProvider time)
    {
        var (context, refusal) = await LoadAsync(roundId, http, access, catalog, pages);
        if (context is null) return refusal!;
        var ct = http.RequestAborted;
        var page = SetupPages.English(http);
        var membership = context.Membership;
        var visible = KioskSetupApi.Visible(await links.ListForRoundAsync(roundId, ct), membership).ToList();

        KioskLinksModel.NewLink? created = null;
        var gone = false;
        if (http.Request.Query["ny"].ToString() is { Length: > 0 } token)
        {
            var link = await links.ResolveAsync(token, ct);
            var summary = visible.FirstOrDefault(l => l.Id == KioskLinkStore.Hash(token));
            if (link is null || link.RoundId != roundId || summary is null) gone = true;
            else
            {
                var url = $"{origin.BaseUrl}/k/{token}";
                created = new(url, KioskQr.Svg(url), summary.Name, summary.Unit,
                    $"/leder/runder/{Uri.EscapeDataString(roundId)}/kiosk/plakat?lenke={Uri.EscapeDataString(token)}{(page ? "&lang=en" : "")}");
            }
        }

        var units = membership.Units is { Count: > 0 } limited ? limited : context.Organisation.Units;
        var model = new KioskLinksModel(roundId, context.Round.Label, context.Survey.Title, context.Organisation.Name, context.Round.IsOpenAt(time.GetUtcNow()),
            units, UnitRequired: membership.Units is { Count: > 0 },
            visible.Select(l => new KioskLinksModel.Link(l.Id, l.Name, l.Unit, l.CreatedAt is { } at ? SetupPages.Local(at) : null, l.Revoked)).ToList(),
            created, gone);
        return await pages.PageAsync<KioskLinksPage, KioskLinksModel>(http, model, gone ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    internal static async Task<IResult> PosterAsync(string roundId, HttpContext http, AccessPolicy access, CatalogStore catalog, KioskLinkStore links,
        MemberStore members, PublicOrigin origin, PageRenderer pages)
    {
        var (context, refusal) = await LoadAsync(roundId, http, access, catalog, pages);
        if (context is null) return refusal!;
        var ct = http.RequestAborted;
        var english = SetupPages.English(http);
        var back = $"/leder/runder/{Uri.EscapeDataString(roundId)}/kiosk{(english ? "?lang=en" : "")}";
        var token = http.Request.Query["lenke"].ToString();
        var link = token.Length == 0 ? null : await links.ResolveAsync(token, ct);
        var summary = link is null || link.RoundId != roundId ? null
            : KioskSetupApi.Visible(await links.ListForRoundAsync(roundId, ct), context.Membership).FirstOrDefault(l => l.Id == KioskLinkStore.Hash(token));
        if (summary is null)
        {
            return await pages.MessageAsync(http, new Message(new("Plakaten finnes ikke", "No such poster"),
                [new("Lenken er ukjent, trukket tilbake eller hører ikke til denne runden. Plakaten kan bare lages rett etter at lenken er laget, fordi lenken ikke lagres. Lag en ny kiosklenke.",
                    "The link is unknown, revoked or not this round's. The poster can only be made right after the link is made, because the link is not stored. Make a new kiosk link.")],
                [new(back, new("Til kiosklenkene", "To the kiosk links"))]), StatusCodes.Status404NotFound);
        }
        var me = context.Caller.UserId is { } id ? await members.GetAsync(id, ct) : null;
        var contact = me is null ? context.Caller.Email ?? "" : me.Name.Length > 0 ? $"{me.Name} ({me.Email})" : me.Email;
        var url = $"{origin.BaseUrl}/k/{token}";
        return await pages.PageAsync<KioskPosterPage, KioskPosterModel>(http, new KioskPosterModel(url, KioskQr.Svg(url), summary.Name, summary.Unit,
            context.Survey.Title, context.Round.Label, context.Organisation.Name, contact, back));
    }

    /// <summary>The round and what the page shows of it, or the page that says why not: sign in (401); not found, also for a
    /// round of an organisation the member is not in (404, as the API: its existence is not revealed).</summary>
    private static async Task<(Context? Context, IResult? Refusal)> LoadAsync(string roundId, HttpContext http, AccessPolicy access, CatalogStore catalog, PageRenderer pages)
    {
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin || caller.IsPartnerToken)
            return (null, await pages.SignInRequiredAsync(http, new("Kiosklenker lages av ledere og administratorer i organisasjonen.", "Kiosk links are made by the organisation's leaders and admins.")));
        var ct = http.RequestAborted;
        var entry = await catalog.FindAsync(roundId, DirectoryKind.Round, ct);
        var membership = entry is null ? null : caller.MembershipOf(entry.OrganisationId);
        var organisation = membership is null ? null : await catalog.GetOrganisationAsync(entry!.OrganisationId, ct);
        var survey = organisation is null ? null : await catalog.GetSurveyAsync(entry!.OrganisationId, entry.SurveyId!, ct);
        var round = survey is null ? null : await catalog.GetRoundAsync(survey.Id, roundId, ct);
        if (round is null)
            return (null, await pages.MessageAsync(http, new Message(new("Fant ikke runden", "Round not found"),
                [new("Runden finnes ikke, eller du er ikke leder eller administrator i organisasjonen den hører til.",
                    "The round does not exist, or you are not a leader or admin of the organisation it belongs to.")],
                [SetupPages.Home(http)]), StatusCodes.Status404NotFound));
        return (new Context(entry!.OrganisationId, organisation!, survey!, round, membership!, caller), null);
    }
}
