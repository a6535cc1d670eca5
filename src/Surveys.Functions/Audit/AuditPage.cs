using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using static Surveys.Functions.Pages.HtmlPage;
using Surveys.Functions.Api;
using Surveys.Functions.Pages;
using Surveys.Pages.Audit;
using Surveys.Pages.Shared;
using Surveys.Model;

namespace Surveys.Functions.Audit;

/// <summary>
/// <c>/leder/logg</c>: the audit log of each organisation the signed-in member administers
/// (newest 100 entries; <c>?org=</c> for one organisation): who did what, to what, when.
/// </summary>
public static class AuditPage
{
    [Function("AuditLogPage")]
    public static Task AuditLogPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/logg")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RenderAsync);

    internal static async Task<IResult> RenderAsync(HttpContext http, AccessPolicy access, CatalogStore catalog, AuditLog audit, PageRenderer pages)
    {
        var r = http.Request;
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin || caller.IsPartnerToken)
        {
            return await pages.SignInRequiredAsync(http);
        }
        var only = r.Query["org"].ToString();
        var organisations = caller.Organisations
            .Where(o => o.Value.Role == OrganisationRole.Admin && (only.Length == 0 || o.Key == only))
            .Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        if (organisations.Count == 0)
        {
            return await pages.MessageAsync(http, new Message(new("Logg", "Audit log"),
                [new("Loggen kan bare leses av organisasjonens administratorer.", "Only the organisation's administrators can read the log.")],
                [new(English(r) ? "/leder?lang=en" : "/leder", new("Tilbake", "Back"))]), StatusCodes.Status403Forbidden);
        }

        var logs = new List<AuditLogModel.Organisation>();
        foreach (var organisationId in organisations)
        {
            var organisation = await catalog.GetOrganisationAsync(organisationId, http.RequestAborted);
            if (organisation is null) continue;
            var entries = await audit.ListAsync(organisationId, AuditApi.DefaultMax, http.RequestAborted);
            logs.Add(new(organisation.Name, entries.Select(e => new AuditLogModel.Entry(NorwegianTime.Of(e.At), e.Actor, e.Action, e.Subject,
                e.Details.Select(d => new KeyValuePair<string, string>(d.Key, $"{d.Value}")).ToList())).ToList()));
        }
        return await pages.PageAsync<AuditLogPage, AuditLogModel>(http, new AuditLogModel(logs));
    }
}
