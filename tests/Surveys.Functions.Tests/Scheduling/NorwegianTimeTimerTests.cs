using System.Globalization;
using Surveys.Functions.Catalog;
using Surveys.Functions.Partners;
using Surveys.Functions.Scheduling;
using Surveys.Functions.Tests.Email;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Functions.Tests.Partners;
using Surveys.Model;
using static Surveys.Functions.Tests.Digests.DigestSeed;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Scheduling;

/// <summary>
/// The timers as Flex Consumption fires them (issue 12): every hour on the hour in UTC, through the function
/// invoker with the status the host sends. What arrives in the outbox is what a user notices: the e-mail comes
/// with the first run at or after its Norwegian time, in winter and in summer and on the days the clocks change,
/// never before, and once per period however many runs follow. The schedule's clock stands at each firing
/// (a firing in 2027 is then a scheduled run, not one by hand); everything else keeps the real clock.
/// </summary>
public sealed class NorwegianTimeTimerTests : IAsyncLifetime
{
    private readonly string _outbox = Directory.CreateTempSubdirectory("surveys-oslo-time-").FullName;
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private SurveysApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new SurveysApp(settings: Settings(_outbox), services: ScheduleClock(_clock));
        return _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_outbox, recursive: true);
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The hourly firing scheduled at <paramref name="utc"/>, on time.</summary>
    private Task FireAsync(string function, DateTimeOffset utc)
    {
        _clock.Now = utc.AddSeconds(1);
        return RunTimerAsync(_app, function, scheduled: utc);
    }

    /// <summary>Fires every hour from <paramref name="fromUtc"/> up to and including <paramref name="toUtc"/>.</summary>
    private async Task FireHourlyAsync(string function, string fromUtc, string toUtc)
    {
        for (var at = At(fromUtc); at <= At(toUtc); at = at.AddHours(1)) await FireAsync(function, at);
    }

    /// <summary>Nothing was queued for <paramref name="address"/>, or it would be in the outbox once the queue is empty.</summary>
    private async Task AssertNothingToAsync(string address)
    {
        await DrainedAsync(_app);
        Assert.Empty(EmailsTo(_outbox, address));
    }

    private async Task<string> OrganisationWithNewsAsync()
    {
        var org = (await SurveyAsync(_app, rounds: 1)).OrganisationId;
        await AddActionsAsync(_app, Action(org, "Tavlemøte", ActionStatus.Planned, 7));
        var amu = $"amu-{Guid.NewGuid():N}@example.no";
        await SetExtrasAsync(_app, org, amu);
        return amu;
    }

    [Theory]
    // Monday 22 March 2027, the last Monday of winter time: 07:00 in Oslo is 06:00Z.
    [InlineData("2027-03-21T23:00:00Z", "2027-03-22T06:00:00Z", "uke 12, 2027")]
    // Monday 29 March, the first Monday after the spring change (28 March): 07:00 is 05:00Z.
    [InlineData("2027-03-28T22:00:00Z", "2027-03-29T05:00:00Z", "uke 13, 2027")]
    // Monday 1 November, the first Monday after the autumn change (31 October): 07:00 is 06:00Z again.
    [InlineData("2027-10-31T23:00:00Z", "2027-11-01T06:00:00Z", "uke 44, 2027")]
    public async Task TheWeeklyDigest_ArrivesWithThe0700OsloRun_AndLaterRunsThatWeekSendNothingNew(string mondayMidnightUtc, string sevenUtc, string week)
    {
        var amu = await OrganisationWithNewsAsync();
        var seven = At(sevenUtc);

        // Sunday's last runs and Monday from 00:00 to 06:00 in Oslo: nothing.
        await FireHourlyAsync("SendDigests", At(mondayMidnightUtc).AddHours(-3).ToString("O"), seven.AddHours(-1).ToString("O"));
        await AssertNothingToAsync(amu);

        await FireAsync("SendDigests", seven);
        var digest = Assert.Single(await WaitForEmailsAsync(_app, _outbox, amu));
        Assert.Contains(week, digest.Header("Subject"), StringComparison.Ordinal);

        // 08:00 and 09:00, Tuesday 07:00 and the next Sunday evening: the same ISO week, nothing new.
        await FireAsync("SendDigests", seven.AddHours(1));
        await FireAsync("SendDigests", seven.AddHours(2));
        await FireAsync("SendDigests", seven.AddDays(1));
        await FireAsync("SendDigests", seven.AddDays(6).AddHours(14));
        await DrainedAsync(_app);
        Assert.Single(EmailsTo(_outbox, amu));
    }

    [Fact]
    public async Task WhenThe0700RunIsMissed_ALaterRunThatMondayCatchesUp()
    {
        var amu = await OrganisationWithNewsAsync();

        // Monday 1 November 2027 (winter time): the runs up to 06:00 in Oslo, then the app is down until 10:00.
        await FireHourlyAsync("SendDigests", "2027-11-01T03:00:00Z", "2027-11-01T05:00:00Z");
        await AssertNothingToAsync(amu);
        await FireAsync("SendDigests", At("2027-11-01T09:00:00Z"));

        var digest = Assert.Single(await WaitForEmailsAsync(_app, _outbox, amu));
        Assert.Contains("uke 44, 2027", digest.Header("Subject"), StringComparison.Ordinal);
    }

    [Theory]
    // Sunday 28 March 2027, clocks 02:00 → 03:00: 06:00 in Oslo is 04:00Z, 07:00 is 05:00Z.
    [InlineData(2027, 3, 28, "2027-03-28T05:00:00Z")]
    // Sunday 31 October 2027, clocks 03:00 → 02:00: 06:00 in Oslo is 05:00Z, 07:00 is 06:00Z.
    [InlineData(2027, 10, 31, "2027-10-31T06:00:00Z")]
    public async Task OnTheDaysTheClocksChange_TheEvaluationReminderArrivesWithThe0700OsloRun(int year, int month, int day, string sevenUtc)
    {
        var org = (await SurveyAsync(_app, rounds: 1)).OrganisationId;
        var owner = $"eier-{Guid.NewGuid():N}@example.no";
        await AddActionsAsync(_app, Action(org, "Nytt pauserom", ActionStatus.Planned, 30) with { EvaluationDate = new DateOnly(year, month, day), OwnerEmail = owner });
        var seven = At(sevenUtc);

        // From midnight in Oslo (23:00Z the evening before on 28 March, still winter time; 22:00Z on 31 October, still
        // summer time) to 06:00: nothing.
        var midnight = LocalScheduleInstant(new DateOnly(year, month, day));
        await FireHourlyAsync("SendDailyDigests", midnight.ToString("O"), seven.AddHours(-1).ToString("O"));
        await AssertNothingToAsync(owner);

        await FireAsync("SendDailyDigests", seven);
        var reminder = Assert.Single(await WaitForEmailsAsync(_app, _outbox, owner));
        Assert.Contains("Nytt pauserom", reminder.Header("Subject"), StringComparison.Ordinal);

        // The rest of the day's runs: nothing new.
        await FireHourlyAsync("SendDailyDigests", seven.AddHours(1).ToString("O"), seven.AddHours(3).ToString("O"));
        await DrainedAsync(_app);
        Assert.Single(EmailsTo(_outbox, owner));
    }

    private static DateTimeOffset LocalScheduleInstant(DateOnly date) =>
        LocalSchedule.Instant(date, TimeOnly.MinValue, Oslo);

    [Theory]
    [InlineData("2027-03-28T04:00:00Z")] // 06:00 summer time, on the day of the spring change
    [InlineData("2027-10-31T05:00:00Z")] // 06:00 winter time, on the day of the autumn change
    public async Task AnExportIsDeliveredWithThe0600OsloRun(string sixUtc)
    {
        var survey = await SurveyAsync(_app, rounds: 1, title: "Medarbeiderundersøkelse");
        await AnswerAsync(_app, survey.Tokens[0], Positions(1, 1, 4, 0, 0));
        await WaitForFoldsAsync(_app, survey.RoundIds[0], 6);
        var catalog = _app.Get<CatalogStore>();
        var round = (await catalog.GetRoundAsync(survey.SurveyId, survey.RoundIds[0], default))!;
        round.Close(DateTimeOffset.UtcNow.AddHours(-1));
        await catalog.SaveRoundAsync(survey.OrganisationId, round, default);
        var partner = $"bht-{Guid.NewGuid():N}@arca.example";
        await _app.SaveGrantAsync(survey.OrganisationId, [survey.SurveyId], DeliverySchedule.AfterRoundCloses, partner);
        var six = At(sixUtc);

        await FireHourlyAsync("DeliverExports", six.AddHours(-3).ToString("O"), six.AddHours(-1).ToString("O"));
        await AssertNothingToAsync(partner);

        await FireAsync("DeliverExports", six);
        var delivery = Assert.Single(await WaitForEmailsAsync(_app, _outbox, partner));
        Assert.Contains("Medarbeiderundersøkelse", delivery.Header("Subject"), StringComparison.Ordinal);

        await FireAsync("DeliverExports", six.AddHours(1));
        await DrainedAsync(_app);
        Assert.Single(EmailsTo(_outbox, partner));
    }

    [Fact]
    public async Task ThePartnersParticipationEmail_ArrivesWithTheMonday0700OsloRun()
    {
        var survey = await SurveyAsync(_app, rounds: 1); // open now
        var partner = $"bht-{Guid.NewGuid():N}@arca.example";
        await _app.SaveGrantAsync(survey.OrganisationId, [survey.SurveyId], DeliverySchedule.AfterRoundCloses, partner);

        // Monday 29 March 2027, the first Monday of summer time: 06:00 in Oslo is 04:00Z, 07:00 is 05:00Z.
        await FireAsync("SendPartnerParticipation", At("2027-03-29T04:00:00Z"));
        await AssertNothingToAsync(partner);
        await FireAsync("SendPartnerParticipation", At("2027-03-29T05:00:00Z"));
        await FireAsync("SendPartnerParticipation", At("2027-03-29T06:00:00Z"));

        var mail = Assert.Single(await WaitForEmailsAsync(_app, _outbox, partner));
        Assert.Contains("uke 13, 2027", mail.Header("Subject"), StringComparison.Ordinal);
    }
}
