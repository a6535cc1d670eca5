// Not «…Setup.Surveys»: inside a namespace of that name, «Surveys.Model» would be looked up under it.
namespace Surveys.Pages.Setup.SurveySetup;

/// <summary>
/// The survey set-up page (<c>/leder/undersokelser/{surveyId}</c>): the survey, its rounds in the order the results
/// compare them, a form that adds a round (<c>POST /api/surveys/{id}/rounds</c>), closing and reopening a round
/// (<c>PATCH /api/rounds/{id}</c>), and which two rounds the results compare by default.
/// </summary>
/// <param name="InstrumentName">The built-in instrument's name (bokmål, English), or null for a custom survey.</param>
/// <param name="Unit">The unit the survey is run in, or null for the whole organisation.</param>
/// <param name="Rounds">In the order the results compare them: by opening date, then label.</param>
/// <param name="Continuous">True when new rounds should default to continuous (the exit survey).</param>
public sealed record SurveySetupModel(
    string SurveyId,
    string Title,
    string OrganisationName,
    (string Nb, string En)? InstrumentName,
    string? Unit,
    IReadOnlyList<SurveySetupModel.Question> Questions,
    IReadOnlyList<SurveySetupModel.RoundRow> Rounds,
    bool Continuous)
{
    /// <summary>The round whose closing date and number invited are being changed (<c>?runde=</c>); its form then
    /// takes the place of the add-round form (each form's message slots have fixed ids, so one form at a time).</summary>
    public RoundRow? EditRound { get; init; }

    /// <summary>The state of a round now.</summary>
    public enum RoundState { NotYetOpen, Open, Closed }

    /// <param name="Opens">In Norwegian time; null: open from the start.</param>
    /// <param name="Closes">In Norwegian time; null: open until closed.</param>
    public sealed record RoundRow(string Id, string Label, DateTimeOffset? Opens, DateTimeOffset? Closes, int? Invited, bool Continuous, RoundState State);

    /// <param name="Text">The survey's current wording in bokmål, with the organisation's name filled in.</param>
    /// <param name="TextEn">The same in English, when there is one.</param>
    /// <param name="Edited">True when the organisation changed the template's wording (a later text revision).</param>
    public sealed record Question(string Id, string Text, string? TextEn, bool Edited);

    /// <summary>The two rounds the results page compares when not asked for others: the last two to open
    /// (the same rule as <c>GET /api/surveys/{id}/comparison</c>); null with fewer than two rounds.</summary>
    public (RoundRow Before, RoundRow After)? DefaultPair => Rounds.Count >= 2 ? (Rounds[^2], Rounds[^1]) : null;
}
