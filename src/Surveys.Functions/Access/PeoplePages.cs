using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Pages;
using Surveys.Pages.Setup.People;

namespace Surveys.Functions.Access;

/// <summary>
/// <c>/leder/personer?org=</c>: the organisation's leaders and admins, for its admins. The page's forms post to
/// <c>POST …/members</c>, <c>PUT …/members/{id}</c> and <c>DELETE …/members/{id}</c> (<see cref="MembersApi"/>): the
/// same rules, the same audit.
/// </summary>
public static class PeoplePages
{
    [Function("PeoplePage")]
    public static Task PeoplePageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/personer")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RenderAsync);

    internal static async Task<IResult> RenderAsync(HttpContext http, AccessPolicy access, CatalogStore catalog, MemberStore members, PageRenderer pages)
    {
        var (organisation, _, caller, refusal) = await SetupPages.OrganisationAsync(http, access, catalog, pages, OrganisationRole.Admin, "/leder/personer",
            new("Personer", "People"), new("Personer legges til og fjernes av organisasjonens administratorer.", "People are added and removed by the organisation's admins."));
        if (organisation is null) return refusal!;
        var people = (await members.ListForOrganisationAsync(organisation.Id, http.RequestAborted)).Select(m =>
        {
            var membership = m.Organisations[organisation.Id];
            return new PeopleModel.Person(m.Id, m.Name.Length > 0 ? m.Name : null, m.Email, membership.Role == OrganisationRole.Admin, membership.Units);
        }).ToList();
        var editing = http.Request.Query["endre"].ToString() is { Length: > 0 } id ? people.FirstOrDefault(p => p.Id == id) : null;
        var model = new PeopleModel(organisation.Id, organisation.Name, organisation.Units, people, caller.UserId, editing);
        return await pages.PageAsync<PeoplePage, PeopleModel>(http, model);
    }
}
