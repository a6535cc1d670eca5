using System.Globalization;
using Microsoft.Extensions.Options;
using Surveys.Functions.Digests;
using Surveys.Functions.Hosting;

namespace Surveys.Functions.Scheduling;

/// <summary>
/// The Norwegian wall-clock times the timers act at (<c>Surveys:Schedules</c>), each «Monday 07:00» (a weekday,
/// English name, and a time) or «07:00» (every day), read in the organisations' zone
/// (<c>Surveys:Digests:TimeZone</c>, <c>Europe/Oslo</c>). Checked when the app starts.
/// </summary>
public sealed class ScheduleOptions
{
    public const string Section = "Surveys:Schedules";

    /// <summary>SendDigests: the weekly digest.</summary>
    public string WeeklyDigest { get; set; } = "Monday 07:00";

    /// <summary>SendDailyDigests: the daily digest and the evaluation reminders.</summary>
    public string DailyDigest { get; set; } = "07:00";

    /// <summary>DeliverExports: scheduled export delivery.</summary>
    public string ExportDelivery { get; set; } = "06:00";

    /// <summary>SendPartnerParticipation: the weekly participation e-mail to partners.</summary>
    public string PartnerParticipation { get; set; } = "Monday 07:00";

    /// <summary>What is wrong with the settings (nothing when valid).</summary>
    public IEnumerable<string> Errors()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(WeeklyDigest), WeeklyDigest), (nameof(DailyDigest), DailyDigest),
                     (nameof(ExportDelivery), ExportDelivery), (nameof(PartnerParticipation), PartnerParticipation),
                 })
        {
            if (!LocalRunTime.TryParse(value, out _))
                yield return $"{Section}:{name} is «{value}»: write a time as «07:00», or a weekday and a time as «Monday 07:00».";
        }
    }
}

