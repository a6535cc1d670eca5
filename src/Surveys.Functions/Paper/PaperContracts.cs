using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Surveys.Functions.Kiosk;

namespace Surveys.Functions.Paper;

/// <summary>One typed-in paper form: a <see cref="Submission"/> and the unit it came from.</summary>
public sealed record PaperSubmission(
    [Description(SubmissionText.ResponseId)] Guid ResponseId,
    [Description(SubmissionText.Answers)] IReadOnlyDictionary<string, JsonNode?> Answers,
    [AllowedValues("nb", "en"), DefaultValue("nb")] string? Language = null,
    [Description("The unit of the form; one of the leader's when they are limited to some."), MaxLength(100)] string? Unit = null);

public sealed record ImportResult(
    [Description("Rows stored now.")] int Imported,
    [Description("Rows an earlier import of the same table stored.")] int AlreadyImported,
    int Rows);
