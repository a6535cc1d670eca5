using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Actions;

/// <summary>
/// Improvement actions (users.md L-03/L-04) for leaders and admins of the organisation:
/// <c>POST/GET /api/organisations/{orgId}/actions</c>, <c>GET/PATCH …/actions/{actionId}</c> (PATCH needs
/// <c>If-Match</c>; a stale ETag is 412 and changes nothing) and <c>POST …/actions/{actionId}/notes</c>.
/// Dates are yyyy-MM-dd; "overdue" is measured against today's date in Norway.
/// </summary>
public static class ActionsApi
{
    private const long MaxBodyBytes = 64 * 1024;

    [Function("CreateAction")]
    [EndpointSummary("Create an improvement action (leaders and admins of the organisation)")]
    [EndpointDescription("From a weakest item (surveyId, itemId, promptingRoundId) or from scratch. An action cannot be Planned without ownerName and dueDate, nor Done without evaluationDate and evaluationNote: 400 naming every field, nothing stored. A leader limited to units must name one of them in unit (else 403).")]
    [Tags("Actions")]
    [Consumes(typeof(CreateActionRequest), "application/json")]
    [ProducesResponseType(typeof(ImprovementAction), 201, Description = ActionText.View)]
    [ResponseHeader("ETag", "Send it back in If-Match to change the action.")]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task CreateActionFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/organisations/{orgId}/actions")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, CreateAsync);

