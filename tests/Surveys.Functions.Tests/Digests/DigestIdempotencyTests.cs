using Surveys.Functions.Access;
using Surveys.Functions.Email;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Email;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;
using static Surveys.Functions.Tests.Digests.DigestSeed;

namespace Surveys.Functions.Tests.Digests;

/// <summary>
/// Exactly once per recipient and period: the timer fires twice for one occurrence (two instances, or the
/// host's retry) and every e-mail lands on the queue twice; the runner then delivers all copies; one e-mail
/// per recipient reaches the outbox, and a further run in the same week sends nothing new.
/// </summary>
public sealed class DigestIdempotencyTests : IDisposable
{
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "surveys-digest-once-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_outbox)) Directory.Delete(_outbox, recursive: true);
    }

    [Fact]
    public async Task DuplicateTimerRuns_AndDuplicateQueueDeliveries_SendOneEmailPerRecipientAndWeek()
    {
        var settings = Settings(_outbox);
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        string[] recipients;
        // One scheduled time for every run (this week's Monday 07:00 in Oslo, the schedule's clock standing at it):
        // a run at «now» in step 3 could fall in the next ISO week.
        var occurrence = WeeklyRunOf(DateTimeOffset.UtcNow);
        var clock = new TestClock(occurrence);

        // 1. Nothing sends yet: both deliveries of the timer queue every e-mail, so the queue holds duplicates.
        await using (var quiet = new SurveysApp(runTriggers: false, tablePrefix: prefix, settings: settings, services: ScheduleClock(clock)))
        {
            var org = (await Review.ResultsSeed.SurveyAsync(quiet, rounds: 1)).OrganisationId;
            await AddActionsAsync(quiet, Action(org, "Tavlemøte", ActionStatus.Planned, 7));
            var amu = $"amu-{Guid.NewGuid():N}@example.no";
            var hr = $"hr-{Guid.NewGuid():N}@example.no";
            await SetExtrasAsync(quiet, org, amu, hr);
            var (_, leader) = await SubscribedMemberAsync(quiet, org, OrganisationRole.Leader);
            recipients = [amu, hr, leader];

            await Task.WhenAll(RunTimerAsync(quiet, scheduled: occurrence), RunTimerAsync(quiet, scheduled: occurrence));

            var queue = quiet.Get<AppStorage>().Queue(quiet.Get<EmailQueue>().Name);
            Assert.Equal(2 * recipients.Length, await queue.CountAsync());
        }

        // 2. The runner delivers every copy: one e-mail per recipient.
        await using var running = new SurveysApp(tablePrefix: prefix, settings: settings, services: ScheduleClock(clock));
        await running.StartAsync();
        foreach (var r in recipients) await WaitForEmailsAsync(running, _outbox, r);
        await DrainedAsync(running);
        Assert.All(recipients, r => Assert.Single(EmailsTo(_outbox, r)));

        // 3. The same week again (the timer once more, or a run by hand): nothing new is queued or sent.
        await RunTimerAsync(running, scheduled: occurrence);
        Assert.Equal(0, await RunForAsync(running, occurrence));
        await DrainedAsync(running);
        Assert.All(recipients, r => Assert.Single(EmailsTo(_outbox, r)));
        Assert.Equal(recipients.Length, Directory.GetFiles(_outbox, "*.eml").Length);
    }

    [Fact]
    public async Task ThroughSendGrid_ARateLimitedDigestIsRetriedAfterTheReset_AndEachRecipientGetsOneRequest()
    {
        var reset = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        await using var fake = await FakeSendGrid.StartAsync(
            new Reply(429, """{"errors":[{"message":"too many requests"}]}""", () => new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset.ToString() }),
            Reply.Accepted);
        var settings = Settings(_outbox);
        settings["Surveys:Email:Mode"] = "SendGrid";
        settings["Surveys:Email:SendGrid:BaseUrl"] = fake.BaseUrl;
        settings["Surveys:Email:SendGrid:ApiKey"] = "SG.digest-test-key";
        settings["Surveys:Email:SendGrid:FromEmail"] = "noreply@surveys.example";
        var occurrence = WeeklyRunOf(DateTimeOffset.UtcNow);
        await using var app = new SurveysApp(settings: settings, services: ScheduleClock(new TestClock(occurrence)));
        var org = (await Review.ResultsSeed.SurveyAsync(app, rounds: 1)).OrganisationId;
        await AddActionsAsync(app, Action(org, "Tavlemøte", ActionStatus.Planned, 7));
        var amu = $"amu-{Guid.NewGuid():N}@example.no";
        var hr = $"hr-{Guid.NewGuid():N}@example.no";
        await SetExtrasAsync(app, org, amu, hr);

        await Task.WhenAll(RunTimerAsync(app, scheduled: occurrence), RunTimerAsync(app, scheduled: occurrence));
        await Eventually.Until(() => Task.FromResult(fake.Requests.Count >= 3), TimeSpan.FromSeconds(60), "both digests accepted");
        await DrainedAsync(app);

        // The first request was answered 429; the script accepts every later one. Each recipient's e-mail was
        // accepted once, the rate-limited one only after X-RateLimit-Reset, and no duplicate reached SendGrid.
        var requests = fake.Requests;
        static string To(RecordedRequest r) => (string)r.Json["personalizations"]![0]!["to"]![0]!["email"]!;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("Bearer SG.digest-test-key", r.Authorization));
        var accepted = requests.Skip(1).ToList();
        Assert.Equal(new[] { amu, hr }.Order(), accepted.Select(To).Order());
        var retried = accepted.Single(r => To(r) == To(requests[0]));
        Assert.True(retried.ReceivedAt >= DateTimeOffset.FromUnixTimeSeconds(reset), $"retried at {retried.ReceivedAt:O}, before the reset");
        foreach (var r in accepted)
        {
            var body = r.Json;
            Assert.Equal(new[] { "text/plain", "text/html" }, body["content"]!.AsArray().Select(c => (string)c!["type"]!));
            Assert.StartsWith("<https://surveys.example.no/avmeld/", (string?)body["headers"]!["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", (string?)body["headers"]!["List-Unsubscribe-Post"]);
        }
    }
}
