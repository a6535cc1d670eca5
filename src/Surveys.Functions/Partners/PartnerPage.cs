using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Api;
using Surveys.Functions.Pages;
using Surveys.Pages.Partners;

namespace Surveys.Functions.Partners;

/// <summary>
/// <c>/partner</c>: where a signed-in partner user lands. For each partner they belong to: the
/// organisations that granted it access, the granted surveys with export links, and (for partner
/// admins) the partner's API tokens, without secrets.
/// </summary>
public static class PartnerPage
{
    [Function("PartnerHomePage")]
    public static Task PartnerHomePageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "partner")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RenderAsync);

    internal static async Task<IResult> RenderAsync(HttpContext http, AccessPolicy access, PartnerStore partners, GrantStore grants,
        PartnerTokenStore tokens, CatalogStore catalog, TimeProvider time, PageRenderer pages)
    {
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin || caller.IsPartnerToken)
        {
            return await pages.SignInRequiredAsync(http);
        }
        var ct = http.RequestAborted;
        var now = time.GetUtcNow();
        var shown = new List<PartnerHomeModel.Partner>();
        foreach (var (partnerId, role) in caller.Partners.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var partner = await partners.GetAsync(partnerId, ct);
            if (partner is null) continue;
            var clients = new List<PartnerHomeModel.Client>();
            foreach (var grant in (await grants.ListForPartnerAsync(partnerId, ct)).Where(g => g.IsActive))
            {
                var organisation = await catalog.GetOrganisationAsync(grant.OrganisationId, ct);
                if (organisation is null) continue;
                var surveys = (await catalog.ListSurveysAsync(grant.OrganisationId, ct)).Where(s => grant.Covers(s.Id))
                    .OrderBy(s => s.Title, StringComparer.CurrentCulture).Select(s => new PartnerHomeModel.SurveyLink(s.Id, s.Title)).ToList();
                clients.Add(new(organisation.Name, grant.SurveyIds is null, surveys));
            }
            var tokenList = role != PartnerRole.Admin ? null
                : (await tokens.ListAsync(partnerId, ct)).Select(t => new PartnerHomeModel.Token(t.Name, t.StatusAt(now), t.ExpiresAt, t.CreatedBy)).ToList();
            shown.Add(new(partner.Name, clients, tokenList));
        }
        return await pages.PageAsync<PartnerHomePage, PartnerHomeModel>(http, new PartnerHomeModel(caller.Email ?? "", shown));
    }
}