    [Function("ListActions")]
    [EndpointSummary("List the organisation's improvement actions")]
    [EndpointDescription("A leader limited to units sees the actions of their units and the organisation-wide ones.")]
    [Tags("Actions")]
    [QueryParameters(typeof(ActionsQuery))]
    [ProducesResponseType(typeof(ActionList), 200, Description = ActionText.View)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task ListActionsFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organisations/{orgId}/actions")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListAsync);

    [Function("GetAction")]
    [EndpointSummary("One improvement action with its evaluation")]
    [EndpointDescription("The action, plus evaluation: null when the action is not linked to an item and a prompting round; else {status: noRound|waiting|notCompared|available, promptingRound, evaluationRound, message} and, when available, the item's itemStatus, itemText {nb, en}, scaleId, verdict and change from the stored comparison of the two rounds (below the minimum group size only «For få svar til å vise resultat»).")]
    [Tags("Actions")]
    [ProducesResponseType(typeof(ImprovementAction), 200, Description = ActionText.View + " Also evaluation (see the description).")]
    [ResponseHeader("ETag", "Send it back in If-Match to change the action.")]
    [ProblemResponses(401, 403, 404)]
    public static Task GetActionFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organisations/{orgId}/actions/{actionId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, GetAsync);

    [Function("UpdateAction")]
    [EndpointSummary("Change an improvement action (If-Match required)")]
    [EndpointDescription("Only the fields sent change; null clears an optional field. surveyId, itemId, promptingRoundId and unit cannot change. A status change is added to the history. A stale If-Match is 412 and nothing changes; no If-Match is 428.")]
    [Tags("Actions")]
    [HeaderParameter("If-Match", "The ETag from the last read.", Required = true)]
    [Consumes(typeof(UpdateActionRequest), "application/json")]
    [ProducesResponseType(typeof(ImprovementAction), 200, Description = ActionText.View)]
    [ResponseHeader("ETag", "Send it back in If-Match to change the action.")]
    [ProblemResponses(400, 401, 403, 404, 412, 428)]
    public static Task UpdateActionFunction([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/organisations/{orgId}/actions/{actionId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, UpdateAsync);

    [Function("AddActionNote")]
    [EndpointSummary("Add a dated note to an improvement action")]
    [EndpointDescription("date defaults to today in Norway; at most 100 notes of 2000 characters.")]
    [Tags("Actions")]
    [Consumes(typeof(ActionNoteRequest), "application/json")]
    [ProducesResponseType(typeof(ImprovementAction), 201, Description = ActionText.View)]
    [ResponseHeader("ETag", "Send it back in If-Match to change the action.")]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task AddActionNoteFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/organisations/{orgId}/actions/{actionId}/notes")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, AddNoteAsync);

    internal static async Task<IResult> CreateAsync(string orgId, HttpContext http, AccessPolicy access, ActionService actions, ActionStore store, CatalogStore catalog)
    {
        var ct = http.RequestAborted;
        var membership = await access.RequireOrganisationAsync(http, orgId);
        var caller = await access.CallerAsync(http);
        var body = await JsonBody.ReadObjectAsync(http.Request, MaxBodyBytes, ct);
        var fields = new RequestFields(body);
        var input = ActionInput.Read(body, fields);

        var unit = AccessPolicy.RequireUnit(membership, input.Unit.Value);
        if (unit is not null)
        {
            // Stored as the organisation spells it, so filters and unit checks agree.
            unit = (await catalog.GetOrganisationAsync(orgId, ct))?.Units.FirstOrDefault(u => string.Equals(u, unit, StringComparison.OrdinalIgnoreCase));
            if (unit is null) fields.Add("unit", "unknown-unit", "Enheten finnes ikke i organisasjonen.", "The unit is not part of the organisation.");
        }
        await actions.CheckLinksAsync(fields, orgId, input.SurveyId.Value, input.ItemId.Value, input.PromptingRoundId.Value, input.EvaluationRoundId.Value, ct);

        var now = actions.Now;
        var status = input.Status.Value ?? ActionStatus.Planned;
        var action = new ImprovementAction(ActionStore.NewId(), orgId, input.SurveyId.Value, input.ItemId.Value, input.PromptingRoundId.Value,
            input.Title.Value ?? "", input.Description.Value ?? "", input.OwnerName.Value, input.OwnerEmail.Value, input.DueDate.Value, status,
            input.EvaluationRoundId.Value, input.EvaluationDate.Value, input.EvaluationNote.Value, input.Origin.Value, input.Smart.Value ?? SmartChecklist.None,
            [], ActionRules.Created(status, ActionService.By(caller), now), unit, now, now);
        ThrowIfBroken(fields, action);

        var etag = await store.AddAsync(action, ct);
        SetETag(http, etag);
        return Results.Created($"/api/organisations/{orgId}/actions/{action.Id}", actions.ToJson(action));
    }

    internal static async Task<IResult> ListAsync(string orgId, string? status, string? surveyId, string? itemId, string? overdue, string? unit,
        HttpContext http, AccessPolicy access, ActionService actions)
    {
        var membership = await access.RequireOrganisationAsync(http, orgId);
        var fields = new RequestFields(new JsonObject());
        ActionStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (ActionService.TryParseStatus(status, out var s)) wanted = s;
            else fields.Add("status", "unknown-status", "Ukjent status. Bruk Planned, InProgress, Done eller Dropped.", "Unknown status. Use Planned, InProgress, Done or Dropped.");
        }
        bool? overdueOnly = overdue?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "true" or "1" => true,
            "false" or "0" => false,
            _ => Invalid(fields, "overdue", "«overdue» må være true eller false.", "'overdue' must be true or false."),
        };
        fields.ThrowIfAny();

        var today = actions.Today;
        var list = (await actions.ListVisibleAsync(orgId, membership, http.RequestAborted))
            .Where(a => wanted is null || a.Status == wanted)
            .Where(a => string.IsNullOrWhiteSpace(surveyId) || a.SurveyId == surveyId.Trim())
            .Where(a => string.IsNullOrWhiteSpace(itemId) || a.ItemId == itemId.Trim())
            .Where(a => string.IsNullOrWhiteSpace(unit) || string.Equals(a.Unit, unit.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(a => overdueOnly is null || a.IsOverdue(today) == overdueOnly)
            .ToList();
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new JsonObject
        {
            ["organisationId"] = orgId,
            ["today"] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["actions"] = new JsonArray(list.Select(a => (JsonNode)actions.ToJson(a)).ToArray()),
        });
    }

    private static bool? Invalid(RequestFields fields, string field, string nb, string en)
    {
        fields.Add(field, "wrong-type", nb, en);
        return null;
    }

    internal static async Task<IResult> GetAsync(string orgId, string actionId, HttpContext http, ActionService actions)
    {
        var found = await actions.RequireActionAsync(http, orgId, actionId, edit: false);
        var evaluation = await actions.EvaluationAsync(found.Action, http.RequestAborted);
        SetETag(http, found.ETag);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(actions.ToJson(found.Action, evaluation, withEvaluation: true));
    }

    internal static async Task<IResult> UpdateAsync(string orgId, string actionId, HttpContext http, ActionService actions, ActionStore store)
    {
        var ct = http.RequestAborted;
        var found = await actions.RequireActionAsync(http, orgId, actionId, edit: true);
        var ifMatch = http.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length == 0)
        {
            throw new ApiProblemException(StatusCodes.Status428PreconditionRequired, "If-Match mangler", "If-Match is missing",
                "Send ETag-en fra siste lesing av tiltaket i If-Match, så ingen endringer overskrives.",
                "Send the ETag from your last read of the action in If-Match, so no change is overwritten.");
        }
        if (ifMatch != found.ETag.ToString()) throw Stale();

        var body = await JsonBody.ReadObjectAsync(http.Request, MaxBodyBytes, ct);
        var fields = new RequestFields(body);
        var input = ActionInput.Read(body, fields);
        var a = found.Action;
        ReadOnly(fields, "surveyId", input.SurveyId, a.SurveyId);
        ReadOnly(fields, "itemId", input.ItemId, a.ItemId);
        ReadOnly(fields, "promptingRoundId", input.PromptingRoundId, a.PromptingRoundId);
        ReadOnly(fields, "unit", input.Unit, a.Unit);
        if (input.Title.Given && input.Title.Value is null && !fields.Errors.Any(e => e.Field == "title"))
            fields.Add("title", ErrorCodes.Required, "«title» kan ikke være tom.", "'title' cannot be empty.");
        if (input.Status.Given && input.Status.Value is null && !fields.Errors.Any(e => e.Field == "status"))
            fields.Add("status", ErrorCodes.Required, "«status» kan ikke være tom.", "'status' cannot be empty.");
        if (input.EvaluationRoundId.Given && input.EvaluationRoundId.Value is { } evaluationRound)
            await actions.CheckLinksAsync(fields, orgId, a.SurveyId, null, a.PromptingRoundId, evaluationRound, ct);

        var now = actions.Now;
        var changed = a with
        {
            Title = input.Title.Value ?? a.Title,
            Description = input.Description.Given ? input.Description.Value ?? "" : a.Description,
            OwnerName = input.OwnerName.Or(a.OwnerName),
            OwnerEmail = input.OwnerEmail.Or(a.OwnerEmail),
            DueDate = input.DueDate.Or(a.DueDate),
            EvaluationRoundId = input.EvaluationRoundId.Or(a.EvaluationRoundId),
            EvaluationDate = input.EvaluationDate.Or(a.EvaluationDate),
            EvaluationNote = input.EvaluationNote.Or(a.EvaluationNote),
            Origin = input.Origin.Or(a.Origin),
            Smart = input.Smart.Value ?? a.Smart,
            UpdatedAt = now,
        };
        if (input.Status.Value is { } status) changed = ActionRules.WithStatus(changed, status, ActionService.By(found.Caller), now);
        ThrowIfBroken(fields, changed);

        try
        {
            var etag = await store.ReplaceAsync(changed, found.ETag, ct);
            SetETag(http, etag);
            return Results.Json(actions.ToJson(changed));
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw Stale();
        }
    }

    internal static async Task<IResult> AddNoteAsync(string orgId, string actionId, HttpContext http, ActionService actions, ActionStore store)
    {
        var ct = http.RequestAborted;
        var found = await actions.RequireActionAsync(http, orgId, actionId, edit: true);
        var body = await JsonBody.ReadObjectAsync(http.Request, MaxBodyBytes, ct);
        var fields = new RequestFields(body);
        var text = fields.String("text", required: true, maxLength: ActionRules.NoteMaxLength);
        var date = ActionInput.ReadDate(body, fields, "date").Value ?? actions.Today;
        fields.ThrowIfAny();

        // Notes only append, so a note written at the same time as another change is retried on the fresh action.
        for (var attempt = 0; ; attempt++)
        {
            var changed = ActionRules.WithNote(found.Action, new ActionNote(date, text!, ActionService.By(found.Caller))) with { UpdatedAt = actions.Now };
            ThrowIfBroken(new RequestFields(body), changed);
            try
            {
                var etag = await store.ReplaceAsync(changed, found.ETag, ct);
                SetETag(http, etag);
                return Results.Created($"/api/organisations/{orgId}/actions/{actionId}", actions.ToJson(changed));
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 4)
            {
                found = await actions.RequireActionAsync(http, orgId, actionId, edit: true);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                throw Stale();
            }
        }
    }

    /// <summary>Field errors from the request and the model's rules, one per field, in one 400.</summary>
    private static void ThrowIfBroken(RequestFields fields, ImprovementAction action)
    {
        // A status that could not be read has no rules to break yet: only its own error is reported.
        var statusUnread = fields.Errors.Any(e => e.Field == "status");
        foreach (var error in ActionRules.Validate(action))
        {
            if (statusUnread && error.Code is ErrorCodes.RequiredWhenPlanned or ErrorCodes.RequiredWhenDone) continue;
            if (!fields.Errors.Any(e => e.Field == error.Field)) fields.Add(error);
        }
        fields.ThrowIfAny();
    }

    private static void ReadOnly(RequestFields fields, string name, Field<string> field, string? current)
    {
        if (field.Given && !string.Equals(field.Value, current, StringComparison.Ordinal))
            fields.Add(name, "read-only", $"«{name}» kan ikke endres; lag et nytt tiltak.", $"'{name}' cannot be changed; make a new action.");
    }

    private static ApiProblemException Stale() => new(StatusCodes.Status412PreconditionFailed,
        "Tiltaket er endret av noen andre", "The action was changed by someone else",
        "Ingenting ble lagret. Last inn tiltaket på nytt og gjør endringen igjen.", "Nothing was saved. Reload the action and make your change again.");

    private static void SetETag(HttpContext http, ETag etag) => http.Response.Headers.ETag = etag.ToString();
}

/// <summary>A field of a request body: whether it was given at all (PATCH), and its value (null clears it).</summary>
public readonly record struct Field<T>(bool Given, T? Value)
{
    public T? Or(T? current) => Given ? Value : current;
}

/// <summary>A field of a request body whose value is a struct.</summary>
public readonly record struct ValueField<T>(bool Given, T? Value) where T : struct
{
    public T? Or(T? current) => Given ? Value : current;
}

/// <summary>The fields of a create or update request, read and checked for type and length; the action's rules come after.</summary>
public sealed record ActionInput(
    Field<string> Title, Field<string> Description, Field<string> OwnerName, Field<string> OwnerEmail, ValueField<DateOnly> DueDate,
    ValueField<ActionStatus> Status, Field<string> EvaluationRoundId, ValueField<DateOnly> EvaluationDate, Field<string> EvaluationNote,
    ValueField<ActionOrigin> Origin, Field<SmartChecklist> Smart, Field<string> SurveyId, Field<string> ItemId, Field<string> PromptingRoundId, Field<string> Unit)
{
    public static ActionInput Read(JsonObject body, RequestFields fields)
    {
        Field<string> Text(string name, int max) => new(body.ContainsKey(name), fields.String(name, required: false, maxLength: max));
        return new ActionInput(
            Text("title", ActionRules.TitleMaxLength),
            Text("description", ActionRules.DescriptionMaxLength),
            Text("ownerName", ActionRules.OwnerNameMaxLength),
            Text("ownerEmail", ActionRules.OwnerEmailMaxLength),
            ReadDate(body, fields, "dueDate"),
            ReadEnum<ActionStatus>(body, fields, "status", ActionService.TryParseStatus, "Planned, InProgress, Done, Dropped"),
            Text("evaluationRoundId", 100),
            ReadDate(body, fields, "evaluationDate"),
            Text("evaluationNote", ActionRules.EvaluationNoteMaxLength),
            ReadEnum<ActionOrigin>(body, fields, "origin", ActionService.TryParseOrigin, "LeadershipGroup, WorkEnvironmentCommittee, OccupationalHealthService, UserForum"),
            ReadSmart(body, fields),
            Text("surveyId", 100),
            Text("itemId", 100),
            Text("promptingRoundId", 100),
            Text("unit", 100));
    }

    public static ValueField<DateOnly> ReadDate(JsonObject body, RequestFields fields, string name)
    {
        if (!body.ContainsKey(name)) return new(false, null);
        var node = body[name];
        if (node is null) return new(true, null);
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>().Trim();
            if (text.Length == 0) return new(true, null);
            if (ActionService.TryParseDate(text, out var date))
            {
                if (date >= RequestFields.MinDate && date <= RequestFields.MaxDate) return new(true, date);
                // Dates near the ends of the calendar break the reminders' arithmetic (a due date plus 14 days).
                fields.Add(name, "out-of-range", $"«{name}» må være en dato fra {RequestFields.MinDate:yyyy-MM-dd} til {RequestFields.MaxDate:yyyy-MM-dd}.",
                    $"'{name}' must be a date from {RequestFields.MinDate:yyyy-MM-dd} to {RequestFields.MaxDate:yyyy-MM-dd}.");
                return new(true, null);
            }
        }
        fields.Add(name, "wrong-type", $"«{name}» må være en dato (ÅÅÅÅ-MM-DD).", $"'{name}' must be a date (YYYY-MM-DD).");
        return new(true, null);
    }

