using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace Surveys.Functions.Kiosk;

// One response as ResponseIntake.ReadSubmission reads it, and the receipt the kiosk and paper entry answer with.

internal static class SubmissionText
{
    public const string ResponseId = "Made by the client; a random version-4 GUID. The same id with the same answers is stored once.";
    public const string Answers = "Item id → the scale position 1..k, the non-scale code 9, free text (a text item), or null (skipped).";
}

public sealed record Submission(
    [Description(SubmissionText.ResponseId)] Guid ResponseId,
    [Description(SubmissionText.Answers)] IReadOnlyDictionary<string, JsonNode?> Answers,
    [AllowedValues("nb", "en"), DefaultValue("nb")] string? Language = null);

public sealed record ResponseReceipt(Guid ResponseId, [AllowedValues("received", "already-received")] string Status);

/// <summary>The kiosk's survey (KioskApi.KioskSurvey): every text in every language, options in scale order.</summary>
[Description("title, organisation, round, languages, items [{id, shortCode, kind, scaleId, required, text {nb, en}, easyRead, options [{value, label, easyRead}], nonScale {value, label}, maxTextLength}], kiosk (settings).")]
public sealed record KioskSurveyView;
