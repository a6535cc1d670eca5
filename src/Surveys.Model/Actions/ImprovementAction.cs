using System.Text.Json.Serialization;

namespace Surveys.Model;

/// <summary>Where an improvement action stands (users.md L-03).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionStatus>))]
public enum ActionStatus
{
    /// <summary>«Planlagt».</summary>
    Planned,

    /// <summary>«Pågår».</summary>
    InProgress,

    /// <summary>«Fullført».</summary>
    Done,

    /// <summary>«Avbrutt».</summary>
    Dropped,
}

/// <summary>Who proposed the action (users.md L-03).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionOrigin>))]
public enum ActionOrigin
{
    /// <summary>«Ledergruppen».</summary>
    LeadershipGroup,

    /// <summary>«AMU» (the work-environment committee).</summary>
    WorkEnvironmentCommittee,

    /// <summary>«Bedriftshelsetjenesten».</summary>
    OccupationalHealthService,

    /// <summary>«Brukerforum».</summary>
    UserForum,
}

/// <summary>A dated note on an action («notat»). <see cref="Author"/> is the signed-in member's name or e-mail.</summary>
public sealed record ActionNote(DateOnly Date, string Text, string? Author);

/// <summary>One status change in the action's history (<see cref="From"/> is null when the action was created).</summary>
public sealed record ActionStatusChange(DateTimeOffset At, ActionStatus? From, ActionStatus To, string? By);

/// <summary>The SMART checklist in the form used in the sector (users.md L-04).</summary>
public sealed record SmartChecklist(bool Specific, bool Measurable, bool Attractive, bool Realistic, bool TimeBound, bool Evaluated)
{
    public static readonly SmartChecklist None = new(false, false, false, false, false, false);
}

/// <summary>
/// An improvement action («forbedringstiltak», users.md L-03/L-04): linked to a survey item and the
/// round whose result prompted it (or to nothing, when made from scratch), with an owner, a due date,
/// a status and its history, and the round that will measure whether it helped.
/// </summary>
/// <param name="Id">Random id (<c>act-…</c>).</param>
/// <param name="OrganisationId">The organisation the action belongs to.</param>
/// <param name="SurveyId">The survey the item belongs to; null for an action made from scratch.</param>
/// <param name="ItemId">The item (stable id, so the link survives edited wording); null when not about one item.</param>
/// <param name="PromptingRoundId">The round whose result prompted the action.</param>
/// <param name="Title">Short title, shown in lists and digests.</param>
/// <param name="Description">What will be done.</param>
/// <param name="OwnerName">The owner's name or role («Avdelingsleder VTA, Kari»).</param>
/// <param name="OwnerEmail">The owner's address, for the digest; optional.</param>
/// <param name="DueDate">The deadline (the organisation's local date).</param>
/// <param name="Status">Where it stands; every change is in <paramref name="History"/>.</param>
/// <param name="EvaluationRoundId">The round that measures the action's effect (compared with <paramref name="PromptingRoundId"/>).</param>
/// <param name="EvaluationDate">When the effect will be evaluated.</param>
/// <param name="EvaluationNote">What the evaluation found (required before «Fullført»).</param>
/// <param name="Origin">Who proposed it.</param>
/// <param name="Smart">The SMART checklist.</param>
/// <param name="Notes">Dated notes, oldest first.</param>
/// <param name="History">Status changes, oldest first.</param>
/// <param name="Unit">The unit the action is for, when a leader limited to some units made it.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record ImprovementAction(
    string Id,
    string OrganisationId,
    string? SurveyId,
    string? ItemId,
    string? PromptingRoundId,
    string Title,
    string Description,
    string? OwnerName,
    string? OwnerEmail,
    DateOnly? DueDate,
    ActionStatus Status,
    string? EvaluationRoundId,
    DateOnly? EvaluationDate,
    string? EvaluationNote,
    ActionOrigin? Origin,
    SmartChecklist Smart,
    IReadOnlyList<ActionNote> Notes,
    IReadOnlyList<ActionStatusChange> History,
    string? Unit,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Overdue: not done or dropped, and the due date has passed (in the organisation's local date).</summary>
    public bool IsOverdue(DateOnly today) => Status is ActionStatus.Planned or ActionStatus.InProgress && DueDate is { } due && due < today;

    /// <summary>Open: planned or in progress.</summary>
    public bool IsOpen => Status is ActionStatus.Planned or ActionStatus.InProgress;
}
