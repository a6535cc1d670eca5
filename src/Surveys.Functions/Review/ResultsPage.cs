using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Model;
using Surveys.Functions.Pages;
using Surveys.Pages.Results;
using Surveys.Pages.Shared;
using static Surveys.Functions.Pages.HtmlPage;

namespace Surveys.Functions.Review;

/// <summary>
/// <c>GET /surveys/{surveyId}/results?before=&amp;after=</c>: the before/after results of a survey for a signed-in
/// leader of its organisation, bokmål first (<c>&amp;lang=en</c> for English). It shows the same stored
/// comparison JSON that <c>GET /api/surveys/{surveyId}/comparison</c> returns (so suppression is the same on
/// the page and in the API, AN-03), read into typed records, and the trend when there are three or more rounds
/// (the page itself: <c>Surveys.Pages/Results</c>).
/// </summary>
public static class ResultsPage
{
    [Function("ResultsPage")]
    public static Task ResultsPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "surveys/{surveyId}/results")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RenderAsync);

    internal static async Task<IResult> RenderAsync(string surveyId, string? before, string? after, HttpContext http,
        AccessPolicy access, CatalogStore catalog, ComparisonService comparisons, PageRenderer pages)
    {
        var ct = http.RequestAborted;
        var back = new MessageLink(English(http.Request) ? "/leder?lang=en" : "/leder", new("Dine undersøkelser", "Your surveys"));
        try
        {
            var (organisationId, _) = await access.RequireSurveyAsync(http, surveyId);
            var rounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(surveyId, ct));
            var survey = await catalog.LoadSurveyAsync(organisationId, surveyId, ct);
            if (rounds.Count < 2)
            {
                var title = survey?.Title is { } t ? new LocalText(t, t) : new LocalText("Resultater", "Results");
                return await pages.MessageAsync(http, new Message(title,
                    [new("Det trengs to runder for å sammenligne. Resultatene vises her når den andre runden har fått svar.",
                        "Two rounds are needed to compare. The results appear here once the second round has answers.")], []) { Back = back },
                    StatusCodes.Status200OK);
            }

            var (b, a) = await ReviewApi.ResolvePairAsync(surveyId, Blank(before), Blank(after), catalog, ct);
            var comparison = ComparisonDocument.Read(await comparisons.GetComparisonAsync(organisationId, surveyId, b, a, ct));
            var trend = rounds.Count >= 3 ? ComparisonDocument.ReadTrend(await comparisons.GetTrendAsync(organisationId, surveyId, ct)) : null;
            return await pages.PageAsync<ResultsReportPage, ResultsModel>(http, new ResultsModel(comparison, trend, survey, rounds));
        }
        catch (ApiProblemException e) when (e.Status == StatusCodes.Status401Unauthorized)
        {
            return await pages.SignInRequiredAsync(http, new("Resultatene er bare for ledere i organisasjonen.", "The results are for the organisation's leaders only."));
        }
        catch (SurveyValidationException e)
        {
            // Rounds that do not belong to the survey, or the same round twice: say which, and offer the default pair.
            var language = English(http.Request) ? Language.English : Language.Norwegian;
            var latest = English(http.Request) ? $"/surveys/{surveyId}/results?lang=en" : $"/surveys/{surveyId}/results";
            return await pages.MessageAsync(http, new Message(new("Kan ikke vise disse rundene", "Cannot show these rounds"), [],
                [new(latest, new("Vis de to siste rundene", "Show the last two rounds"))])
            {
                Back = back,
                Items = e.Errors.Select(x => x.Message.Get(language)).ToList(),
            }, StatusCodes.Status400BadRequest);
        }
        catch (ApiProblemException e)
        {
            return await pages.MessageAsync(http, new Message(new(e.TitleNb, e.TitleEn),
                e.DetailNb is null ? [] : [new(e.DetailNb, e.DetailEn ?? e.DetailNb)], []) { Back = back }, e.Status);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
