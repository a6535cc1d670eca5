using Surveys.Model;

namespace Surveys.Pages.Actions;

/// <summary>A round to choose in a list: its id and label.</summary>
public sealed record RoundOption(string Id, string Label);

/// <summary>
/// The action form (<see cref="ActionForm"/>): where it sends the action (POST to create, PATCH with the ETag to
/// change), the values it shows, and what can be chosen.
/// </summary>
/// <param name="PagePath">The page the form is on: its action, so that without script a submit only opens the page again
/// (the renderer needs an explicit action on every form).</param>
/// <param name="Hidden">Fields sent as they are (the survey, item and round a new action comes from).</param>
/// <param name="Rounds">The rounds that can measure the effect: those after the round that prompted the action.</param>
/// <param name="Units">The units to choose from; none: no unit field.</param>
/// <param name="UnitRequired">A leader limited to units must pick one of them.</param>
/// <param name="ReadOnly">Shown, but not to be changed by this leader.</param>
public sealed record ActionFormModel(
    string Method,
    string Url,
    string? ETag,
    string OrganisationId,
    string PagePath,
    ActionFormModel.Values Fields,
    IReadOnlyList<KeyValuePair<string, string>> Hidden,
    IReadOnlyList<RoundOption> Rounds,
    IReadOnlyList<string> Units,
    bool UnitRequired,
    bool ReadOnly = false)
{
    /// <summary>A new action (POST); otherwise a change to a saved one (PATCH).</summary>
    public bool IsNew => Method == "POST";

    public sealed record Values(string? Title, string? Description, string? OwnerName, string? OwnerEmail, DateOnly? DueDate,
        ActionStatus Status, ActionOrigin? Origin, string? EvaluationRoundId, DateOnly? EvaluationDate, string? EvaluationNote, SmartChecklist Smart)
    {
        /// <summary>A new action: «Planlagt», nothing ticked, the title prefilled (from the item) or empty.</summary>
        public static Values New(string? title) =>
            new(title, null, null, null, null, ActionStatus.Planned, null, null, null, null, SmartChecklist.None);

        public static Values Of(ImprovementAction a) =>
            new(a.Title, a.Description, a.OwnerName, a.OwnerEmail, a.DueDate, a.Status, a.Origin, a.EvaluationRoundId, a.EvaluationDate, a.EvaluationNote, a.Smart);
    }
}
