using Microsoft.Azure.Functions.Worker;
using System.Globalization;
using System.Text;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using static Surveys.Functions.Pages.HtmlPage;
using Surveys.Functions.Api;

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

    internal static async Task<IResult> RenderAsync(HttpContext http, AccessPolicy access, CatalogStore catalog, AuditLog audit)
    {
        var r = http.Request;
        var caller = await access.CallerAsync(http);
        var lang = English(r) ? "?lang=en" : "";
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin || caller.IsPartnerToken)
        {
            return SignInRequired(http);
        }
        var only = r.Query["org"].ToString();
        var organisations = caller.Organisations
            .Where(o => o.Value.Role == OrganisationRole.Admin && (only.Length == 0 || o.Key == only))
            .Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        if (organisations.Count == 0)
        {
            return Render(http, r.T("Logg", "Audit log"), $"""
                <h1>{r.T("Logg", "Audit log")}</h1>
                <p>{r.T("Loggen kan bare leses av organisasjonens administratorer.", "Only the organisation's administrators can read the log.")}</p>
                <p><a href="/leder{lang}">{r.T("Tilbake", "Back")}</a></p>
                """, StatusCodes.Status403Forbidden);
        }

        var body = new StringBuilder()
            .Append("<nav><a href=\"/leder").Append(lang).Append("\">").Append(r.T("← Dine undersøkelser", "← Your surveys")).Append("</a></nav>")
            .Append("<h1>").Append(r.T("Logg", "Audit log")).Append("</h1><p class=\"muted\">")
            .Append(r.T("Hvem som ga eller trakk tilbake tilgang, laget API-nøkler og eksporterte data. Nyeste først.",
                "Who granted or revoked access, made API tokens and exported data. Newest first."))
            .Append("</p>");
        foreach (var organisationId in organisations)
        {
            var organisation = await catalog.GetOrganisationAsync(organisationId, http.RequestAborted);
            if (organisation is null) continue;
            body.Append("<section><h2>").Append(E(organisation.Name)).Append("</h2>");
            var entries = await audit.ListAsync(organisationId, AuditApi.DefaultMax, http.RequestAborted);
            if (entries.Count == 0)
            {
                body.Append("<p>").Append(r.T("Ingenting er logget ennå.", "Nothing has been logged yet.")).Append("</p></section>");
                continue;
            }
            body.Append("<table><thead><tr><th>").Append(r.T("Når", "When")).Append("</th><th>").Append(r.T("Hvem", "Who"))
                .Append("</th><th>").Append(r.T("Hva", "What")).Append("</th><th>").Append(r.T("Gjelder", "Subject"))
                .Append("</th><th>").Append(r.T("Detaljer", "Details")).Append("</th></tr></thead><tbody>");
            foreach (var e in entries)
            {
                body.Append("<tr><td>").Append(E(Local(e.At).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))
                    .Append("</td><td>").Append(E(e.Actor))
                    .Append("</td><td>").Append(E(ActionText(r, e.Action)))
                    .Append("</td><td>").Append(E(e.Subject))
                    .Append("</td><td>").Append(E(string.Join(", ", e.Details.Select(d => $"{d.Key}: {d.Value}"))))
                    .Append("</td></tr>");
            }
            body.Append("</tbody></table></section>");
        }
        return Render(http, r.T("Logg", "Audit log"), body.ToString());
    }

    private static string ActionText(HttpRequest r, string action) => action switch
    {
        "export" => r.T("Eksport", "Export"),
        "export-delivered" => r.T("Eksport levert", "Export delivered"),
        "grant-created" => r.T("Tilgang gitt", "Access granted"),
        "grant-revoked" => r.T("Tilgang trukket tilbake", "Access revoked"),
        "token-created" => r.T("API-nøkkel laget", "API token made"),
        "token-revoked" => r.T("API-nøkkel trukket tilbake", "API token revoked"),
        _ => action,
    };

    private static readonly TimeZoneInfo Oslo = FindOslo();

    private static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Oslo);

    private static TimeZoneInfo FindOslo()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo"); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return TimeZoneInfo.Utc; }
    }
}
