using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Pages;
using Surveys.Functions.Review;
using Surveys.Model;
using Surveys.Pages.Actions;
using Surveys.Pages.Results;
using Surveys.Pages.Shared;
using static Surveys.Functions.Pages.HtmlPage;

namespace Surveys.Functions.Actions;

/// <summary>
/// The improvement-action pages for signed-in leaders, bokmål first (<c>?lang=en</c> for English):
/// <c>/surveys/{surveyId}/actions/new?item=&amp;round=</c> (the form, prefilled from a weakest item of the
/// results page, or blank), <c>/leder/tiltak</c> (the list per organisation, filtered) and
/// <c>/leder/tiltak/{orgId}/{actionId}</c> (view, edit, notes, history and the evaluation result).
/// Each loads what its page shows and renders the page's template (src/Surveys.Pages/Actions); the forms there
/// submit to the actions API.
/// </summary>
public static class ActionPages
{
    [Function("NewActionPage")]
    public static Task NewActionPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "surveys/{surveyId}/actions/new")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, NewAsync);

    [Function("ActionsPage")]
    public static Task ActionsPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/tiltak")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListAsync);

    [Function("ActionPage")]
    public static Task ActionPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/tiltak/{orgId}/{actionId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ViewAsync);

    // ---------------------------------------------------------------- new action

    internal static async Task<IResult> NewAsync(string surveyId, string? item, string? round, HttpContext http, AccessPolicy access,
        CatalogStore catalog, ComparisonService comparisons, PageRenderer pages)
    {
        var ct = http.RequestAborted;
        try
        {
            var (organisationId, membership) = await access.RequireSurveyAsync(http, surveyId);
            var survey = await catalog.LoadSurveyAsync(organisationId, surveyId, ct) ?? throw ApiProblemException.NotFound("undersøkelsen", "The survey");
            var organisation = await catalog.GetOrganisationAsync(organisationId, ct);
            var rounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(surveyId, ct));
            var language = LanguageOf(http);
            var theItem = string.IsNullOrWhiteSpace(item) ? null : survey.FindItem(item.Trim());
            var theRound = string.IsNullOrWhiteSpace(round) ? null : rounds.FirstOrDefault(x => x.Id == round.Trim());

            NewActionModel.Question? question = null;
            string? prefillTitle = null;
            if (theItem is not null)
            {
                var text = survey.RenderText(theItem, language);
                prefillTitle = Truncate($"{(theItem.ShortCode is { } code ? code + ": " : "")}{text}", ActionRules.TitleMaxLength);
                var trend = rounds.Count == 0 ? null : ComparisonDocument.ReadTrend(await comparisons.GetTrendAsync(organisationId, surveyId, ct));
                question = new(theItem.ShortCode, text, LatestResult(trend, theItem.Id, theRound, rounds));
            }

            var hidden = new List<KeyValuePair<string, string>> { new("surveyId", surveyId) };
            if (theItem is not null)
            {
                hidden.Add(new("itemId", theItem.Id));
                if (theRound is not null) hidden.Add(new("promptingRoundId", theRound.Id));
            }
            var form = new ActionFormModel(
                Method: "POST",
                Url: $"/api/organisations/{organisationId}/actions",
                ETag: null,
                OrganisationId: organisationId,
                PagePath: $"/surveys/{surveyId}/actions/new",
                Fields: ActionFormModel.Values.New(prefillTitle),
                Hidden: hidden,
                Rounds: Options(theRound is null ? rounds : rounds.SkipWhile(x => x.Id != theRound.Id).Skip(1)),
                Units: membership?.Units is { Count: > 0 } mine ? mine : organisation?.Units ?? [],
                UnitRequired: membership?.Units is { Count: > 0 });
            var model = new NewActionModel(survey.Title, UnknownItem: !string.IsNullOrWhiteSpace(item) && theItem is null, question, form);
            return await pages.PageAsync<NewActionPage, NewActionModel>(http, model);
        }
        catch (ApiProblemException e)
        {
            return await ProblemAsync(http, pages, e);
        }
    }

    /// <summary>The item's result in the round (or its latest round with answers), from the stored trend: suppressed stays suppressed.</summary>
    private static NewActionModel.Result? LatestResult(TrendDocument? trend, string itemId, Round? round, IReadOnlyList<Round> rounds)
    {
        var points = trend?.Items.FirstOrDefault(i => i.ItemId == itemId)?.Points ?? [];
        var point = round is null
            ? points.LastOrDefault(p => p.Status is "shown" or "tooFewAnswers")
            : points.FirstOrDefault(p => p.RoundId == round.Id);
        if (point is null) return null;
        var label = rounds.FirstOrDefault(x => x.Id == point.RoundId)?.Label ?? point.RoundId ?? "";
        return new(label, point.Message, point.Summary is { } summary ? Figures(summary) : null);
    }

    // ---------------------------------------------------------------- list

    internal static async Task<IResult> ListAsync(string? status, string? survey, string? overdue, HttpContext http, AccessPolicy access,
        CatalogStore catalog, ActionService actions, PageRenderer pages)
    {
        var ct = http.RequestAborted;
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin) return await SignInAsync(http, pages);
        ActionStatus? wanted = ActionService.TryParseStatus(status, out var s) ? s : null;
        var overdueOnly = overdue is "1" or "true" or "on";
        var today = actions.Today;

        var organisations = new List<(Organisation Organisation, Membership Membership, IReadOnlyList<StoredSurvey> Surveys)>();
        foreach (var (organisationId, membership) in caller.Organisations.OrderBy(o => o.Key, StringComparer.Ordinal))
            if (await catalog.GetOrganisationAsync(organisationId, ct) is { } organisation)
                organisations.Add((organisation, membership, await catalog.ListSurveysAsync(organisationId, ct)));

        var shown = new List<ActionListModel.Organisation>();
        foreach (var (organisation, membership, surveys) in organisations)
        {
            var list = (await actions.ListVisibleAsync(organisation.Id, membership, ct))
                .Where(a => wanted is null || a.Status == wanted)
                .Where(a => string.IsNullOrWhiteSpace(survey) || a.SurveyId == survey)
                .Where(a => !overdueOnly || a.IsOverdue(today))
                .OrderBy(a => a.IsOpen ? 0 : 1).ThenBy(a => a.DueDate ?? DateOnly.MaxValue)
                .Select(a => new ActionListModel.Row(a.Id, a.Title, a.Unit, a.Status, a.OwnerName, a.DueDate, a.IsOverdue(today),
                    surveys.FirstOrDefault(x => x.Id == a.SurveyId)?.Title))
                .ToList();
            shown.Add(new(organisation.Id, organisation.Name, surveys.Select(x => new ActionListModel.SurveyLink(x.Id, x.Title)).ToList(), list));
        }
        var filterSurveys = organisations.SelectMany(o => o.Surveys).OrderBy(x => x.Title, StringComparer.CurrentCulture)
            .Select(x => new ActionListModel.SurveyLink(x.Id, x.Title)).ToList();
        var model = new ActionListModel(new(wanted, survey, overdueOnly), filterSurveys, shown);
        return await pages.PageAsync<ActionListPage, ActionListModel>(http, model);
    }

    // ---------------------------------------------------------------- one action

    internal static async Task<IResult> ViewAsync(string orgId, string actionId, HttpContext http, CatalogStore catalog, ActionService actions, PageRenderer pages)
    {
        var ct = http.RequestAborted;
        try
        {
            var found = await actions.RequireActionAsync(http, orgId, actionId, edit: false);
            var a = found.Action;
            var language = LanguageOf(http);
            var canEdit = ActionService.CanEdit(found.Membership, a);
            var survey = a.SurveyId is null ? null : await catalog.LoadSurveyAsync(orgId, a.SurveyId, ct);
            var rounds = a.SurveyId is null ? [] : ComparisonService.Ordered(await catalog.ListRoundsAsync(a.SurveyId, ct));
            var evaluation = EvaluationDocument.Read(await actions.EvaluationAsync(a, ct));

            ActionModel.Origin? source = null;
            if (survey is not null)
            {
                var item = a.ItemId is null ? null : survey.FindItem(a.ItemId);
                source = new(survey.Title, item?.ShortCode, item is null ? null : survey.RenderText(item, language),
                    rounds.FirstOrDefault(x => x.Id == a.PromptingRoundId)?.Label);
            }
            var form = new ActionFormModel("PATCH", $"/api/organisations/{orgId}/actions/{a.Id}", found.ETag.ToString(), orgId,
                $"/leder/tiltak/{orgId}/{a.Id}", ActionFormModel.Values.Of(a), [],
                Options(a.PromptingRoundId is null ? rounds : rounds.SkipWhile(x => x.Id != a.PromptingRoundId).Skip(1)),
                [], UnitRequired: false, ReadOnly: !canEdit);
            var model = new ActionModel(orgId, a.Id, a.Title, a.Status, a.DueDate, a.IsOverdue(actions.Today), source, canEdit,
                evaluation is null ? null : Result(evaluation), form, a.Notes,
                CanAddNote: canEdit && a.Notes.Count < ActionRules.MaxNotes,
                a.History.Select(c => new ActionModel.Change(NorwegianTime.Of(c.At), c.By, c.From, c.To)).ToList());
            return await pages.PageAsync<ActionPage, ActionModel>(http, model);
        }
        catch (ApiProblemException e)
        {
            return await ProblemAsync(http, pages, e);
        }
    }

    /// <summary>The evaluation: the item's change read from the stored comparison, or why there is none yet.</summary>
    private static ActionModel.Result Result(EvaluationDocument e) => e.Status == "available"
        ? new(true, e.PromptingRound?.Label, e.EvaluationRound?.Label, null, e.Verdict?.Text, e.Verdict?.Detail,
            e.Change is null ? null : Figures(e.Change.Before), e.Change is null ? null : Figures(e.Change.After))
        : new(false, e.PromptingRound?.Label, e.EvaluationRound?.Label, e.Message, null, null, null, null);

    /// <summary>What the action pages show of an item's figures in a round: n, the mean in words, the top-two and bottom-two shares.</summary>
    private static ItemFigures Figures(Summary s) => new(s.N, s.MeanText, s.TopTwo?.Share, s.BottomTwo?.Share, s.TopTwo is not null, s.BottomTwo is not null);

    /// <summary>
    /// An action's evaluation as <see cref="ActionService.EvaluationAsync"/> writes it (and the actions API returns it):
    /// the rounds, and the item's verdict and change from their comparison; or, when not <c>available</c>, why not.
    /// </summary>
    /// <param name="Status"><c>available</c>, <c>noRound</c>, <c>waiting</c> or <c>notCompared</c>.</param>
    internal sealed record EvaluationDocument(RoundReference? PromptingRound, RoundReference? EvaluationRound, string Status, LocalText? Message,
        VerdictDocument? Verdict, ItemChangeDocument? Change)
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public static EvaluationDocument? Read(JsonObject? document) => document?.Deserialize<EvaluationDocument>(Json);
    }

    internal sealed record RoundReference(string Id, string Label);

    // ---------------------------------------------------------------- shared


    private static Language LanguageOf(HttpContext http) => English(http.Request) ? Language.English : Language.Norwegian;

    private static List<RoundOption> Options(IEnumerable<Round> rounds) => rounds.Select(r => new RoundOption(r.Id, r.Label)).ToList();

    private static Task<IResult> SignInAsync(HttpContext http, PageRenderer pages) => pages.SignInRequiredAsync(http,
        new("Forbedringstiltakene er bare for ledere i organisasjonen.", "The improvement actions are for the organisation's leaders only."));

    /// <summary>A refusal (403, 404, …) as a page with a way back to the list; not signed in: the sign-in page.</summary>
    private static Task<IResult> ProblemAsync(HttpContext http, PageRenderer pages, ApiProblemException e)
    {
        if (e.Status == StatusCodes.Status401Unauthorized) return SignInAsync(http, pages);
        var message = new Message(new(e.TitleNb, e.TitleEn), e.DetailNb is null ? [] : [new(e.DetailNb, e.DetailEn ?? e.DetailNb)], [])
        {
            Back = new(English(http.Request) ? "/leder/tiltak?lang=en" : "/leder/tiltak", new("Forbedringstiltak", "Improvement actions")),
        };
        return pages.MessageAsync(http, message, e.Status);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
