namespace Surveys.Pages.Emails;

/// <summary>
/// What one recipient's digest e-mail shows (<see cref="DigestSummaryEmail"/>): only titles, statuses, owners, dates, the
/// stored figures and links; never an action's description or notes, never an answer (users.md L-05, AN-02).
/// </summary>
/// <param name="What">«Ukesoppsummering» or «Dagsoppsummering»: the document's title and the heading's first word.</param>
/// <param name="OrganisationName">The organisation's name.</param>
/// <param name="PeriodText">The period in words («uke 13, 2027»).</param>
/// <param name="Overdue">Open actions past their due date.</param>
/// <param name="DueSoon">Open actions due within the next days.</param>
/// <param name="EvaluationDue">Open actions whose evaluation date is reached.</param>
/// <param name="Done">Actions marked done in the period.</param>
/// <param name="Rounds">Rounds that opened or closed in the period.</param>
/// <param name="Surveys">The latest comparison of each survey that has one.</param>
/// <param name="HomeUrl">Absolute link to the leader's home page.</param>
/// <param name="UnsubscribeUrl">Absolute link that turns the digest off for this recipient.</param>
public sealed record DigestSummaryEmailModel(
    string What,
    string OrganisationName,
    string PeriodText,
    IReadOnlyList<DigestAction> Overdue,
    IReadOnlyList<DigestAction> DueSoon,
    IReadOnlyList<DigestEvaluation> EvaluationDue,
    IReadOnlyList<DigestAction> Done,
    IReadOnlyList<DigestRound> Rounds,
    IReadOnlyList<DigestSurvey> Surveys,
    string HomeUrl,
    string UnsubscribeUrl)
{
    /// <summary>
    /// At most this many actions per section: a digest must stay a summary, and an e-mail must fit a queue
    /// message (48 KiB) however many actions pile up; the rest are one line with a link to the list.
    /// </summary>
    public const int MaxActionsPerSection = 8;

    // The section headings, in the HTML and the plain text alike.
    public const string OverdueHeading = "Forfalte tiltak";
    public const string DueSoonHeading = "Tiltak med frist de neste 14 dagene";
    public const string EvaluationHeading = "Evalueringsdato nådd";
    public const string DoneHeading = "Fullførte tiltak siden sist";
    public const string RoundsHeading = "Runder som åpnet eller lukket";

    /// <summary>What every e-mail with figures says about them.</summary>
    public const string FiguresNote = "Tallene vises bare for grupper med nok svar, og e-posten inneholder aldri svar eller fritekst.";

    /// <summary>The list of every action, where «… og N til» leads.</summary>
    public string ActionsUrl => HomeUrl + "/tiltak";
}

/// <summary>One action as the digest shows it: title, status, owner, due date and a link. Never its description or notes.</summary>
/// <param name="Title">The action's title.</param>
/// <param name="Status">Its status in bokmål («Pågår»).</param>
/// <param name="Owner">The owner's name or role, if any.</param>
/// <param name="Due">The due date, if any.</param>
/// <param name="Unit">The unit it is for (a leader limited to units sees only theirs).</param>
/// <param name="Url">Absolute link to the action.</param>
public sealed record DigestAction(string Title, string Status, string? Owner, DateOnly? Due, string? Unit, string Url);

/// <summary>
/// An open action whose evaluation date is reached (users.md L-04/L-05), with the linked item's result in the
/// newest round as the action's evaluation reads it; figures only where the comparison carries them.
/// </summary>
/// <param name="Action">The action's line (title, status, owner, due date, unit, link).</param>
/// <param name="EvaluationDate">The evaluation date that is reached.</param>
/// <param name="Result">The linked item's result; null when the action is not linked to an item and a prompting round.</param>
/// <param name="Rounds">The rounds compared («Høst 2026 → Vår 2027»), when there is a later round.</param>
public sealed record DigestEvaluation(DigestAction Action, DateOnly EvaluationDate, DigestItem? Result, string? Rounds);

/// <summary>A round that opened or closed in the period.</summary>
/// <param name="SurveyTitle">The survey's title.</param>
/// <param name="Label">The round's label.</param>
/// <param name="Opened">True: it opened in the period; false: it closed.</param>
/// <param name="At">When.</param>
public sealed record DigestRound(string SurveyTitle, string Label, bool Opened, DateTimeOffset At);

/// <summary>
/// One weakest item's latest before/after change, read from the stored comparison. The percentages are the
/// share of the top two answers (or of «ja»), rounded as the results page rounds them; both are null whenever
/// the comparison carries no figures (a round below the minimum group size), and then only <see cref="Message"/> is shown.
/// </summary>
/// <param name="Text">The item's wording.</param>
/// <param name="Measure">What the percentages are («Andel av de to beste svarene»).</param>
/// <param name="BeforePercent">Before, in percent; null when not shown.</param>
/// <param name="AfterPercent">After, in percent; null when not shown.</param>
/// <param name="Message">The verdict or suppression text, in the results page's words (L-07).</param>
public sealed record DigestItem(string Text, string? Measure, int? BeforePercent, int? AfterPercent, string Message);

/// <summary>A survey's latest comparison in the digest.</summary>
/// <param name="SurveyTitle">The survey's title.</param>
/// <param name="BeforeLabel">The earlier round's label.</param>
/// <param name="AfterLabel">The later round's label.</param>
/// <param name="ResultsUrl">Absolute link to the results page.</param>
/// <param name="Items">The weakest items.</param>
public sealed record DigestSurvey(string SurveyTitle, string BeforeLabel, string AfterLabel, string ResultsUrl, IReadOnlyList<DigestItem> Items);
