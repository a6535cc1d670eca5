using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Surveys.Model;

namespace Surveys.Functions.Actions;

// The JSON bodies and query of ActionsApi, as ActionInput and the handlers read them. Responses are the stored
// ImprovementAction as ActionService.ToJson writes it (plus labels), so they are documented by that type itself.

internal static class ActionText
{
    public const string Status = "«Planlagt», «Pågår», «Fullført», «Avbrutt». Case-insensitive on input.";
    public const string Origin = "«Ledergruppen», «AMU», «Bedriftshelsetjenesten», «Brukerforum».";
    public const string View = "The action as stored, plus statusLabel and originLabel {nb, en} and overdue (against today's date in Norway).";
}

public sealed record CreateActionRequest(
    [MaxLength(ActionRules.TitleMaxLength)] string Title,
    [MaxLength(ActionRules.DescriptionMaxLength)] string? Description = null,
    [Description("Required while the status is Planned."), MaxLength(ActionRules.OwnerNameMaxLength)] string? OwnerName = null,
    [EmailAddress, MaxLength(ActionRules.OwnerEmailMaxLength)] string? OwnerEmail = null,
    [Description("Required while the status is Planned.")] DateOnly? DueDate = null,
    [Description(ActionText.Status), AllowedValues("Planned", "InProgress", "Done", "Dropped"), DefaultValue("Planned")] string? Status = null,
    [Description(ActionText.Origin), AllowedValues("LeadershipGroup", "WorkEnvironmentCommittee", "OccupationalHealthService", "UserForum")] string? Origin = null,
    [Description("The round that measures the effect; must come after the prompting round.")] string? EvaluationRoundId = null,
    [Description("Required for Done.")] DateOnly? EvaluationDate = null,
    [Description("Required for Done."), MaxLength(ActionRules.EvaluationNoteMaxLength)] string? EvaluationNote = null,
    [Description("The SMART checklist (users.md L-04).")] SmartChecklistRequest? Smart = null,
    [Description("The survey of the organisation the action is about.")] string? SurveyId = null,
    [Description("An item of that survey.")] string? ItemId = null,
    [Description("A round of that survey whose result prompted the action.")] string? PromptingRoundId = null,
    [Description("Required for a leader limited to some units: one of theirs.")] string? Unit = null);

/// <summary>Only the fields sent change; null clears an optional one. The survey, item, prompting round and unit cannot change.</summary>
public sealed record UpdateActionRequest(
    [MaxLength(ActionRules.TitleMaxLength)] string? Title = null,
    [MaxLength(ActionRules.DescriptionMaxLength)] string? Description = null,
    [Description("Required while the status is Planned."), MaxLength(ActionRules.OwnerNameMaxLength)] string? OwnerName = null,
    [EmailAddress, MaxLength(ActionRules.OwnerEmailMaxLength)] string? OwnerEmail = null,
    [Description("Required while the status is Planned.")] DateOnly? DueDate = null,
    [Description(ActionText.Status), AllowedValues("Planned", "InProgress", "Done", "Dropped")] string? Status = null,
    [Description(ActionText.Origin), AllowedValues("LeadershipGroup", "WorkEnvironmentCommittee", "OccupationalHealthService", "UserForum")] string? Origin = null,
    [Description("The round that measures the effect; must come after the prompting round.")] string? EvaluationRoundId = null,
    [Description("Required for Done.")] DateOnly? EvaluationDate = null,
    [Description("Required for Done."), MaxLength(ActionRules.EvaluationNoteMaxLength)] string? EvaluationNote = null,
    [Description("The SMART checklist (users.md L-04).")] SmartChecklistRequest? Smart = null);

/// <summary>Each flag defaults to false.</summary>
public sealed record SmartChecklistRequest(
    bool? Specific = null, bool? Measurable = null, bool? Attractive = null, bool? Realistic = null, bool? TimeBound = null, bool? Evaluated = null);

public sealed record ActionNoteRequest(
    [MaxLength(ActionRules.NoteMaxLength)] string Text,
    [Description("Defaults to today in Norway.")] DateOnly? Date = null);

/// <summary>The filters of <c>GET …/actions</c>.</summary>
public sealed record ActionsQuery(
    [Description(ActionText.Status), AllowedValues("Planned", "InProgress", "Done", "Dropped")] string? Status = null,
    string? SurveyId = null,
    string? ItemId = null,
    [Description("Only overdue actions (true) or only the others (false).")] bool? Overdue = null,
    string? Unit = null);

public sealed record ActionList(string OrganisationId, [Description("Today in Norway, the day overdue is measured against.")] DateOnly Today, IReadOnlyList<ImprovementAction> Actions);