    private delegate bool Parser<T>(string? text, out T value);

    private static ValueField<T> ReadEnum<T>(JsonObject body, RequestFields fields, string name, Parser<T> parse, string allowed) where T : struct
    {
        if (!body.ContainsKey(name)) return new(false, null);
        var node = body[name];
        if (node is null) return new(true, null);
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            if (text.Trim().Length == 0) return new(true, null);
            if (parse(text, out var value)) return new(true, value);
        }
        fields.Add(name, "unknown-value", $"«{name}» må være en av {allowed}.", $"'{name}' must be one of {allowed}.");
        return new(true, null);
    }

    private static Field<SmartChecklist> ReadSmart(JsonObject body, RequestFields fields)
    {
        if (!body.ContainsKey("smart")) return new(false, null);
        if (body["smart"] is not JsonObject smart)
        {
            if (body["smart"] is not null) fields.Add("smart", "wrong-type", "«smart» må være et objekt.", "'smart' must be an object.");
            return new(true, null);
        }
        bool Flag(string name)
        {
            var node = smart[name];
            if (node is null) return false;
            if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
            fields.Add($"smart.{name}", "wrong-type", $"«smart.{name}» må være true eller false.", $"'smart.{name}' must be true or false.");
            return false;
        }
        return new(true, new SmartChecklist(Flag("specific"), Flag("measurable"), Flag("attractive"), Flag("realistic"), Flag("timeBound"), Flag("evaluated")));
    }
}
