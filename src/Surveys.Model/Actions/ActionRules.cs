namespace Surveys.Model;

/// <summary>
/// The rules an improvement action must keep (users.md L-03/L-04), checked before it is stored and
/// whenever it changes: lengths that keep one action well inside one table entity (&lt; 1 MiB), an
/// owner and a deadline before it can be «Planlagt», an evaluation date and note before «Fullført»,
/// and every status change recorded in the history.
/// </summary>
public static class ActionRules
{
    /// <summary>Longest title.</summary>
    public const int TitleMaxLength = 200;

    /// <summary>Longest description.</summary>
    public const int DescriptionMaxLength = 4000;

    /// <summary>Longest owner name or role.</summary>
    public const int OwnerNameMaxLength = 200;

    /// <summary>Longest owner e-mail address.</summary>
    public const int OwnerEmailMaxLength = 254;

    /// <summary>Longest evaluation note.</summary>
    public const int EvaluationNoteMaxLength = 4000;

    /// <summary>Longest note.</summary>
    public const int NoteMaxLength = 2000;

    /// <summary>Most notes on one action: 100 × 2000 characters is at most 400 KB stored (UTF-16), well inside an entity.</summary>
    public const int MaxNotes = 100;

    /// <summary>Most status changes on one action (each is ~100 bytes; a real action has a handful).</summary>
    public const int MaxHistory = 200;

    /// <summary>Every broken rule of the action, in field order; empty when it may be stored.</summary>
    public static IReadOnlyList<ValidationError> Validate(ImprovementAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(action.Title)) errors.Add(Problems.Required("title"));
        else if (action.Title.Length > TitleMaxLength) errors.Add(Problems.TooLong("title", TitleMaxLength));
        if (action.Description is { Length: > DescriptionMaxLength }) errors.Add(Problems.TooLong("description", DescriptionMaxLength));
        if (action.OwnerName is { Length: > OwnerNameMaxLength }) errors.Add(Problems.TooLong("ownerName", OwnerNameMaxLength));
        if (action.OwnerEmail is { Length: > OwnerEmailMaxLength }) errors.Add(Problems.TooLong("ownerEmail", OwnerEmailMaxLength));
        else if (action.OwnerEmail is { Length: > 0 } email && !LooksLikeEmail(email)) errors.Add(Problems.InvalidEmail("ownerEmail"));
        if (action.EvaluationNote is { Length: > EvaluationNoteMaxLength }) errors.Add(Problems.TooLong("evaluationNote", EvaluationNoteMaxLength));

        if (action.Status == ActionStatus.Planned)
        {
            if (string.IsNullOrWhiteSpace(action.OwnerName)) errors.Add(Problems.PlannedNeeds("ownerName", "en ansvarlig", "an owner"));
            if (action.DueDate is null) errors.Add(Problems.PlannedNeeds("dueDate", "en frist", "a due date"));
        }
        if (action.Status == ActionStatus.Done)
        {
            if (action.EvaluationDate is null) errors.Add(Problems.DoneNeeds("evaluationDate", "en evalueringsdato", "an evaluation date"));
            if (string.IsNullOrWhiteSpace(action.EvaluationNote)) errors.Add(Problems.DoneNeeds("evaluationNote", "et evalueringsnotat", "an evaluation note"));
        }

        if (action.Notes.Count > MaxNotes) errors.Add(Problems.TooMany("notes", MaxNotes));
        for (var i = 0; i < action.Notes.Count; i++)
        {
            var text = action.Notes[i].Text;
            if (string.IsNullOrWhiteSpace(text)) errors.Add(Problems.Required($"notes[{i}].text"));
            else if (text.Length > NoteMaxLength) errors.Add(Problems.TooLong($"notes[{i}].text", NoteMaxLength));
        }
        if (action.History.Count > MaxHistory) errors.Add(Problems.TooMany("status", MaxHistory));
        return errors;
    }

    /// <summary>Throws <see cref="SurveyValidationException"/> with every broken rule; returns the action otherwise.</summary>
    public static ImprovementAction Check(ImprovementAction action)
    {
        SurveyValidationException.ThrowIfAny(Validate(action));
        return action;
    }

    /// <summary>The action with a new status; a change (not a repeat of the same status) is appended to the history.</summary>
    public static ImprovementAction WithStatus(ImprovementAction action, ActionStatus status, string? by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Status == status) return action;
        return action with { Status = status, History = [.. action.History, new ActionStatusChange(at, action.Status, status, by)] };
    }

    /// <summary>A new action's first history entry: created with its status.</summary>
    public static IReadOnlyList<ActionStatusChange> Created(ActionStatus status, string? by, DateTimeOffset at) => [new ActionStatusChange(at, null, status, by)];

    /// <summary>The action with one more note (the rules, including the cap on notes, are checked by <see cref="Validate"/>).</summary>
    public static ImprovementAction WithNote(ImprovementAction action, ActionNote note)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(note);
        return action with { Notes = [.. action.Notes, note] };
    }

    private static bool LooksLikeEmail(string s)
    {
        var at = s.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == s.LastIndexOf('@') && at < s.Length - 3 && s.IndexOf('.', at) > at + 1 && !s.Any(char.IsWhiteSpace);
    }
}

/// <summary>The bokmål and English names of statuses and origins, as the pages, the API and the digest show them.</summary>
public static class ActionLabels
{
    private static readonly LocalizedText Planned = new("Planlagt", "Planned");
    private static readonly LocalizedText InProgress = new("Pågår", "In progress");
    private static readonly LocalizedText Done = new("Fullført", "Done");
    private static readonly LocalizedText Dropped = new("Avbrutt", "Dropped");
    private static readonly LocalizedText LeadershipGroup = new("Ledergruppen", "Leadership group");
    private static readonly LocalizedText Committee = new("AMU", "Work environment committee (AMU)");
    private static readonly LocalizedText HealthService = new("Bedriftshelsetjenesten", "Occupational health service");
    private static readonly LocalizedText UserForum = new("Brukerforum", "User forum");

    /// <summary>«Planlagt», «Pågår», «Fullført», «Avbrutt».</summary>
    public static LocalizedText Of(ActionStatus status) => status switch
    {
        ActionStatus.Planned => Planned,
        ActionStatus.InProgress => InProgress,
        ActionStatus.Done => Done,
        ActionStatus.Dropped => Dropped,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>«Ledergruppen», «AMU», «Bedriftshelsetjenesten», «Brukerforum».</summary>
    public static LocalizedText Of(ActionOrigin origin) => origin switch
    {
        ActionOrigin.LeadershipGroup => LeadershipGroup,
        ActionOrigin.WorkEnvironmentCommittee => Committee,
        ActionOrigin.OccupationalHealthService => HealthService,
        ActionOrigin.UserForum => UserForum,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };
}
