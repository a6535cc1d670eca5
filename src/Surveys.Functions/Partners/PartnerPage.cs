using Microsoft.Azure.Functions.Worker;
using System.Text;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using static Surveys.Functions.Pages.HtmlPage;
using Surveys.Functions.Api;

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
        PartnerTokenStore tokens, CatalogStore catalog, TimeProvider time)
    {
        var r = http.Request;
        var caller = await access.CallerAsync(http);
        var lang = English(r) ? "?lang=en" : "";
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin || caller.IsPartnerToken)
        {
            return SignInRequired(http);
        }
        var ct = http.RequestAborted;
        var body = new StringBuilder()
            .Append("<nav><form method=\"post\" action=\"/logg-ut\"><span class=\"muted\">").Append(E(caller.Email)).Append("</span> ")
            .Append("<button class=\"secondary\" type=\"submit\">").Append(r.T("Logg ut", "Sign out")).Append("</button></form></nav>");
        if (caller.Partners.Count == 0)
            body.Append("<h1>").Append(r.T("Partner", "Partner")).Append("</h1><p>")
                .Append(r.T("Du er ikke bruker hos noen bedriftshelsetjeneste.", "You are not a user of any occupational-health partner."))
                .Append("</p><p><a href=\"/leder").Append(lang).Append("\">").Append(r.T("Dine undersøkelser", "Your surveys")).Append("</a></p>");

        var now = time.GetUtcNow();
        foreach (var (partnerId, role) in caller.Partners.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var partner = await partners.GetAsync(partnerId, ct);
            if (partner is null) continue;
            body.Append("<h1>").Append(E(partner.Name)).Append("</h1><h2>")
                .Append(r.T("Tilgang fra kunder", "Access from clients")).Append("</h2>");
            var active = (await grants.ListForPartnerAsync(partnerId, ct)).Where(g => g.IsActive).ToList();
            if (active.Count == 0)
                body.Append("<p>").Append(r.T("Ingen organisasjoner har gitt tilgang ennå.", "No organisation has granted access yet.")).Append("</p>");
            foreach (var grant in active)
            {
                var organisation = await catalog.GetOrganisationAsync(grant.OrganisationId, ct);
                if (organisation is null) continue;
                body.Append("<section><h3>").Append(E(organisation.Name)).Append("</h3>");
                if (grant.SurveyIds is null)
                    body.Append("<p class=\"muted\">").Append(r.T("Alle undersøkelser", "All surveys")).Append("</p>");
                body.Append("<ul>");
                foreach (var survey in (await catalog.ListSurveysAsync(grant.OrganisationId, ct)).Where(s => grant.Covers(s.Id)).OrderBy(s => s.Title, StringComparer.CurrentCulture))
                {
                    var export = $"/api/surveys/{Uri.EscapeDataString(survey.Id)}/export?content=results&format=";
                    body.Append("<li>").Append(E(survey.Title)).Append(" — ").Append(r.T("eksporter resultater: ", "export results: "))
                        .Append("<a href=\"").Append(E(export)).Append("xlsx\">XLSX</a> · ")
                        .Append("<a href=\"").Append(E(export)).Append("csv\">CSV</a> · ")
                        .Append("<a href=\"").Append(E(export)).Append("json\">JSON</a></li>");
                }
                body.Append("</ul></section>");
            }
            if (role != PartnerRole.Admin) continue;
            body.Append("<h2>").Append(r.T("API-nøkler", "API tokens")).Append("</h2>");
            var list = await tokens.ListAsync(partnerId, ct);
            if (list.Count == 0)
            {
                body.Append("<p>").Append(r.T("Ingen API-nøkler.", "No API tokens.")).Append("</p>");
                continue;
            }
            body.Append("<table><thead><tr><th>").Append(r.T("Navn", "Name")).Append("</th><th>").Append(r.T("Status", "Status"))
                .Append("</th><th>").Append(r.T("Utløper", "Expires")).Append("</th><th>").Append(r.T("Laget av", "Made by")).Append("</th></tr></thead><tbody>");
            foreach (var t in list)
            {
                var status = t.StatusAt(now) switch
                {
                    "active" => r.T("aktiv", "active"),
                    "expired" => r.T("utløpt", "expired"),
                    _ => r.T("trukket tilbake", "revoked"),
                };
                body.Append("<tr><td>").Append(E(t.Name)).Append("</td><td>").Append(E(status)).Append("</td><td>")
                    .Append(E(t.ExpiresAt.ToString("yyyy-MM-dd"))).Append("</td><td>").Append(E(t.CreatedBy)).Append("</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        return Render(http, r.T("Partner", "Partner"), body.ToString());
    }
}
