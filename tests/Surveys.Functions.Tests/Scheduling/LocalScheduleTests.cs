using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Surveys.Functions.Digests;
using Surveys.Functions.Hosting;
using Surveys.Functions.Scheduling;
using Surveys.Functions.Tests.Email;

namespace Surveys.Functions.Tests.Scheduling;

/// <summary>
/// The decision every hourly UTC run makes (issue 12): is it the function's Norwegian time? Summer time 2027 starts
/// Sunday 28 March (02:00 → 03:00) and ends Sunday 31 October (03:00 → 02:00).
/// </summary>
public sealed class LocalScheduleTests
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static TimerDecision Decide(string scheduledUtc, string runTime) =>
        LocalSchedule.Decide(At(scheduledUtc), LocalRunTime.Parse(runTime), Oslo);

    [Theory]
    // Monday 22 March, winter (UTC+1): 07:00 is 06:00Z.
    [InlineData("2027-03-22T05:00:00Z", false)]
    [InlineData("2027-03-22T06:00:00Z", true)]
    // Monday 29 March, the first Monday of summer time (UTC+2): 07:00 is 05:00Z; 04:00Z is 06:00.
    [InlineData("2027-03-29T04:00:00Z", false)]
    [InlineData("2027-03-29T05:00:00Z", true)]
    // Monday 25 October, summer: 05:00Z.
    [InlineData("2027-10-25T04:00:00Z", false)]
    [InlineData("2027-10-25T05:00:00Z", true)]
    // Monday 1 November, the first Monday of winter time: 06:00Z; 05:00Z is 06:00 in Oslo.
    [InlineData("2027-11-01T05:00:00Z", false)]
    [InlineData("2027-11-01T06:00:00Z", true)]
    // The Sundays of the changes themselves, at 07:00 in Oslo: not Monday.
    [InlineData("2027-03-28T05:00:00Z", false)]
    [InlineData("2027-10-31T06:00:00Z", false)]
    // Sunday 22:00Z in summer is Monday 00:00 in Oslo: Monday, but before 07:00.
    [InlineData("2027-03-28T22:00:00Z", false)]
    public void TheWeeklyDigest_ActsOnMondayAt0700InOslo_InWinterAndSummer(string scheduledUtc, bool acts)
    {
        var decision = Decide(scheduledUtc, "Monday 07:00");

        Assert.Equal(acts, decision.Acts);
        if (acts) Assert.Equal(At(scheduledUtc), decision.At); // the 07:00 run is for 07:00
    }

    [Theory]
    // Later runs the same Monday act too (a missed 07:00 is caught up; the ISO-week keys send nothing twice),
    // all for Monday 07:00, so every one covers the same week.
    [InlineData("2027-03-29T06:00:00Z", "2027-03-29T05:00:00Z")]
    [InlineData("2027-03-29T21:00:00Z", "2027-03-29T05:00:00Z")] // 23:00 in Oslo, the last hourly run of Monday
    [InlineData("2027-11-01T09:00:00Z", "2027-11-01T06:00:00Z")]
    public void ALaterRunTheSameMonday_CatchesUp_ForMonday0700(string scheduledUtc, string forUtc)
    {
        var decision = Decide(scheduledUtc, "Monday 07:00");

        Assert.True(decision.Acts);
        Assert.Equal(At(forUtc), decision.At);
    }

    [Theory]
    [InlineData("2027-03-29T22:00:00Z")] // Tuesday 00:00 in Oslo
    [InlineData("2027-03-30T05:00:00Z")] // Tuesday 07:00
    public void TheDayAfter_TheWeeklyDigestDoesNotAct(string scheduledUtc) =>
        Assert.False(Decide(scheduledUtc, "Monday 07:00").Acts);

    [Theory]
    // Sunday 28 March: the clocks go 02:00 → 03:00; 07:00 is already summer time, 05:00Z.
    [InlineData("2027-03-28T04:00:00Z", false)]
    [InlineData("2027-03-28T05:00:00Z", true)]
    // Sunday 31 October: 03:00 → 02:00; 07:00 is winter time again, 06:00Z.
    [InlineData("2027-10-31T05:00:00Z", false)]
    [InlineData("2027-10-31T06:00:00Z", true)]
    // The day before each change.
    [InlineData("2027-03-27T06:00:00Z", true)]
    [InlineData("2027-10-30T05:00:00Z", true)]
    [InlineData("2027-10-30T04:00:00Z", false)]
    public void TheDailyRun_ActsAt0700InOslo_OnTheDaylightSavingChangeDays(string scheduledUtc, bool acts)
    {
        var decision = Decide(scheduledUtc, "07:00");

        Assert.Equal(acts, decision.Acts);
        if (acts) Assert.Equal(new TimeOnly(7, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(decision.At, Oslo).DateTime));
    }

    [Theory]
    [InlineData("2027-03-28T03:00:00Z", false)] // 05:00 summer time
    [InlineData("2027-03-28T04:00:00Z", true)]  // 06:00 summer time
    [InlineData("2027-10-31T04:00:00Z", false)] // 05:00 winter time
    [InlineData("2027-10-31T05:00:00Z", true)]  // 06:00 winter time
    [InlineData("2027-12-06T05:00:00Z", true)]
    public void ExportDelivery_ActsAt0600InOslo(string scheduledUtc, bool acts) =>
        Assert.Equal(acts, Decide(scheduledUtc, "06:00").Acts);

    [Theory]
    // A time the spring change skips (02:30 on 28 March) is due at the end of the gap, 03:00 summer time (01:00Z).
    [InlineData("2027-03-28T00:00:00Z", "02:30", false)]
    [InlineData("2027-03-28T01:00:00Z", "02:30", true)]
    // A time the autumn change shows twice (02:30 on 31 October) is due the first time (00:30Z), so the 01:00Z run acts.
    [InlineData("2027-10-31T00:00:00Z", "02:30", false)]
    [InlineData("2027-10-31T01:00:00Z", "02:30", true)]
    public void ATimeTheChangesSkipOrRepeat_IsDueAtItsFirstMoment(string scheduledUtc, string runTime, bool acts) =>
        Assert.Equal(acts, Decide(scheduledUtc, runTime).Acts);

    [Fact]
    public void ARunByHand_ActsWhateverTheHour_ForNow()
    {
        var now = At("2027-03-30T13:17:00Z"); // Tuesday afternoon
        var schedule = new LocalSchedule(Options.Create(new ScheduleOptions()), new DigestOptions(), new TestClock(now));

        // scripts/run-timer.sh sends no schedule status.
        var script = schedule.Decide(new TimerTrigger(false, null), schedule.WeeklyDigest, "SendDigests", NullLogger.Instance);
        Assert.Equal(new TimerDecision(true, now, ByHand: true), script);
        // The host's admin API binds the stored status, whose Next is the coming hour.
        var admin = schedule.Decide(new TimerTrigger(false, new ScheduleStatus(At("2027-03-30T13:00:00Z"), At("2027-03-30T14:00:00Z"), At("2027-03-30T13:00:00Z"))),
            schedule.WeeklyDigest, "SendDigests", NullLogger.Instance);
        Assert.Equal(new TimerDecision(true, now, ByHand: true), admin);
    }

    [Theory]
    [InlineData("2027-03-31T05:00:00Z")] // a daily schedule's next 07:00, 16 hours on
    [InlineData("2028-01-01T00:00:00Z")] // a yearly schedule's next occurrence, nine months on
    public void ARunByHand_OfAScheduleWhoseNextOccurrenceIsFarOff_StillActs(string nextUtc)
    {
        var now = At("2027-03-30T13:17:00Z"); // Tuesday afternoon: no scheduled weekly run acts now
        var schedule = new LocalSchedule(Options.Create(new ScheduleOptions()), new DigestOptions(), new TestClock(now));

        var admin = schedule.Decide(new TimerTrigger(false, new ScheduleStatus(null, At(nextUtc), now)), schedule.WeeklyDigest, "SendDigests", NullLogger.Instance);

        Assert.Equal(new TimerDecision(true, now, ByHand: true), admin);
    }

    [Fact]
    public void AStatusWhoseNextIsBeyondAnySchedule_IsNotTakenForARunByHand()
    {
        var now = At("2027-03-30T13:17:00Z");
        var schedule = new LocalSchedule(Options.Create(new ScheduleOptions()), new DigestOptions(), new TestClock(now));

        var odd = schedule.Decide(new TimerTrigger(false, new ScheduleStatus(null, At("9999-12-31T00:00:00Z"), now)), schedule.WeeklyDigest, "SendDigests", NullLogger.Instance);

        Assert.False(odd.ByHand);
        Assert.False(odd.Acts); // judged as a run at now: a Tuesday, not the weekly digest's day
    }

    [Fact]
    public void AScheduledRun_IsJudgedByItsScheduledTime_EvenWhenLateOrABitEarly()
    {
        var monday0700 = At("2027-03-29T05:00:00Z");
        var status = new ScheduleStatus(monday0700.AddHours(-1), monday0700, monday0700);
        LocalSchedule Clock(DateTimeOffset now) => new(Options.Create(new ScheduleOptions()), new DigestOptions(), new TestClock(now));

        foreach (var now in new[] { monday0700.AddMilliseconds(-3), monday0700.AddSeconds(2), monday0700.AddHours(3) })
        {
            var schedule = Clock(now);
            var decision = schedule.Decide(new TimerTrigger(now > monday0700.AddHours(1), status), schedule.WeeklyDigest, "SendDigests", NullLogger.Instance);
            Assert.Equal(new TimerDecision(true, monday0700, ByHand: false), decision);
        }
        // The 06:00 firing (in Oslo) run past due at 09:00 is still the 06:00 run: it does not act, the 10:00 one does.
        var six = monday0700.AddHours(-1);
        var late = Clock(six.AddHours(3));
        Assert.False(late.Decide(new TimerTrigger(true, new ScheduleStatus(null, six, six)), late.WeeklyDigest, "SendDigests", NullLogger.Instance).Acts);
    }

    [Theory]
    [InlineData("Monday 07:00", DayOfWeek.Monday, 7, 0)]
    [InlineData("  sunday   23:30 ", DayOfWeek.Sunday, 23, 30)]
    [InlineData("06:00", null, 6, 0)]
    public void RunTimes_AreAWeekdayAndATime_OrATime(string text, DayOfWeek? day, int hour, int minute)
    {
        Assert.True(LocalRunTime.TryParse(text, out var value));
        Assert.Equal(new LocalRunTime(day, new TimeOnly(hour, minute)), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("7:00")]
    [InlineData("25:00")]
    [InlineData("Mandag 07:00")]
    [InlineData("1 07:00")]
    [InlineData("Monday")]
    [InlineData("Monday 07:00 UTC")]
    [InlineData("0 0 7 * * 1")]
    public void AnythingElse_FailsTheStart(string text)
    {
        Assert.False(LocalRunTime.TryParse(text, out _));
        var result = new ScheduleOptionsValidator().Validate(null, new ScheduleOptions { DailyDigest = text });
        Assert.True(result.Failed);
        Assert.Contains("Surveys:Schedules:DailyDigest", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new ScheduleOptionsValidator().Validate(null, new ScheduleOptions()).Succeeded);
    }
}
