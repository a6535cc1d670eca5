using Surveys.Pages.Shared;

namespace Surveys.Pages.Home;

/// <summary>
/// <c>/leder</c>: "how is it going?" per survey of each organisation the member leads: the open round's answers against
/// those invited and the days left, the last comparison's headline, the 0–100 index with the year before, overdue
/// actions and the next step. Every figure here is one the rules allow out: results below the minimum group size never
/// reach this model.
/// </summary>
public sealed record LeaderHomeModel(string Email, bool IsPartnerUser, IReadOnlyList<LeaderHomeModel.Organisation> Organisations)
{
    /// <param name="Units">The units the member is limited to, or null for all.</param>
    public sealed record Organisation(string Id, string Name, bool IsAdmin, IReadOnlyList<string>? Units, IReadOnlyList<SurveyCard> Surveys);

    public sealed record SurveyCard(string Id, string Title, NextStep Next, OpenRound? Open, Headline? LastChange, Score? Score,
        int OverdueActions, IReadOnlyList<RoundRow> Rounds);

    /// <param name="DaysLeft">Whole days until it closes (0 = closes today), or null when it has no closing date.</param>
    public sealed record OpenRound(string Id, string Label, int Answers, int? Invited, int? DaysLeft);

    /// <summary>
    /// The default before/after comparison in a line: how many items rose, fell or held, and the biggest change.
    /// <paramref name="TooFew"/>: no item could be shown (a round below the minimum group size), so nothing else is given.
    /// </summary>
    public sealed record Headline(string BeforeLabel, string AfterLabel, bool TooFew, int Rose, int Fell, int Held, int TooFewToSay, Change? Biggest);

    /// <param name="Rose">True when the item increased, false when it decreased.</param>
    public sealed record Change(LocalText Item, bool Rose);

    /// <summary>
    /// The 0–100 index of the newest round with answers. <paramref name="Points"/> is null when that round is below the
    /// minimum group size (then nothing else is shown); <paramref name="Report"/> is the annual-report sentence.
    /// </summary>
    public sealed record Score(string RoundLabel, int? Points, string DefinitionId, int? YearBeforePoints, int? YearBefore, LocalText? Report);

    /// <param name="Answers">The people who answered the round.</param>
    /// <param name="Points">The round's 0–100 index; null below the minimum group size or with no answers.</param>
    public sealed record RoundRow(string Id, string Label, DateTimeOffset? Opens, DateTimeOffset? Closes, int? Invited, int Answers, int? Points);

    /// <summary>What to do next with the survey, and where.</summary>
    public sealed record NextStep(NextStepKind Kind, string Href, string? Subject);
}

/// <summary>The next step a survey card suggests, most pressing first.</summary>
public enum NextStepKind
{
    /// <summary>An action's evaluation date has come: evaluate it (subject: the action's title).</summary>
    EvaluateAction,

    /// <summary>Actions are overdue: follow them up.</summary>
    FollowUpOverdue,

    /// <summary>A round is open and not everyone invited has answered: enter paper forms (subject: the round).</summary>
    EnterPaper,

    /// <summary>Two rounds have answers: read the results.</summary>
    ReadResults,

    /// <summary>No round is open: plan the next one.</summary>
    PlanRound,
}
