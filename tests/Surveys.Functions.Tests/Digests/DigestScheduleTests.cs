using System.Globalization;
using System.Text.Json.Nodes;
using NCrontab;
using Surveys.Functions.Digests;
using Surveys.Functions.Hosting;
using Surveys.Functions.Scheduling;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Tests.Shared;

namespace Surveys.Functions.Tests.Digests;

/// <summary>
/// The timers' schedules as deployed (<c>[TimerTrigger("%DigestSchedule%")]</c> etc., the values in local.settings.json.example and infra/main.bicep):
/// hourly in UTC; and the period keys, in Norwegian time, that make each digest e-mail unique.
/// </summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>The function's schedule as the build declares it (functions.metadata, <c>%Setting%</c>), resolved as a
    /// local host resolves it from local.settings.json (the same values as infra/main.bicep's app settings).</summary>
    private static CrontabSchedule Schedule(string function)
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(WorkerApp.WorkerDirectory, "functions.metadata")))!.AsArray();
        var schedule = (string)metadata.Single(f => (string?)f!["name"] == function)!["bindings"]![0]!["schedule"]!;
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "src", "Surveys.Functions", "local.settings.json.example")))!["Values"]!;
        if (schedule.StartsWith('%')) schedule = (string)values[schedule.Trim('%')]!;
        return CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("SendDigests")]
    [InlineData("SendDailyDigests")]
    [InlineData("DeliverExports")]
    [InlineData("SendPartnerParticipation")]
    // Flex Consumption reads NCRONTAB in UTC and ignores WEBSITE_TIME_ZONE (issue 12): the deployed schedules fire every
    // hour on the hour in UTC, across both daylight-saving changes, and the functions decide in Norwegian time
    // whether a run is theirs (Scheduling/LocalScheduleTests, Scheduling/NorwegianTimeTimerTests).
    public void TheNorwegianTimeTimers_FireEveryHourInUtc(string function)
    {
        var schedule = Schedule(function);
        foreach (var after in new[] { "2027-03-28T00:30:00Z", "2027-10-31T00:30:00Z" })
        {
            var at = At(after);
            for (var hour = 1; hour <= 6; hour++)
            {
                var next = new DateTimeOffset(schedule.GetNextOccurrence(at.UtcDateTime), TimeSpan.Zero);
                Assert.Equal(At(after).AddMinutes(30).AddHours(hour - 1), next);
                at = next;
            }
        }
    }

    [Theory]
    [InlineData("2027-03-29T05:00:00Z", "2027-W13", "uke 13, 2027")]
    [InlineData("2027-01-04T06:00:00Z", "2027-W01", "uke 1, 2027")]
    // Sunday 2 January 2028, 23:30 Oslo time, is in ISO week 52 of 2027 (in UTC it is still 1 January).
    [InlineData("2028-01-02T22:30:00Z", "2027-W52", "uke 52, 2027")]
    // Monday 00:30 in Oslo is already the new week, while UTC still says Sunday.
    [InlineData("2027-03-28T22:30:00Z", "2027-W13", "uke 13, 2027")]
    public void AWeeklyPeriod_IsTheIsoWeekInOsloTime(string scheduled, string key, string text)
    {
        var period = DigestPeriod.Of(DigestFrequency.Weekly, At(scheduled), Oslo);

        Assert.Equal(key, period.Key);
        Assert.Equal(text, period.Text);
        // A week of wall-clock time in Oslo: the same weekday and time a week earlier.
        Assert.Equal(TimeZoneInfo.ConvertTime(At(scheduled), Oslo).DateTime.AddDays(-7), TimeZoneInfo.ConvertTime(period.From, Oslo).DateTime);
    }

    [Theory]
    // Monday 1 November 2027 07:00 CET; the previous run was Monday 25 October 07:00 CEST (05:00Z), one hour more than 7 × 24 h.
    [InlineData("2027-11-01T06:00:00Z", "2027-10-25T05:00:00Z")]
    // Monday 29 March 2027 07:00 CEST; the previous run was Monday 22 March 07:00 CET (06:00Z).
    [InlineData("2027-03-29T05:00:00Z", "2027-03-22T06:00:00Z")]
    public void AcrossADaylightSavingChange_TheWeekStartsWhereThePreviousRunsWeekEnded(string scheduled, string previousRun)
    {
        var period = DigestPeriod.Of(DigestFrequency.Weekly, At(scheduled), Oslo);

        Assert.Equal(At(previousRun), period.From); // nothing between the two runs is left out or told twice
    }

    [Fact]
    public void ADailyPeriod_IsTheDateInOsloTime()
    {
        var period = DigestPeriod.Of(DigestFrequency.Daily, At("2027-10-30T23:30:00Z"), Oslo);

        Assert.Equal("2027-10-31", period.Key);
        Assert.Equal(new DateOnly(2027, 10, 31), period.Today);
    }

    [Fact]
    public void TwoDeliveriesOfOneScheduledRun_HaveTheSamePeriod_AndARunByHandIsForTheWeekItRunsIn()
    {
        var scheduled = At("2027-03-29T05:00:00Z");
        var fired = new TimerTrigger(false, new ScheduleStatus(scheduled.AddHours(-1), scheduled, scheduled));

        // The second delivery arrives late, the past-due one hours later: the same occurrence, the same key.
        Assert.Equal(scheduled, LocalSchedule.ScheduledAt(fired, scheduled.AddSeconds(2)));
        Assert.Equal(scheduled, LocalSchedule.ScheduledAt(fired, scheduled.AddHours(3)));
        // Odd status values (azure-functions-host#7391) are ignored: the run is for now.
        var odd = new TimerTrigger(false, new ScheduleStatus(null, At("0001-01-01T00:00:00Z"), null));
        Assert.Equal(scheduled.AddHours(3), LocalSchedule.ScheduledAt(odd, scheduled.AddHours(3)));
        Assert.Equal(scheduled.AddDays(2), LocalSchedule.ScheduledAt(new TimerTrigger(false, null), scheduled.AddDays(2)));
    }
}
