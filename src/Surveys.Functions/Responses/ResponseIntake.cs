using System.Text.Json;
using System.Text.Json.Nodes;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Kiosk;
using Surveys.Model;

namespace Surveys.Functions.Responses;

/// <summary>The result of a submission.</summary>
public sealed record SubmissionReceipt(Guid ResponseId, bool AlreadyReceived);

/// <summary>
/// Takes in one response: validates it against the round's survey, stores it once under the
/// client's response id, and queues it for folding. A retried submission (same id, same answers)
/// is accepted again and re-queued, which is safe because folding counts a response once; this
/// also heals a first attempt that stored the response but failed to queue it.
/// </summary>
public sealed class ResponseIntake(CatalogStore catalog, ResponseStore responses, ResponseQueue queue, TimeProvider time)
{
    public Task<SubmissionReceipt> SubmitAsync(KioskLink link, JsonObject body, EntryMode mode, CancellationToken ct) =>
        SubmitAsync(link.OrganisationId, link.SurveyId, link.RoundId, unit: link.Unit, body, mode, ct);

    /// <summary>Takes in one response to a round: validated, stored once (with the unit when given), queued.</summary>
    public async Task<SubmissionReceipt> SubmitAsync(
        string organisationId, string surveyId, string roundId, string? unit, JsonObject body, EntryMode mode, CancellationToken ct)
    {
        var (survey, round) = await LoadAsync(organisationId, surveyId, roundId, ct);
        var response = Validate(survey, round, ReadSubmission(body, mode));
        var outcome = await StoreAsync(organisationId, response, unit, ct);
        await QueueAsync(organisationId, response, ct);
        return new SubmissionReceipt(response.Id, outcome == StoreOutcome.AlreadyStored);
    }

    /// <summary>The round's survey as the domain sees it, and the round; 404 when either is gone. Both come from this
    /// instance's cache (<see cref="CatalogCache"/>): in steady state a submit reads nothing before its insert.</summary>
    public async Task<(Survey Survey, Round Round)> LoadAsync(string organisationId, string surveyId, string roundId, CancellationToken ct)
    {
        var survey = await catalog.LoadSurveyCachedAsync(organisationId, surveyId, ct)
            ?? throw ApiProblemException.NotFound("undersøkelsen", "The survey");
        var round = await catalog.GetRoundCachedAsync(surveyId, roundId, ct)
            ?? throw ApiProblemException.NotFound("runden", "The round");
        return (survey, round);
    }

    /// <summary>The survey's own validation, now, with periods in Norwegian time.</summary>
    /// <exception cref="SurveyValidationException">Every problem at once.</exception>
    public Response Validate(Survey survey, Round round, ResponseSubmission submission) =>
        survey.Validate(submission, round, time.GetUtcNow(), NorwegianTime.Zone);

    /// <summary>Whether the round takes answers now.</summary>
    public bool IsOpen(Round round) => round.IsOpenAt(time.GetUtcNow());

    /// <summary>Stores a validated response once; the same id with other answers is a 409.</summary>
    public async Task<StoreOutcome> StoreAsync(string organisationId, Response response, string? unit, CancellationToken ct)
    {
        try
        {
            return await responses.StoreAsync(StoredResponse.From(organisationId, response, unit), ct);
        }
        catch (ResponseIdConflictException)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict,
                "Svar-ID-en er allerede brukt", "The response id is already used",
                "Et svar med denne ID-en er allerede mottatt med andre svar. Lag en ny ID for et nytt svar.",
                "A response with this id was already received with different answers. Use a new id for a new response.");
        }
    }

    /// <summary>Stores validated responses of one round once each (see <see cref="ResponseStore.StoreAllAsync"/>);
    /// an id already used for other answers is a 409 and nothing is written.</summary>
    public async Task<IReadOnlyList<StoreOutcome>> StoreAllAsync(string organisationId, IReadOnlyList<(Response Response, string? Unit)> batch, CancellationToken ct)
    {
        try
        {
            return await responses.StoreAllAsync(batch.Select(b => StoredResponse.From(organisationId, b.Response, b.Unit)).ToList(), ct);
        }
        catch (ResponseIdConflictException)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict,
                "Svar-ID-en er allerede brukt", "The response id is already used",
                "Noen av svarene er allerede mottatt med andre svar under samme ID. Ingenting ble lagret.",
                "Some responses were already received with different answers under the same id. Nothing was stored.");
        }
    }

    /// <summary>Queues a stored response for folding (safe to repeat: folding counts a response once).</summary>
    public Task QueueAsync(string organisationId, Response response, CancellationToken ct) =>
        queue.SendAsync(ResponseMessage.For(StoredResponse.From(organisationId, response)), ct);

    /// <summary>Periods (ISO weeks) are counted in Norwegian time, where the answers are given.</summary>

    /// <summary>Maps the JSON body <c>{responseId, answers: {itemId: value}, language}</c> onto a submission,
    /// keeping wrong JSON types visible so the domain can name them.</summary>
    public static ResponseSubmission ReadSubmission(JsonObject body, EntryMode mode)
    {
        var errors = new List<ValidationError>();
        var responseId = Guid.Empty;
        if (body["responseId"] is JsonValue idValue && idValue.TryGetValue(out string? idText) && Guid.TryParse(idText, out var parsed))
            responseId = parsed;
        else
            errors.Add(new ValidationError("responseId", "wrong-type", new LocalizedText(
                "responseId må være en GUID laget av klienten.", "responseId must be a GUID made by the client.")));

        var answers = new Dictionary<string, AnswerInput>(StringComparer.Ordinal);
        switch (body["answers"])
        {
            case JsonObject map:
                foreach (var (itemId, value) in map)
                    answers[itemId] = ToInput(value);
                break;
            default:
                errors.Add(new ValidationError("answers", "wrong-type", new LocalizedText(
                    "answers må være et objekt med svar per spørsmål.", "answers must be an object with one answer per item.")));
                break;
        }

        string? language = null;
        if (body["language"] is { } languageNode)
        {
            if (languageNode is JsonValue lv && lv.TryGetValue(out string? code)) language = code;
            else errors.Add(new ValidationError("language", "wrong-type", new LocalizedText(
                "language må være en språkkode, for eksempel «nb».", "language must be a language code such as \"nb\".")));
        }

        if (errors.Count > 0) throw new SurveyValidationException(errors);
        return new ResponseSubmission(responseId, answers, language, mode);
    }

    private static AnswerInput ToInput(JsonNode? value) => value switch
    {
        null => AnswerInput.Skipped,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => AnswerInput.Text(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i) => AnswerInput.Number(i),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => AnswerInput.Invalid("fraction"),
        JsonValue v => AnswerInput.Invalid(v.GetValueKind().ToString().ToLowerInvariant()),
        JsonArray => AnswerInput.Invalid("array"),
        _ => AnswerInput.Invalid("object"),
    };
}
