using System.Globalization;

namespace Surveys.Functions.Digests;

/// <summary>Digest settings (<c>Surveys:Digests</c>).</summary>
public sealed class DigestOptions
{
    public const string Section = "Surveys:Digests";

    /// <summary>
    /// The organisations' time zone: periods, dates and "today" are read in it, whatever zone the host runs in,
    /// and so are the timers' local run times (<see cref="Scheduling.ScheduleOptions"/>).
    /// </summary>
    public string TimeZone { get; set; } = "Europe/Oslo";

    /// <summary>"Due soon" is due within this many days (users.md L-05: 14).</summary>
    public int DueSoonDays { get; set; } = 14;

    /// <summary>At most this many extra addresses per organisation.</summary>
    public int MaxExtraRecipients { get; set; } = 20;

    /// <summary>At most this many weakest items per survey in the e-mail.</summary>
    public int WeakestItemsPerSurvey { get; set; } = 3;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>
/// The period one digest covers and the key that names it: the ISO week (<c>2027-W10</c>) of a weekly
/// digest or the date (<c>2027-03-08</c>) of a daily one, both in the organisations' time zone at the
/// scheduled run (the configured local time of the day the run acts for, <see cref="Scheduling.LocalSchedule"/>). Every run for the same period has the same key, so the e-mail's idempotency key
/// <c>digest:{org}:{recipient}:{period}</c> sends it once however often the timer fires.
/// </summary>
/// <param name="Frequency">Daily or weekly.</param>
/// <param name="Key">The period's name in the idempotency key.</param>
/// <param name="From">Start of what "recently" means (the scheduled run minus a day or a week).</param>
/// <param name="To">The scheduled run.</param>
/// <param name="Today">The local date of the scheduled run (overdue and due-soon are counted from it).</param>
/// <param name="Text">The period in words for the subject: «uke 10, 2027» or «08.03.2027».</param>
public sealed record DigestPeriod(DigestFrequency Frequency, string Key, DateTimeOffset From, DateTimeOffset To, DateOnly Today, string Text)
{
    /// <summary>The period of a run scheduled at <paramref name="scheduled"/>.</summary>
    public static DigestPeriod Of(DigestFrequency frequency, DateTimeOffset scheduled, TimeZoneInfo zone)
    {
        if (frequency == DigestFrequency.Off) throw new ArgumentOutOfRangeException(nameof(frequency), "A period is daily or weekly.");
        var local = TimeZoneInfo.ConvertTime(scheduled, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (frequency == DigestFrequency.Daily)
        {
            var text = today.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
            return new DigestPeriod(frequency, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), LocalDaysBefore(local, 1, zone), scheduled, today, text);
        }
        var year = ISOWeek.GetYear(local.DateTime);
        var week = ISOWeek.GetWeekOfYear(local.DateTime);
        return new DigestPeriod(frequency, string.Create(CultureInfo.InvariantCulture, $"{year}-W{week:D2}"), LocalDaysBefore(local, 7, zone), scheduled, today,
            string.Create(CultureInfo.InvariantCulture, $"uke {week}, {year}"));
    }

    /// <summary>
    /// The same wall-clock time <paramref name="days"/> days earlier in the zone (so a week is Monday 07:00 to
    /// Monday 07:00 Norwegian time across a daylight-saving change, not 167 or 169 hours; the previous run's
    /// window ends exactly where this one starts).
    /// </summary>
    private static DateTimeOffset LocalDaysBefore(DateTimeOffset local, int days, TimeZoneInfo zone)
    {
        var wall = local.DateTime.AddDays(-days);
        if (zone.IsInvalidTime(wall)) wall = wall.AddHours(1); // in the hour that does not exist: the first valid moment after it
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
    }
}
