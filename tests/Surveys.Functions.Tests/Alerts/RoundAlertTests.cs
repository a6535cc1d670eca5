using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Access;
using Surveys.Functions.Alerts;
using Surveys.Functions.Catalog;
using Surveys.Functions.Kiosk;
using Surveys.Functions.Tests.Email;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Functions.Tests.Review;
using Surveys.Model;
using static Surveys.Functions.Tests.Digests.DigestSeed;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Alerts;

/// <summary>
/// The real-time alert (issue 15) as a leader notices it: participants answer on the kiosk, the timer runs every ten
/// minutes (invoked here as the host would, with the alert's clock set by the test), and what arrives in the outbox is
/// one e-mail per leader when enough people answered with the two lowest faces within the window; nothing below the
/// minimum group size, nothing twice in one window. Default settings: window 2 h, threshold 30 %, minimum group 5.
/// </summary>
public sealed class RoundAlertTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(2);
    private readonly string _outbox = Directory.CreateTempSubdirectory("surveys-alert-").FullName;
    // Five minutes into a fixed window, so the runs of a test that mean «the same window» are in it.
    private readonly TestClock _clock = new(AlertWindow.StartOf(DateTimeOffset.UtcNow, Window).AddMinutes(5));
    private SurveysApp _app = null!;

    public Task InitializeAsync()
    {
        // Only the alert reads the test's clock; the kiosk and everything else keep the real one.
        _app = new SurveysApp(settings: Settings(_outbox), services: s =>
            s.AddScoped(sp => ActivatorUtilities.CreateInstance<RoundAlerts>(sp, (TimeProvider)_clock)));
        return _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_outbox, recursive: true);
    }

    /// <summary>The timer's run ten minutes after the last one (the first run is at the clock's start).</summary>
    private async Task RunAsync(TimeSpan? after = null)
    {
        _clock.Advance(after ?? TimeSpan.Zero);
        await RunTimerAsync(_app, "SendRoundAlerts");
    }

    private async Task<string> LeaderAsync(string organisationId, OrganisationRole role = OrganisationRole.Leader, IReadOnlyList<string>? units = null)
    {
        var email = $"leder-{Guid.NewGuid():N}@example.no";
        using var _ = await _app.AsMemberAsync(email, organisationId, role, units);
        return email;
    }

    private async Task AnswerAndFoldAsync(SeededSurvey survey, int already, params int[] counts)
    {
        await AnswerAsync(_app, survey.Tokens[0], Positions(counts));
        await WaitForFoldsAsync(_app, survey.RoundIds[0], already + counts.Sum());
    }

    private async Task NothingToAsync(params string[] addresses)
    {
        await DrainedAsync(_app);
        foreach (var address in addresses) Assert.Empty(EmailsTo(_outbox, address));
    }

    private static string Visible(Eml email) => Review.ResultsSeed.Visible(Bodies(email).Html);

    [Fact]
    public async Task FiveSadAnswersWithinTheWindow_SendTheLeadersOneEmail_NamingSurveyRoundCountAndShare()
    {
        var survey = await SurveyAsync(_app, rounds: 1, title: "Trivsel i kjøkkenet");
        var leader = await LeaderAsync(survey.OrganisationId);
        var admin = await LeaderAsync(survey.OrganisationId, OrganisationRole.Admin);
        await RunAsync();

        await AnswerAndFoldAsync(survey, 0, 4, 1, 0, 0, 0); // five people: every answer on face 1 or 2
        await RunAsync(TimeSpan.FromMinutes(10));

        var mail = Assert.Single(await WaitForEmailsAsync(_app, _outbox, leader));
        Assert.Single(await WaitForEmailsAsync(_app, _outbox, admin));
        var subject = mail.Header("Subject")!;
        Assert.Contains("Trivsel i kjøkkenet", subject, StringComparison.Ordinal);
        Assert.Contains("2026-før", subject, StringComparison.Ordinal);
        var (text, _) = Bodies(mail);
        var html = Visible(mail);
        foreach (var body in new[] { text, html })
        {
            Assert.Matches(new Regex(@"Antall som svarte:?\s*5\b"), body);
            Assert.Matches(new Regex(@"Andel svar på de to laveste fjesene:?\s*100 %"), body);
            // Totals only: no question, no single face.
            Assert.DoesNotContain("fagveilederen", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Sjeldent", body, StringComparison.Ordinal);
        }
        // The way to the results (the text part writes the link out; the HTML part links it).
        Assert.Contains($"{BaseUrl}/surveys/{survey.SurveyId}/results", text, StringComparison.Ordinal);
        Assert.Contains($"href=\"{BaseUrl}/surveys/{survey.SurveyId}/results\"", Bodies(mail).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FourPeopleAllOnTheLowestFace_AreBelowTheMinimum_AndSendNothing()
    {
        var survey = await SurveyAsync(_app, rounds: 1);
        var leader = await LeaderAsync(survey.OrganisationId);
        await RunAsync();

        await AnswerAndFoldAsync(survey, 0, 4, 0, 0, 0, 0);
        await RunAsync(TimeSpan.FromMinutes(10));
        await RunAsync(TimeSpan.FromMinutes(10));
        await NothingToAsync(leader);

        // The fifth person makes it a group: then, and only then, the leader hears of it, with the count of five.
        await AnswerAndFoldAsync(survey, 4, 1, 0, 0, 0, 0);
        await RunAsync(TimeSpan.FromMinutes(10));
        var mail = Assert.Single(await WaitForEmailsAsync(_app, _outbox, leader));
        Assert.Matches(new Regex(@"Antall som svarte:?\s*5\b"), Bodies(mail).Text);
    }

    [Fact]
    public async Task AShareBelowTheThreshold_SendsNothing()
    {
        var survey = await SurveyAsync(_app, rounds: 1);
        var leader = await LeaderAsync(survey.OrganisationId);
        await RunAsync();

        await AnswerAndFoldAsync(survey, 0, 1, 1, 2, 3, 3); // 2 of 10 people on faces 1–2: 20 % of the answers < 30 %
        await RunAsync(TimeSpan.FromMinutes(10));
        await NothingToAsync(leader);
    }

    [Fact]
    public async Task MoreSadAnswersInTheSameWindow_SendNothingMore_AndALaterWindowAlertsAgain()
    {
        var survey = await SurveyAsync(_app, rounds: 1);
        var leader = await LeaderAsync(survey.OrganisationId);
        await RunAsync();
        await AnswerAndFoldAsync(survey, 0, 5, 0, 0, 0, 0);
        await RunAsync(TimeSpan.FromMinutes(10));
        Assert.Single(await WaitForEmailsAsync(_app, _outbox, leader));

        // Ten minutes on, five more sad answers, and the same run twice (two instances, a run by hand): nothing new.
        await AnswerAndFoldAsync(survey, 5, 5, 0, 0, 0, 0);
        await RunAsync(TimeSpan.FromMinutes(10));
        await RunAsync();
        await NothingMoreAsync(leader, 1);

        // The first run of the next window: a new alert, for the five who answered since the last one (not all ten).
        _clock.Now = AlertWindow.StartOf(_clock.Now, Window) + Window + TimeSpan.FromMinutes(5);
        await RunAsync();
        var mails = await WaitForEmailsAsync(_app, _outbox, leader, 2);
        Assert.Equal(2, mails.Count);
        Assert.Matches(new Regex(@"Antall som svarte:?\s*5\b"), Bodies(mails[1]).Text);

        // And that window, too, alerts only once.
        await AnswerAndFoldAsync(survey, 10, 0, 5, 0, 0, 0);
        await RunAsync(TimeSpan.FromMinutes(10));
        await NothingMoreAsync(leader, 2);
    }

    private async Task NothingMoreAsync(string address, int count)
    {
        await DrainedAsync(_app);
        Assert.Equal(count, EmailsTo(_outbox, address).Count);
    }

    [Fact]
    public async Task ASurveyRunInOneUnit_AlertsItsLeadersAndUnlimitedOnes_NotLeadersOfOtherUnits()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = _app.Get<CatalogStore>();
        var org = "org-" + id;
        await catalog.SaveOrganisationAsync(new Organisation(org, "Test Arbeid AS", ["AFT", "VTA"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey("survey-" + id, org, "Trivsel VTA", Instruments.Wellbeing.Id, [], [], Unit: "VTA"), default);
        await catalog.SaveRoundAsync(org, Round.Create("round-" + id, "survey-" + id, "Desember", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)), default);
        var token = await _app.Get<KioskLinkStore>().CreateAsync(org, "survey-" + id, "round-" + id, default);
        var survey = new SeededSurvey(org, "survey-" + id, ["round-" + id], [token]);
        var vta = await LeaderAsync(org, units: ["VTA"]);
        var aft = await LeaderAsync(org, units: ["AFT"]);
        var everyUnit = await LeaderAsync(org);
        var admin = await LeaderAsync(org, OrganisationRole.Admin);
        await RunAsync();

        await AnswerAndFoldAsync(survey, 0, 3, 3, 0, 0, 0);
        await RunAsync(TimeSpan.FromMinutes(10));

        foreach (var address in new[] { vta, everyUnit, admin }) Assert.Single(await WaitForEmailsAsync(_app, _outbox, address));
        await NothingToAsync(aft);
    }

    [Fact]
    public async Task ASurveyWithoutFaces_NeverAlerts()
    {
        var survey = await SurveyAsync(_app, rounds: 1);
        var catalog = _app.Get<CatalogStore>();
        // The same organisation's ethics self-evaluation (a knowledge scale, not faces) on its own kiosk link.
        var ethics = "survey-ethics-" + Guid.NewGuid().ToString("N")[..8];
        await catalog.SaveSurveyAsync(new StoredSurvey(ethics, survey.OrganisationId, "Etikk", Instruments.Ethics.Id, [], []), default);
        await catalog.SaveRoundAsync(survey.OrganisationId, Round.Create(ethics + "-r", ethics, "Høst", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)), default);
        var token = await _app.Get<KioskLinkStore>().CreateAsync(survey.OrganisationId, ethics, ethics + "-r", default);
        var leader = await LeaderAsync(survey.OrganisationId);
        await RunAsync();

        var items = Instruments.Ethics.Items.Select(i => i.Id).ToList();
        await AnswerAsync(_app, token, Positions(6, 0, 0, 0, 0), items);
        await WaitForFoldsAsync(_app, ethics + "-r", 6);
        await RunAsync(TimeSpan.FromMinutes(10));
        await NothingToAsync(leader);
    }

    [Fact]
    public async Task TurnedOff_TheTimerSendsNothing()
    {
        await using var off = new SurveysApp(settings: new(Settings(_outbox)) { ["Surveys:Alerts:Enabled"] = "false" });
        var survey = await SurveyAsync(off, rounds: 1);
        var email = $"leder-{Guid.NewGuid():N}@example.no";
        using (await off.AsMemberAsync(email, survey.OrganisationId, OrganisationRole.Leader)) { }
        await RunTimerAsync(off, "SendRoundAlerts");
        await AnswerAsync(off, survey.Tokens[0], Positions(5, 0, 0, 0, 0));
        await WaitForFoldsAsync(off, survey.RoundIds[0], 5);
        await RunTimerAsync(off, "SendRoundAlerts");
        await DrainedAsync(off);
        Assert.Empty(EmailsTo(_outbox, email));
    }

    [Theory]
    [InlineData("Surveys:Alerts:Window", "00:05:00", "Surveys:Alerts:Window")]
    [InlineData("Surveys:Alerts:Window", "2.00:00:00", "Surveys:Alerts:Window")]
    [InlineData("Surveys:Alerts:Threshold", "0", "Surveys:Alerts:Threshold")]
    [InlineData("Surveys:Alerts:Threshold", "30", "Surveys:Alerts:Threshold")]
    public async Task ABadSetting_StopsTheAppOnStart_NamingIt(string setting, string value, string named)
    {
        await using var app = new SurveysApp(runTriggers: false, settings: new() { [setting] = value });

        var e = await app.StartFailureAsync();

        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(e is AggregateException a ? a.InnerException : e);
        Assert.Contains(validation.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void TheDefaults_AreValid()
    {
        Assert.True(new AlertOptionsValidator().Validate(null, new AlertOptions()).Succeeded);
        Assert.Equal(TimeSpan.FromHours(2), new AlertOptions().Window);
        Assert.Equal(0.3, new AlertOptions().Threshold);
    }
}