/// <summary>Fails the start on a schedule that cannot be read.</summary>
public sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        var errors = options.Errors().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>A local time of day, on one weekday (<see cref="Day"/>) or every day (null).</summary>
public readonly record struct LocalRunTime(DayOfWeek? Day, TimeOnly Time)
{
    /// <summary>«07:00» or «Monday 07:00» (weekday in English, any case; 24-hour <c>HH:mm</c>).</summary>
    public static bool TryParse(string? text, out LocalRunTime value)
    {
        value = default;
        var parts = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2) return false;
        DayOfWeek? day = null;
        if (parts.Length == 2)
        {
            // Names only: Enum.TryParse would also take «1» or «8».
            if (!parts[0].All(char.IsAsciiLetter) || !Enum.TryParse<DayOfWeek>(parts[0], ignoreCase: true, out var d)) return false;
            day = d;
        }
        if (!TimeOnly.TryParseExact(parts[^1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return false;
        value = new LocalRunTime(day, time);
        return true;
    }

    public static LocalRunTime Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"«{text}» is not a time («07:00») or a weekday and a time («Monday 07:00»).");

    public override string ToString() =>
        (Day is { } d ? d + " " : "") + Time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>
/// Whether a timer run acts, and for which moment (<see cref="At"/>: the configured local time of the day it
/// acts for, or now for a run by hand).
/// </summary>
public sealed record TimerDecision(bool Acts, DateTimeOffset At, bool ByHand);

/// <summary>
/// Decides in code, in Norwegian time, whether an hourly UTC timer run is the run of a schedule such as
/// «Monday 07:00» (issue 12; Flex Consumption reads NCRONTAB in UTC and ignores <c>WEBSITE_TIME_ZONE</c>).
/// </summary>
/// <remarks>
/// <para>
/// A scheduled run acts when its scheduled time (the trigger's <c>ScheduleStatus.Next</c>, see
/// <see cref="ScheduledAt"/>), read in the zone, falls on the configured day at or after the configured time.
/// So the first hourly run at or after 07:00 acts, and the later runs that day act again: a run missed
/// (the app down at 07:00, a failed run) is caught up within the same day, and the work's own idempotency
/// keys (ISO week or date in Oslo, a delivery's key) make every run after the first send nothing new. The
/// moment the work is done for (<see cref="TimerDecision.At"/>) is the configured time that day, so every
/// run of the day covers the same period. A late (past-due) run counts for its own scheduled hour.
/// </para>
/// <para>
/// A run by hand acts whatever the hour, for now: <c>scripts/run-timer.sh</c> sends no schedule status,
/// and the Functions host's admin API binds the stored status, whose <c>Next</c> is the coming occurrence
/// (later than now), where a scheduled firing's <c>Next</c> is the occurrence being fired.
/// </para>
/// </remarks>
public sealed class LocalSchedule(IOptions<ScheduleOptions> options, DigestOptions digests, TimeProvider time)
{
    /// <summary>A scheduled firing may come this much before its occurrence (timers fire a hair early).</summary>
    public static readonly TimeSpan EarlyFiring = TimeSpan.FromMinutes(1);

    /// <summary>A status time further than this from now is not believed (hosts have sent odd values).</summary>
    public static readonly TimeSpan Plausible = TimeSpan.FromHours(12);

    /// <summary>The furthest a coming occurrence can be for any cron schedule (a yearly one: a year and a day): a run whose
    /// status has its <c>Next</c> within this is a run by hand, whatever the schedule. A daily or yearly schedule's next
    /// occurrence is more than <see cref="Plausible"/> away, and a run by hand of it used to be judged as a scheduled run
    /// at now, which on the wrong day or hour did nothing.</summary>
    public static readonly TimeSpan ByHandHorizon = TimeSpan.FromDays(367);

    public TimeZoneInfo Zone => digests.Zone;

    public LocalRunTime WeeklyDigest => LocalRunTime.Parse(options.Value.WeeklyDigest);

    public LocalRunTime DailyDigest => LocalRunTime.Parse(options.Value.DailyDigest);

    public LocalRunTime ExportDelivery => LocalRunTime.Parse(options.Value.ExportDelivery);

    public LocalRunTime PartnerParticipation => LocalRunTime.Parse(options.Value.PartnerParticipation);

    /// <summary>Decides a run of <paramref name="function"/>; a run that does not act is logged at Debug.</summary>
    public TimerDecision Decide(TimerTrigger timer, LocalRunTime runTime, string function, ILogger log)
    {
        var now = time.GetUtcNow();
        if (IsByHand(timer, now)) return new TimerDecision(true, now, ByHand: true);
        var scheduled = ScheduledAt(timer, now);
        var decision = Decide(scheduled, runTime, Zone);
        if (!decision.Acts)
            log.LogDebug("{Function}: the run scheduled at {Scheduled} ({Local} in {Zone}) is not its time ({RunTime}); nothing to do",
                function, scheduled, TimeZoneInfo.ConvertTime(scheduled, Zone).DateTime, Zone.Id, runTime);
        return decision;
    }

    /// <summary>
    /// A run scheduled at <paramref name="scheduled"/> acts on the configured day (any day when none) at or after the
    /// configured time; it acts for the configured time that day.
    /// </summary>
    public static TimerDecision Decide(DateTimeOffset scheduled, LocalRunTime runTime, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(scheduled, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (runTime.Day is { } day && date.DayOfWeek != day) return new TimerDecision(false, scheduled, ByHand: false);
        var due = Instant(date, runTime.Time, zone);
        return scheduled >= due ? new TimerDecision(true, due, ByHand: false) : new TimerDecision(false, scheduled, ByHand: false);
    }

    /// <summary>
    /// The first moment the zone's clocks show <paramref name="time"/> on <paramref name="date"/>: of a time shown
    /// twice (the autumn change), the first; of a time skipped (the spring change), the end of the gap.
    /// </summary>
    public static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var wall = date.ToDateTime(time);
        while (zone.IsInvalidTime(wall)) wall = wall.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }

    /// <summary>No status (scripts/run-timer.sh), or a <c>Next</c> still to come (the host's admin API): a run by hand.</summary>
    public static bool IsByHand(TimerTrigger timer, DateTimeOffset now) =>
        timer.ScheduleStatus is null
        || (timer.ScheduleStatus.Next is { } next && next > now + EarlyFiring && next - now <= ByHandHorizon);

    /// <summary>
    /// When the run was scheduled: the timer's <c>ScheduleStatus.Next</c> (the occurrence being fired; an earlier one
    /// for a past-due run) when it is within <see cref="Plausible"/> of now, else now.
    /// </summary>
    public static DateTimeOffset ScheduledAt(TimerTrigger timer, DateTimeOffset now) =>
        timer.ScheduleStatus?.Next is { } next && (next - now).Duration() <= Plausible ? next : now;
}
