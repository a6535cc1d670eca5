using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Pages;
using Surveys.Pages.Setup.Partners;

namespace Surveys.Functions.Partners;

/// <summary>
/// <c>/leder/partnere?org=</c>: the organisation's grants to occupational-health partners, for its admins. The page
/// posts to <c>POST …/grants</c> and <c>DELETE …/grants/{grantId}</c> (<see cref="PartnersApi"/>): the same rules and
/// audit log.
/// </summary>
public static class PartnerSetupPages
{
    [Function("PartnersSetupPage")]
    public static Task PartnersSetupPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/partnere")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RenderAsync);

    internal static async Task<IResult> RenderAsync(HttpContext http, AccessPolicy access, CatalogStore catalog, PartnerStore partners, GrantStore grants, PageRenderer pages)
    {
        var (organisation, _, _, refusal) = await SetupPages.OrganisationAsync(http, access, catalog, pages, OrganisationRole.Admin, "/leder/partnere",
            new("Partnere", "Partners"), new("Tilgang for partnere gis av organisasjonens administratorer.", "Partner access is given by the organisation's admins."));
        if (organisation is null) return refusal!;
        var ct = http.RequestAborted;
        var surveys = (await catalog.ListSurveysAsync(organisation.Id, ct)).OrderBy(s => s.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
        var titles = surveys.ToDictionary(s => s.Id, s => s.Title, StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var list = new List<PartnersModel.Grant>();
        foreach (var g in (await grants.ListForOrganisationAsync(organisation.Id, ct)).OrderByDescending(g => g.IsActive).ThenByDescending(g => g.CreatedAt))
        {
            if (!names.TryGetValue(g.PartnerId, out var name))
                names[g.PartnerId] = name = (await partners.GetAsync(g.PartnerId, ct))?.Name ?? g.PartnerId;
            list.Add(new(g.Id, name, g.SurveyIds is null, g.SurveyIds?.Select(id => titles.GetValueOrDefault(id, id)).ToList() ?? [],
                ScheduleCode(g.Delivery.Schedule), g.Delivery.Recipients, g.IsActive, SetupPages.Local(g.CreatedAt), g.CreatedBy,
                g.RevokedAt is { } at ? SetupPages.Local(at) : null, g.RevokedBy));
        }
        var model = new PartnersModel(organisation.Id, organisation.Name, surveys.Select(s => new PartnersModel.SurveyChoice(s.Id, s.Title)).ToList(), list,
            names.Select(n => new PartnersModel.KnownPartner(n.Key, n.Value)).OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList());
        return await pages.PageAsync<PartnersPage, PartnersModel>(http, model);
    }

    private static string ScheduleCode(DeliverySchedule schedule) => schedule switch
    {
        DeliverySchedule.AfterRoundCloses => "afterRoundCloses",
        DeliverySchedule.Monthly => "monthly",
        _ => "none",
    };
}
