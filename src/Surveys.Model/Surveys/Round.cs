namespace Surveys.Model;

/// <summary>
/// One run of a survey, for example "2025-før", "2025-etter" or "2026". Answers are collected while the
/// round is open; rounds are compared as unpaired groups.
/// </summary>
/// <remarks>
/// Open means: at or after <see cref="Opens"/> (no lower bound when <c>null</c>) and before
/// <see cref="Closes"/> (no upper bound when <c>null</c>). Closing is the only way a round ends early.
/// </remarks>
public sealed class Round
{
    /// <summary>The longest round label allowed.</summary>
    public const int LabelMaxLength = 100;

    private Round(string id, string surveyId, string label, DateTimeOffset? opens, DateTimeOffset? closes, int? invited, bool continuous)
    {
        Id = id;
        SurveyId = surveyId;
        Label = label;
        Opens = opens;
        Closes = closes;
        Invited = invited;
        Continuous = continuous;
    }

    /// <summary>The round's id, unique within the platform and safe as a storage key.</summary>
    public string Id { get; }

    /// <summary>The survey the round belongs to.</summary>
    public string SurveyId { get; }

    /// <summary>The organisation's name for the round, for example "2025-før". Trimmed; at most
    /// <see cref="LabelMaxLength"/> characters.</summary>
    public string Label { get; }

    /// <summary>When the round starts accepting answers; <c>null</c> = from the start.</summary>
    public DateTimeOffset? Opens { get; }

    /// <summary>When the round stops accepting answers (exclusive); <c>null</c> = until closed.</summary>
    public DateTimeOffset? Closes { get; private set; }

    /// <summary>The number of people invited (for the exit survey: leavers in the period), or <c>null</c>
    /// when unknown. The denominator of <see cref="ResponseRate"/>.</summary>
    public int? Invited { get; private set; }

    /// <summary>
    /// True for a continuous survey (the exit survey), whose responses carry the calendar month instead of
    /// the ISO week (users.md AN-06).
    /// </summary>
    public bool Continuous { get; }

    /// <summary>How coarse the <see cref="Response.Period"/> of this round's responses is.</summary>
    public PeriodKind PeriodKind => Continuous ? PeriodKind.Month : PeriodKind.IsoWeek;

    /// <summary>
    /// Creates a round, or restores a stored one. Throws <see cref="SurveyValidationException"/> listing
    /// every problem: a missing or too long label, a closing time not after the opening time, a negative
    /// number invited, an id that is not safe as a storage key.
    /// </summary>
    public static Round Create(string id, string surveyId, string label, DateTimeOffset? opens = null,
        DateTimeOffset? closes = null, int? invited = null, bool continuous = false)
    {
        ArgumentNullException.ThrowIfNull(surveyId);
        var errors = new List<ValidationError>();
        if (!Ids.IsKeySafe(id))
        {
            errors.Add(Problems.InvalidId("id", Ids.MaxLength));
        }

        label = label?.Trim() ?? "";
        if (label.Length == 0)
        {
            errors.Add(Problems.Required("label"));
        }
        else if (label.Length > LabelMaxLength)
        {
            errors.Add(Problems.TooLong("label", LabelMaxLength));
        }

        if (opens is not null && closes is not null && closes <= opens)
        {
            errors.Add(Problems.ClosesBeforeOpens());
        }

        if (invited < 0)
        {
            errors.Add(Problems.Negative("invited"));
        }

        SurveyValidationException.ThrowIfAny(errors);
        return new Round(id, surveyId, label, opens, closes, invited, continuous);
    }

    /// <summary>True when the round accepts answers at <paramref name="now"/>.</summary>
    public bool IsOpenAt(DateTimeOffset now) => (Opens is null || now >= Opens) && (Closes is null || now < Closes);

    /// <summary>True once the round has closed: it has a close time, and it is not after <paramref name="now"/>.</summary>
    public bool HasClosedBy(DateTimeOffset now) => Closes is { } closes && closes <= now;

    /// <summary>
    /// Closes the round at <paramref name="at"/>. Closing a round that is already closed by then changes
    /// nothing, so a retried close is harmless; a scheduled later close is brought forward. Closing at or
    /// before <see cref="Opens"/> is refused (<c>closes-before-opens</c>).
    /// </summary>
    public void Close(DateTimeOffset at)
    {
        if (Closes is not null && Closes <= at)
        {
            return;
        }

        if (Opens is not null && at <= Opens)
        {
            throw new SurveyValidationException(Problems.ClosesBeforeOpens());
        }

        Closes = at;
    }

    /// <summary>
    /// Reopens the round at <paramref name="now"/>: it accepts answers again until <paramref name="until"/>
    /// (<c>null</c>: until it is closed). Reopening a round that is open at <paramref name="now"/> without a new
    /// closing time changes nothing, so a retried reopen is harmless and a scheduled close is kept. Refused:
    /// <paramref name="until"/> not after <paramref name="now"/> (<c>closes-in-past</c>) or not after
    /// <see cref="Opens"/> (<c>closes-before-opens</c>).
    /// </summary>
    public void Reopen(DateTimeOffset now, DateTimeOffset? until = null)
    {
        if (until is null)
        {
            if (HasClosedBy(now))
            {
                Closes = null;
            }

            return;
        }

        if (until <= now)
        {
            throw new SurveyValidationException(Problems.ClosesInPast());
        }

        if (Opens is not null && until <= Opens)
        {
            throw new SurveyValidationException(Problems.ClosesBeforeOpens());
        }

        Closes = until;
    }

    /// <summary>Records how many were invited, for example the number of leavers in a continuous round.</summary>
    public void RecordInvited(int invited)
    {
        if (invited < 0)
        {
            throw new SurveyValidationException(Problems.Negative("invited"));
        }

        Invited = invited;
    }

    /// <summary>
    /// The response rate, respondents ÷ invited, as a fraction (0.8 = 80 %), unrounded. <c>null</c> when the
    /// number invited is unknown or 0. It can exceed 1 when more answered than were counted as invited
    /// (a kiosk round with an estimate); it is not capped, so the discrepancy stays visible.
    /// </summary>
    public double? ResponseRate(int respondents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(respondents);
        return Invited is null or 0 ? null : (double)respondents / Invited.Value;
    }

    /// <summary>The period a response received at <paramref name="at"/> is filed under (see <see cref="Period"/>).</summary>
    public Period PeriodOf(DateTimeOffset at, TimeZoneInfo? zone = null) => Period.Of(PeriodKind, at, zone);

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Label})";
}
