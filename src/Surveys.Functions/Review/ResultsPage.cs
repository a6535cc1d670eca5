using Microsoft.Azure.Functions.Worker;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Model;
using static Surveys.Functions.Pages.HtmlPage;

namespace Surveys.Functions.Review;

/// <summary>
/// <c>GET /surveys/{surveyId}/results?before=&amp;after=</c>: the before/after results of a survey for a signed-in
/// leader of its organisation, bokmål first (<c>&amp;lang=en</c> for English). It renders the same stored
/// comparison JSON that <c>GET /api/surveys/{surveyId}/comparison</c> returns (so suppression is the same on
/// the page and in the API, AN-03), and the trend when there are three or more rounds. Server-rendered, no
/// third-party requests, one tiny optional script (the print button); printable on A4 for the AMU meeting.
/// </summary>
public static class ResultsPage
{
    [Function("ResultsPage")]
    public static Task ResultsPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "surveys/{surveyId}/results")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RenderAsync);

    internal static async Task<IResult> RenderAsync(string surveyId, string? before, string? after, HttpContext http,
        AccessPolicy access, CatalogStore catalog, ComparisonService comparisons)
    {
        var r = http.Request;
        var f = new ReportFormat(English(r));
        var ct = http.RequestAborted;
        try
        {
            var (organisationId, _) = await access.RequireSurveyAsync(http, surveyId);
            var rounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(surveyId, ct));
            var survey = await catalog.LoadSurveyAsync(organisationId, surveyId, ct);
            if (rounds.Count < 2)
            {
                return Render(http, survey?.Title ?? f.T("Resultater", "Results"), $"""
                    {Back(f)}
                    <h1>{E(survey?.Title)}</h1>
                    <p class="note">{f.T("Det trengs to runder for å sammenligne. Resultatene vises her når den andre runden har fått svar.",
                        "Two rounds are needed to compare. The results appear here once the second round has answers.")}</p>
                    """);
            }

            var (b, a) = await ReviewApi.ResolvePairAsync(surveyId, Blank(before), Blank(after), catalog, ct);
            var comparison = Normalise(await comparisons.GetComparisonAsync(organisationId, surveyId, b, a, ct));
            var trend = rounds.Count >= 3 ? Normalise(await comparisons.GetTrendAsync(organisationId, surveyId, ct)) : null;
            var view = new ResultsView(comparison, trend, survey, rounds, f);
            return Render(http, $"{view.Title}: {f.T("resultater", "results")}", view.Render(), script: PrintScript, css: ResultsStyle.Css);
        }
        catch (ApiProblemException e) when (e.Status == StatusCodes.Status401Unauthorized)
        {
            return Render(http, f.T("Logg inn", "Sign in"), $"""
                <h1>{f.T("Du må logge inn", "You need to sign in")}</h1>
                <p>{f.T("Resultatene er bare for ledere i organisasjonen.", "The results are for the organisation's leaders only.")}</p>
                <p><a href="/logg-inn{(f.English ? "?lang=en" : "")}">{f.T("Logg inn", "Sign in")}</a></p>
                """, StatusCodes.Status401Unauthorized);
        }
        catch (SurveyValidationException e)
        {
            // Rounds that do not belong to the survey, or the same round twice: say which, and offer the default pair.
            var language = f.English ? Language.English : Language.Norwegian;
            return Render(http, f.T("Kan ikke vise disse rundene", "Cannot show these rounds"), $"""
                {Back(f)}
                <h1>{f.T("Kan ikke vise disse rundene", "Cannot show these rounds")}</h1>
                <ul>{string.Concat(e.Errors.Select(x => $"<li>{E(x.Message.Get(language))}</li>"))}</ul>
                <p><a href="/surveys/{E(surveyId)}/results{(f.English ? "?lang=en" : "")}">{f.T("Vis de to siste rundene", "Show the last two rounds")}</a></p>
                """, StatusCodes.Status400BadRequest);
        }
        catch (ApiProblemException e)
        {
            var title = f.English ? e.TitleEn : e.TitleNb;
            var detail = f.English ? e.DetailEn : e.DetailNb;
            return Render(http, title, $"""
                {Back(f)}
                <h1>{E(title)}</h1>
                {(detail is null ? "" : $"<p>{E(detail)}</p>")}
                """, e.Status);
        }
    }

    private static string Back(ReportFormat f) => $"<nav><a href=\"/leder{(f.English ? "?lang=en" : "")}\">← {f.T("Dine undersøkelser", "Your surveys")}</a></nav>";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // A document computed just now holds CLR values; reading it back as parsed JSON makes every number readable
    // the same way as a stored one.
    private static JsonObject Normalise(JsonObject document) => JsonNode.Parse(document.ToJsonString())!.AsObject();

    /// <summary>Shows the print button (hidden without script, where the browser's own print works) and prints.</summary>
    internal const string PrintScript = "const p=document.getElementById('print');if(p){p.hidden=false;p.addEventListener('click',()=>window.print());}";
}
