using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Actions;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Digests;
using Surveys.Functions.Review;
using Surveys.Model;
using Surveys.Pages.Home;
using Surveys.Pages.Results;
using Surveys.Pages.Shared;

namespace Surveys.Functions.Pages;

/// <summary>
/// <c>/leder</c>: where a signed-in leader lands, answering "how is it going?" for each survey of each organisation they
/// lead (issue 15): the open round's answers against those invited and the days left, the last before/after comparison in
/// a line, the 0–100 index with the year before and the sentence for the annual report, overdue actions, and the next
/// step. Results come from the same stored comparison as the results page and from <see cref="RoundScores"/>, so nothing
/// below the minimum group size is shown.
/// </summary>
public static class LeaderHome
{
    [Function("LeaderHomePage")]
    public static Task LeaderHomePageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RenderAsync);

    internal static async Task<IResult> RenderAsync(HttpContext http, AccessPolicy access, CatalogStore catalog, AggregateStore aggregates,
        ComparisonService comparisons, ActionService actions, AnonymityOptions anonymity, TimeProvider time, PageRenderer pages)
    {
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin)
        {
            return await pages.SignInRequiredAsync(http);
        }

        var ct = http.RequestAborted;
        var lang = HtmlPage.English(http.Request) ? "?lang=en" : "";
        var now = time.GetUtcNow();
        var today = actions.Today;
        var minimum = Math.Max(ComparisonOptions.LowestMinimumGroupSize, anonymity.MinimumGroupSize);
        var organisations = new List<LeaderHomeModel.Organisation>();
        foreach (var (organisationId, membership) in caller.Organisations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var organisation = await catalog.GetOrganisationAsync(organisationId, ct);
            if (organisation is null) continue;
            var visibleActions = await actions.ListVisibleAsync(organisationId, membership, ct);
            var cards = new List<LeaderHomeModel.SurveyCard>();
            foreach (var survey in (await catalog.ListSurveysAsync(organisationId, ct)).OrderBy(s => s.Title, StringComparer.CurrentCulture))
            {
                var definition = await catalog.LoadSurveyAsync(organisationId, survey.Id, ct);
                if (definition is null) continue;
                var rounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(survey.Id, ct));
                var counts = await Task.WhenAll(rounds.Select(r => aggregates.GetAsync(r.Id, ct)));
                var surveyActions = visibleActions.Where(a => a.SurveyId == survey.Id).ToList();
                cards.Add(await CardAsync(definition, rounds, counts, surveyActions, organisationId, membership.Role == OrganisationRole.Admin, minimum, now, today, lang, catalog, comparisons, ct));
            }
            organisations.Add(new(organisationId, organisation.Name, membership.Role == OrganisationRole.Admin, membership.Units, cards));
        }
        return await pages.PageAsync<LeaderHomePage, LeaderHomeModel>(http, new LeaderHomeModel(caller.Email ?? "", caller.Partners.Count > 0, organisations));
    }

    private static async Task<LeaderHomeModel.SurveyCard> CardAsync(Survey survey, IReadOnlyList<Round> rounds, RoundAggregate?[] counts,
        IReadOnlyList<ImprovementAction> surveyActions, string organisationId, bool admin, int minimum, DateTimeOffset now, DateOnly today, string lang,
        CatalogStore catalog, ComparisonService comparisons, CancellationToken ct)
    {
        // The open round: the newest one taking answers now.
        LeaderHomeModel.OpenRound? open = null;
        for (var i = rounds.Count - 1; i >= 0 && open is null; i--)
        {
            if (!rounds[i].IsOpenAt(now)) continue;
            int? daysLeft = rounds[i].Closes is { } closes
                ? Math.Max(0, NorwegianTime.DateOf(closes.AddTicks(-1)).DayNumber - today.DayNumber)
                : null;
            open = new(rounds[i].Id, rounds[i].Label, counts[i]?.Respondents ?? 0, rounds[i].Invited, daysLeft);
        }

        // The index of the newest round with answers, and the year before.
        var scores = rounds.Select((r, i) => RoundScores.For(survey, r, counts[i], minimum, zone: NorwegianTime.Zone)).ToList();
        LeaderHomeModel.Score? score = null;
        if (scores.LastOrDefault(s => s.Respondents > 0) is { } latest)
        {
            var before = RoundScores.YearBefore(scores, latest);
            var report = RoundScores.ReportParagraph(survey.Title, latest, before);
            score = new(latest.Label, latest.Points, latest.Index?.Definition.Id ?? IndexDefinition.Linear.Id, before?.Points, before?.Year,
                report is null ? null : new LocalText(report.Norwegian, report.Get(Language.English)));
        }

        // The default before/after pair, once the later round has answers.
        LeaderHomeModel.Headline? headline = null;
        if (rounds.Count >= 2)
        {
            var (beforeId, afterId) = await ReviewApi.ResolvePairAsync(survey.Id, null, null, catalog, ct);
            var after = rounds.First(r => r.Id == afterId);
            if ((counts[IndexOf(rounds, afterId)]?.Respondents ?? 0) > 0)
            {
                var comparison = ComparisonDocument.Read(await comparisons.GetComparisonAsync(organisationId, survey.Id, beforeId, afterId, ct));
                headline = Headline(comparison, rounds.First(r => r.Id == beforeId).Label, after.Label);
            }
        }

        var overdue = surveyActions.Count(a => a.IsOverdue(today));
        var next = Next(survey.Id, open, headline, surveyActions, overdue, organisationId, admin, today, lang);
        var rows = rounds.Select((r, i) => new LeaderHomeModel.RoundRow(r.Id, r.Label, r.Opens, r.Closes, r.Invited, scores[i].Respondents, scores[i].Points)).ToList();
        return new(survey.Id, survey.Title, next, open, headline, score, overdue, rows);
    }

    private static int IndexOf(IReadOnlyList<Round> rounds, string id)
    {
        for (var i = 0; i < rounds.Count; i++) if (rounds[i].Id == id) return i;
        return -1;
    }

    /// <summary>The comparison's items in a line: counts per verdict and the item that moved most (by mean difference).</summary>
    internal static LeaderHomeModel.Headline Headline(ComparisonDocument comparison, string beforeLabel, string afterLabel)
    {
        var shown = comparison.Items.Where(i => i.Verdict.Kind is not ("tooFewToShow" or "notComparable")).ToList();
        if (shown.Count == 0) return new(beforeLabel, afterLabel, TooFew: true, 0, 0, 0, 0, null);
        var moved = shown.Where(i => i.Verdict.Kind is "increased" or "decreased")
            .MaxBy(i => Math.Abs(i.Change?.MeanDifference ?? 0));
        return new(beforeLabel, afterLabel, TooFew: false,
            Rose: shown.Count(i => i.Verdict.Kind == "increased"),
            Fell: shown.Count(i => i.Verdict.Kind == "decreased"),
            Held: shown.Count(i => i.Verdict.Kind == "noClearChange"),
            TooFewToSay: shown.Count(i => i.Verdict.Kind == "tooFewToSay"),
            moved is null ? null : new(moved.Text, moved.Verdict.Kind == "increased"));
    }

    /// <summary>The most pressing next step: an evaluation that is due, overdue actions, answers still missing, the results, or the next round.</summary>
    private static LeaderHomeModel.NextStep Next(string surveyId, LeaderHomeModel.OpenRound? open, LeaderHomeModel.Headline? headline,
        IReadOnlyList<ImprovementAction> actions, int overdue, string organisationId, bool admin, DateOnly today, string lang)
    {
        var survey = Uri.EscapeDataString(surveyId);
        if (DigestComposer.EvaluationReached(actions, today).FirstOrDefault() is { } evaluate)
            return new(NextStepKind.EvaluateAction, $"/leder/tiltak/{Uri.EscapeDataString(organisationId)}/{Uri.EscapeDataString(evaluate.Id)}{lang}", evaluate.Title);
        if (overdue > 0)
            return new(NextStepKind.FollowUpOverdue, $"/leder/tiltak?survey={survey}&overdue=1{(lang.Length > 0 ? "&lang=en" : "")}", null);
        if (open is not null && (open.Invited is null || open.Answers < open.Invited))
            return new(NextStepKind.EnterPaper, $"/rounds/{Uri.EscapeDataString(open.Id)}/paper{lang}", open.Label);
        if (headline is not null)
            return new(NextStepKind.ReadResults, $"/surveys/{survey}/results{lang}", null);
        // Planning a round is for admins (the survey's set-up page); a leader is shown the results meanwhile.
        return new(NextStepKind.PlanRound, admin ? $"/leder/undersokelser/{survey}{lang}" : $"/surveys/{survey}/results{lang}", null);
    }
}
