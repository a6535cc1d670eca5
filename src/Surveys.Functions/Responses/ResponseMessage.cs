using System.Text.Json;
using System.Text.Json.Serialization;

namespace Surveys.Functions.Responses;

/// <summary>The <c>responses</c> queue message: which stored response to fold. It carries ids only;
/// the answers stay in table storage.</summary>
public sealed record ResponseMessage(
    [property: JsonPropertyName("organisationId")] string OrganisationId,
    [property: JsonPropertyName("surveyId")] string SurveyId,
    [property: JsonPropertyName("roundId")] string RoundId,
    [property: JsonPropertyName("responseId")] Guid ResponseId)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <exception cref="FormatException">The text is not a response message.</exception>
    public static ResponseMessage Parse(string text)
    {
        try
        {
            var m = JsonSerializer.Deserialize<ResponseMessage>(text);
            return m is { OrganisationId: { Length: > 0 }, SurveyId: { Length: > 0 }, RoundId: { Length: > 0 } } && m.ResponseId != Guid.Empty
                ? m
                : throw new FormatException("The message lacks organisationId, surveyId, roundId or responseId.");
        }
        catch (JsonException e)
        {
            throw new FormatException("The message is not a response message: " + e.Message, e);
        }
    }
}
