using Surveys.Model;

namespace Surveys.Pages.Actions;

/// <summary><c>/leder/tiltak/{orgId}/{actionId}</c>: one action, its form, its result, notes and history.</summary>
/// <param name="Overdue">Open and past its due date.</param>
/// <param name="Source">The survey, item and round it comes from, if any.</param>
/// <param name="CanEdit">The leader may change it (otherwise the form is shown disabled, without notes to add).</param>
/// <param name="Evaluation">Its result, for an action linked to an item and a round; null otherwise.</param>
/// <param name="CanAddNote">The leader may add a note, and the action has room for one more.</param>
public sealed record ActionModel(
    string OrganisationId,
    string Id,
    string Title,
    ActionStatus Status,
    DateOnly? DueDate,
    bool Overdue,
    ActionModel.Origin? Source,
    bool CanEdit,
    ActionModel.Result? Evaluation,
    ActionFormModel Form,
    IReadOnlyList<ActionNote> Notes,
    bool CanAddNote,
    IReadOnlyList<ActionModel.Change> History)
{
    /// <param name="ItemText">The item's text in the page's language, if the item is still in the survey.</param>
    public sealed record Origin(string SurveyTitle, string? ShortCode, string? ItemText, string? PromptingRoundLabel);

    /// <summary>
    /// The change of the action's item from the round that prompted it to the round that measures it. When it cannot
    /// be shown yet (no later round, no answers, not compared), it is not <paramref name="Available"/> and <paramref name="Message"/> says why.
    /// </summary>
    public sealed record Result(bool Available, string? PromptingRound, string? EvaluationRound, Shared.LocalText? Message, Shared.LocalText? Verdict,
        Shared.LocalText? VerdictDetail, ItemFigures? Before, ItemFigures? After);

    /// <param name="At">When, in Norwegian time.</param>
    /// <param name="From">The status before; null when the action was created.</param>
    public sealed record Change(DateTimeOffset At, string? By, ActionStatus? From, ActionStatus To);
}
