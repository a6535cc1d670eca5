using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Surveys.Functions.Access;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Review;
using Surveys.Model;

namespace Surveys.Functions.Actions;

/// <summary>An action the caller may see, with the ETag to change it and the caller's membership.</summary>
public sealed record ActionAccess(ImprovementAction Action, ETag ETag, Membership? Membership, Caller Caller);

/// <summary>
/// What the actions API and pages share: who may see and change which action, the organisation's
/// local date ("today" for overdue), the checks of an action's links to a survey, item and rounds,
/// the evaluation read from the stored comparison, and the JSON an action is shown as.
/// </summary>
/// <remarks>
/// Visibility (ADR 0007): leaders and admins of the organisation see its actions. A leader limited to
/// some units sees the actions of those units and the organisation-wide ones (no unit), and may change
/// and add notes only to the actions of their own units; an action of another unit is 403.
/// </remarks>
public sealed class ActionService(AccessPolicy access, ActionStore store, CatalogStore catalog, AggregateStore aggregates,
    ComparisonService comparisons, TimeProvider time)
{

    /// <summary>Today in Norway: what "overdue" is measured against.</summary>
    public DateOnly Today => NorwegianTime.DateOf(time.GetUtcNow());

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Whether a leader with this membership sees the action (everyone unlimited does).</summary>
    public static bool CanSee(Membership? membership, ImprovementAction action) =>
        membership?.Units is not { Count: > 0 } units || action.Unit is null || units.Contains(action.Unit, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a leader with this membership may change the action and add notes.</summary>
    public static bool CanEdit(Membership? membership, ImprovementAction action) =>
        membership?.Units is not { Count: > 0 } units || (action.Unit is not null && units.Contains(action.Unit, StringComparer.OrdinalIgnoreCase));

    /// <summary>The action for a leader or admin of its organisation: 404 when it is not there, 403 when it is another unit's.</summary>
    public async Task<ActionAccess> RequireActionAsync(HttpContext http, string organisationId, string actionId, bool edit)
    {
        var membership = await access.RequireOrganisationAsync(http, organisationId);
        var caller = await access.CallerAsync(http);
        var found = await store.GetAsync(organisationId, actionId, http.RequestAborted) ?? throw ApiProblemException.NotFound("tiltaket", "The action");
        if (!(edit ? CanEdit(membership, found.Action) : CanSee(membership, found.Action)))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Ikke din enhet", "Not your unit",
                edit ? "Du kan bare endre tiltak for dine egne enheter." : "Tiltaket hører til en annen enhet.",
                edit ? "You may only change actions of your own units." : "The action belongs to another unit.");
        }
        return new ActionAccess(found.Action, found.ETag, membership, caller);
    }

    /// <summary>The organisation's actions this membership may see, oldest first.</summary>
    public async Task<IReadOnlyList<ImprovementAction>> ListVisibleAsync(string organisationId, Membership? membership, CancellationToken ct) =>
        (await store.ListAsync(organisationId, ct)).Where(a => CanSee(membership, a)).ToList();

    /// <summary>Who changed something, as the history shows it.</summary>
    public static string By(Caller caller) => caller.Email ?? (caller.IsPlatformAdmin ? "admin" : "ukjent");

    /// <summary>
    /// Checks that the survey, item and rounds an action links to exist in the organisation's survey: the item in the
    /// survey, the rounds rounds of the survey, and the evaluating round after the prompting one. Adds a field error for each.
    /// </summary>
    public async Task CheckLinksAsync(RequestFields fields, string organisationId, string? surveyId, string? itemId, string? promptingRoundId,
        string? evaluationRoundId, CancellationToken ct)
    {
        if (surveyId is null)
        {
            foreach (var (name, value) in new[] { ("itemId", itemId), ("promptingRoundId", promptingRoundId), ("evaluationRoundId", evaluationRoundId) })
                if (value is not null) fields.Add(name, "requires-survey", $"«{name}» krever «surveyId».", $"'{name}' needs 'surveyId'.");
            return;
        }
        var survey = CatalogStore.IsValidKey(surveyId) ? await catalog.LoadSurveyAsync(organisationId, surveyId, ct) : null;
        if (survey is null)
        {
            fields.Add("surveyId", "unknown-survey", "Undersøkelsen finnes ikke i organisasjonen.", "The survey is not in the organisation.");
            return;
        }
        if (itemId is not null && survey.FindItem(itemId) is null)
            fields.Add("itemId", ErrorCodes.UnknownItem, "Spørsmålet finnes ikke i denne undersøkelsen.", "This question is not part of this survey.");
        var rounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(surveyId, ct));
        var prompting = promptingRoundId is null ? -1 : IndexOf(rounds, promptingRoundId);
        if (promptingRoundId is not null && prompting < 0)
            fields.Add("promptingRoundId", "unknown-round", "Runden hører ikke til undersøkelsen.", "The round is not part of the survey.");
        if (evaluationRoundId is not null)
        {
            var evaluating = IndexOf(rounds, evaluationRoundId);
            if (evaluating < 0)
                fields.Add("evaluationRoundId", "unknown-round", "Runden hører ikke til undersøkelsen.", "The round is not part of the survey.");
            else if (prompting >= 0 && evaluating <= prompting)
                fields.Add("evaluationRoundId", "not-after-prompting", "Evalueringsrunden må komme etter runden som ga tiltaket.",
                    "The evaluating round must come after the round that prompted the action.");
        }
    }

    private static int IndexOf(IReadOnlyList<Round> rounds, string id)
    {
        for (var i = 0; i < rounds.Count; i++) if (rounds[i].Id == id) return i;
        return -1;
    }

    /// <summary>
    /// The item's change from the prompting round to the evaluating round (or, when none is set, the newest later round
    /// with answers), read from the stored comparison: the same figures, verdicts and suppression as the results page.
    /// Null when the action is not linked to an item and a prompting round.
    /// </summary>
    public async Task<JsonObject?> EvaluationAsync(ImprovementAction action, CancellationToken ct)
    {
        if (action.SurveyId is not { } surveyId || action.ItemId is not { } itemId || action.PromptingRoundId is not { } promptingId) return null;
        var rounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(surveyId, ct));
        var p = IndexOf(rounds, promptingId);
        if (p < 0) return null;
        var prompting = rounds[p];

        Round? evaluating = null;
        if (action.EvaluationRoundId is { } chosen)
        {
            var e = IndexOf(rounds, chosen);
            if (e > p) evaluating = rounds[e];
        }
        else
        {
            for (var i = rounds.Count - 1; i > p && evaluating is null; i--)
                if (await HasAnswersAsync(rounds[i].Id, ct)) evaluating = rounds[i];
        }

        var result = new JsonObject
        {
            ["promptingRound"] = RoundRef(prompting),
            ["evaluationRound"] = evaluating is null ? null : RoundRef(evaluating),
        };
        if (evaluating is null)
        {
            result["status"] = "noRound";
            result["message"] = ComparisonJson.Text(new LocalizedText("Ingen senere runde med svar ennå.", "No later round with answers yet."));
            return result;
        }
        if (!await HasAnswersAsync(evaluating.Id, ct))
        {
            result["status"] = "waiting";
            result["message"] = ComparisonJson.Text(new LocalizedText($"Ingen svar i {evaluating.Label} ennå.", $"No answers in {evaluating.Label} yet."));
            return result;
        }

        var comparison = await comparisons.GetComparisonAsync(action.OrganisationId, surveyId, prompting.Id, evaluating.Id, ct);
        // Parsed back, so a document computed just now reads like a stored one.
        var items = JsonNode.Parse(comparison.ToJsonString())!["items"]?.AsArray() ?? [];
        var item = items.FirstOrDefault(i => (string?)i?["itemId"] == itemId);
        if (item is null)
        {
            result["status"] = "notCompared";
            result["message"] = ComparisonJson.Text(new LocalizedText("Spørsmålet er ikke med i sammenligningen.", "The question is not part of the comparison."));
            return result;
        }
        result["status"] = "available";
        result["itemStatus"] = item["status"]?.DeepClone();
        result["itemText"] = item["text"]?.DeepClone();
        result["scaleId"] = item["scaleId"]?.DeepClone();
        result["verdict"] = item["verdict"]?.DeepClone();
        result["change"] = item["change"]?.DeepClone();
        result["minimumGroupSize"] = comparison["minimumGroupSize"]?.DeepClone();
        return result;
    }

    private async Task<bool> HasAnswersAsync(string roundId, CancellationToken ct) =>
        (await aggregates.GetAsync(roundId, ct))?.Respondents > 0;

    private static JsonObject RoundRef(Round round) => new() { ["id"] = round.Id, ["label"] = round.Label };

    /// <summary>The action as the API shows it: its stored fields, the status and origin in words, whether it is overdue today.</summary>
    public JsonObject ToJson(ImprovementAction action, JsonObject? evaluation = null, bool withEvaluation = false)
    {
        var json = JsonSerializer.SerializeToNode(action, ActionStore.Json)!.AsObject();
        json["statusLabel"] = ComparisonJson.Text(ActionLabels.Of(action.Status));
        json["originLabel"] = action.Origin is { } origin ? ComparisonJson.Text(ActionLabels.Of(origin)) : null;
        json["overdue"] = action.IsOverdue(Today);
        if (withEvaluation) json["evaluation"] = evaluation;
        return json;
    }

    /// <summary>A strict yyyy-MM-dd date.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>A status by its API name (<c>Planned</c>, <c>inProgress</c>, <c>in-progress</c> …).</summary>
    public static bool TryParseStatus(string? text, out ActionStatus status) => TryParseEnum(text, out status);

    /// <summary>An origin by its API name (<c>LeadershipGroup</c>, <c>workEnvironmentCommittee</c> …).</summary>
    public static bool TryParseOrigin(string? text, out ActionOrigin origin) => TryParseEnum(text, out origin);

    private static bool TryParseEnum<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40 || !char.IsAsciiLetter(text.Trim()[0])) return false;
        var name = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Api.EnumNames.TryParse(name, out value);
    }
}
