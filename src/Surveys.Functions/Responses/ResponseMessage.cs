using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Surveys.Functions.Responses;

/// <summary>
/// The <c>responses</c> queue message: which stored response to fold and, normally, the stored response's own
/// answers, so the fold needs no read of the table (ADR 15). A message is sent only after its response is stored,
/// with exactly the answers stored (a resubmission with other answers is a 409 and sends nothing), so the carried
/// answers are the stored ones. Without them (the sweep's messages, messages queued before this change, a response too
/// large to carry) the fold reads the stored response. The answers are what the table holds anyway: no name, address,
/// device or time.
/// </summary>
public sealed record ResponseMessage(
    [property: JsonPropertyName("organisationId")] string OrganisationId,
    [property: JsonPropertyName("surveyId")] string SurveyId,
    [property: JsonPropertyName("roundId")] string RoundId,
    [property: JsonPropertyName("responseId")] Guid ResponseId,
    [property: JsonPropertyName("stored"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CarriedResponse? Stored = null)
{
    /// <summary>Largest message (UTF-8 bytes, before base64) that carries its answers: well inside the queue's 64 KB
    /// after base64 (4/3), with room for the ids. A larger response is sent as ids only and read by the fold.</summary>
    public const int MaxCarriedBytes = 16 * 1024;

    /// <summary>The message for a response just stored as <paramref name="stored"/>: with its answers when they fit.</summary>
    public static ResponseMessage For(StoredResponse stored)
    {
        var ids = new ResponseMessage(stored.OrganisationId, stored.SurveyId, stored.RoundId, stored.ResponseId);
        var carrying = ids with { Stored = new CarriedResponse(stored.Language, stored.EntryMode, stored.Period, stored.AnswersJson, stored.VersionsJson) };
        return Encoding.UTF8.GetByteCount(carrying.ToJson()) <= MaxCarriedBytes ? carrying : ids;
    }

    /// <summary>The response as stored, when the message carries it; otherwise null (read it from the table).</summary>
    public StoredResponse? ToStoredResponse() => Stored is { } s
        ? new StoredResponse(RoundId, ResponseId, OrganisationId, SurveyId, s.Language, s.EntryMode, s.Period, s.AnswersJson, s.VersionsJson)
        : null;

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <exception cref="FormatException">The text is not a response message.</exception>
    public static ResponseMessage Parse(string text)
    {
        try
        {
            var m = JsonSerializer.Deserialize<ResponseMessage>(text);
            return m is { OrganisationId: { Length: > 0 }, SurveyId: { Length: > 0 }, RoundId: { Length: > 0 } } && m.ResponseId != Guid.Empty
                && (m.Stored is null || m.Stored is { Language.Length: > 0, EntryMode.Length: > 0, Period.Length: > 0, AnswersJson.Length: > 0, VersionsJson.Length: > 0 })
                ? m
                : throw new FormatException("The message lacks organisationId, surveyId, roundId or responseId, or carries an incomplete response.");
        }
        catch (JsonException e)
        {
            throw new FormatException("The message is not a response message: " + e.Message, e);
        }
    }
}

/// <summary>What a <see cref="ResponseMessage"/> carries of its stored response: the columns the fold needs, as stored.</summary>
public sealed record CarriedResponse(
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("entryMode")] string EntryMode,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("answers")] string AnswersJson,
    [property: JsonPropertyName("versions")] string VersionsJson);
