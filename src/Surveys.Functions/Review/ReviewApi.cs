using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;

namespace Surveys.Functions.Review;

/// <summary>
/// Before/after results for leaders: <c>GET /api/surveys/{surveyId}/comparison?before=&amp;after=</c>
/// and <c>GET /api/surveys/{surveyId}/trend</c>. Both read the stored result (computed after each
/// change); below the minimum group size they carry no figures.
/// </summary>
public static class ReviewApi
{
    [Function("GetComparison")]
    [EndpointSummary("Before/after comparison of two rounds")]
    [EndpointDescription("Per item and pooled: n, distribution, bands, top/bottom two, mean and SD, 0–100 index (named), Cliff's delta with interval, Mann–Whitney U with exact or normal p (named), Newcombe interval for top-two, Benjamini–Hochberg, verdicts in plain language, weakest items. Below the minimum group size an item carries only «For få svar til å vise resultat». Without before/after: the last two rounds.")]
    [Tags("Results")]
    [QueryParameters(typeof(ComparisonQuery))]
    [ProducesResponseType(typeof(ComparisonView), 200)]
    [ProblemResponses(400, 401, 404, 409)]
    public static Task GetComparisonFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/surveys/{surveyId}/comparison")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, GetComparisonAsync);

    [Function("GetTrend")]
    [EndpointSummary("Trend over all rounds, per item")]
    [EndpointDescription("Each round's figures per item in the order the rounds open, or the too-few message.")]
    [Tags("Results")]
    [ProducesResponseType(typeof(TrendView), 200)]
    [ProblemResponses(400, 401, 404, 409)]
    public static Task GetTrendFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/surveys/{surveyId}/trend")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, GetTrendAsync);

    internal static async Task<IResult> GetComparisonAsync(string surveyId, string? before, string? after, HttpContext http,
        AccessPolicy access, CatalogStore catalog, ComparisonService comparisons)
    {
        var (organisationId, _) = await access.RequireSurveyAsync(http, surveyId);
        var (b, a) = await ResolvePairAsync(surveyId, before, after, catalog, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(await comparisons.GetComparisonAsync(organisationId, surveyId, b, a, http.RequestAborted));
    }

    internal static async Task<IResult> GetTrendAsync(string surveyId, HttpContext http, AccessPolicy access, ComparisonService comparisons)
    {
        var (organisationId, _) = await access.RequireSurveyAsync(http, surveyId);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(await comparisons.GetTrendAsync(organisationId, surveyId, http.RequestAborted));
    }

    /// <summary>The two rounds to compare: as asked, or by default the last two rounds to open.</summary>
    public static async Task<(string Before, string After)> ResolvePairAsync(string surveyId, string? before, string? after, CatalogStore catalog, CancellationToken ct)
    {
        var rounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(surveyId, ct));
        if (before is null && after is null)
        {
            return rounds.Count >= 2
                ? (rounds[^2].Id, rounds[^1].Id)
                : throw new ApiProblemException(StatusCodes.Status409Conflict, "Det trengs to runder for å sammenligne",
                    "Two rounds are needed to compare", "Undersøkelsen har færre enn to runder.", "The survey has fewer than two rounds.");
        }

        var fields = new RequestFields(new System.Text.Json.Nodes.JsonObject());
        if (before is null) fields.Add("before", "required", "Oppgi «before» (runde-ID).", "Give 'before' (a round id).");
        else if (rounds.All(r => r.Id != before)) fields.Add("before", "unknown-round", $"Runden «{before}» hører ikke til undersøkelsen.", $"The round '{before}' is not part of the survey.");
        if (after is null) fields.Add("after", "required", "Oppgi «after» (runde-ID).", "Give 'after' (a round id).");
        else if (rounds.All(r => r.Id != after)) fields.Add("after", "unknown-round", $"Runden «{after}» hører ikke til undersøkelsen.", $"The round '{after}' is not part of the survey.");
        if (before is not null && before == after) fields.Add("after", "same-round", "«before» og «after» må være to forskjellige runder.", "'before' and 'after' must be two different rounds.");
        fields.ThrowIfAny();
        return (before!, after!);
    }
}
