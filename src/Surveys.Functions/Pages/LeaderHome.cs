using Microsoft.Azure.Functions.Worker;
using System.Text;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using static Surveys.Functions.Pages.HtmlPage;
using Surveys.Functions.Api;

namespace Surveys.Functions.Pages;

/// <summary>
/// <c>/leder</c>: where a signed-in leader lands. Lists their organisations, surveys and rounds,
/// with paper entry per round and, for admins, making a kiosk link for a round.
/// </summary>
public static class LeaderHome
{
    [Function("LeaderHomePage")]
    public static Task LeaderHomePageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RenderAsync);

    internal static async Task<IResult> RenderAsync(HttpContext http, AccessPolicy access, CatalogStore catalog)
    {
        var r = http.Request;
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin)
        {
            return SignInRequired(http);
        }

        var lang = English(r) ? "?lang=en" : "";
        var body = new StringBuilder()
            .Append("<nav><form method=\"post\" action=\"/logg-ut\"><span class=\"muted\">").Append(E(caller.Email)).Append("</span> ")
            .Append("<button class=\"secondary\" type=\"submit\">").Append(r.T("Logg ut", "Sign out")).Append("</button></form></nav>")
            .Append("<h1>").Append(r.T("Dine undersøkelser", "Your surveys")).Append("</h1>")
            .Append("<p><a href=\"/leder/tiltak").Append(English(r) ? "?lang=en" : "").Append("\">").Append(r.T("Forbedringstiltak", "Improvement actions")).Append("</a></p>");
        if (caller.Partners.Count > 0)
            body.Append("<p><a href=\"/partner").Append(lang).Append("\">").Append(r.T("Bedriftshelsetjeneste: kunder og eksporter", "Occupational health: clients and exports")).Append("</a></p>");
        foreach (var (organisationId, membership) in caller.Organisations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var organisation = await catalog.GetOrganisationAsync(organisationId, http.RequestAborted);
            if (organisation is null) continue;
            body.Append("<section><h2>").Append(E(organisation.Name)).Append("</h2>");
            if (membership.Role == OrganisationRole.Admin)
                body.Append("<p><a href=\"/leder/logg?org=").Append(Uri.EscapeDataString(organisationId)).Append(English(r) ? "&lang=en" : "").Append("\">")
                    .Append(r.T("Revisjonslogg (eksporter, tilganger)", "Audit log (exports, access)")).Append("</a></p>");
            if (membership.Units is { Count: > 0 } units)
                body.Append("<p class=\"muted\">").Append(r.T("Dine enheter: ", "Your units: ")).Append(E(string.Join(", ", units))).Append("</p>");
            var surveys = await catalog.ListSurveysAsync(organisationId, http.RequestAborted);
            if (surveys.Count == 0) body.Append("<p>").Append(r.T("Ingen undersøkelser ennå.", "No surveys yet.")).Append("</p>");
            foreach (var survey in surveys.OrderBy(s => s.Title, StringComparer.CurrentCulture))
            {
                body.Append("<h3>").Append(E(survey.Title)).Append("</h3><p><a href=\"/surveys/").Append(E(survey.Id)).Append("/results").Append(lang).Append("\">")
                    .Append(r.T("Resultater før og etter", "Before and after results")).Append("</a></p><table><thead><tr><th>")
                    .Append(r.T("Runde", "Round")).Append("</th><th>").Append(r.T("Åpen", "Open")).Append("</th><th>")
                    .Append(r.T("Invitert", "Invited")).Append("</th><th>").Append(r.T("Handlinger", "Actions")).Append("</th></tr></thead><tbody>");
                foreach (var round in (await catalog.ListRoundsAsync(survey.Id, http.RequestAborted)).OrderBy(x => x.Opens))
                {
                    body.Append("<tr><td>").Append(E(round.Label)).Append("</td><td>")
                        .Append(E($"{round.Opens?.ToString("yyyy-MM-dd") ?? "–"} – {round.Closes?.ToString("yyyy-MM-dd") ?? "–"}"))
                        .Append("</td><td>").Append(round.Invited?.ToString() ?? "–").Append("</td><td>")
                        .Append("<a href=\"/rounds/").Append(E(round.Id)).Append("/paper").Append(lang).Append("\">").Append(r.T("Papirskjema", "Paper forms")).Append("</a> · ")
                        .Append("<button class=\"secondary kiosk\" type=\"button\" data-round=\"").Append(E(round.Id)).Append("\">")
                        .Append(r.T("Lag kiosklenke", "Make kiosk link")).Append("</button><output></output></td></tr>");
                }
                body.Append("</tbody></table>");
            }
            body.Append("</section>");
        }

        const string script = """
            document.querySelectorAll('button.kiosk').forEach(b => b.addEventListener('click', async () => {
              const out = b.nextElementSibling; out.textContent = '…';
              const res = await fetch('/api/rounds/' + encodeURIComponent(b.dataset.round) + '/kiosk-links', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
              const data = await res.json().catch(() => ({}));
              out.innerHTML = ''; const a = document.createElement(res.ok ? 'a' : 'span');
              if (res.ok) { a.href = data.url; a.textContent = data.url; } else { a.textContent = data.title || res.status; }
              out.append(' ', a);
            }));
            """;
        return Render(http, r.T("Dine undersøkelser", "Your surveys"), body.ToString(), script: script);
    }
}
