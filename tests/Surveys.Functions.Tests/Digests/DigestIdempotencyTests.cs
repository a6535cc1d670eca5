using Surveys.Functions.Access;
using Surveys.Functions.Email;
using Surveys.Functions.Storage;
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

        // 1. Nothing sends yet: both deliveries of the timer queue every e-mail, so the queue holds duplicates.
        await using (var quiet = new SurveysApp(runTriggers: false, tablePrefix: prefix, settings: settings))
        {
            var org = (await Review.ResultsSeed.SurveyAsync(quiet, rounds: 1)).OrganisationId;
            await AddActionsAsync(quiet, Action(org, "Tavlemøte", ActionStatus.Planned, 7));
            var amu = $"amu-{Guid.NewGuid():N}@example.no";
            var hr = $"hr-{Guid.NewGuid():N}@example.no";
            await SetExtrasAsync(quiet, org, amu, hr);
            var (_, leader) = await SubscribedMemberAsync(quiet, org, OrganisationRole.Leader);
            recipients = [amu, hr, leader];

            var occurrence = DateTimeOffset.UtcNow;
            await Task.WhenAll(RunTimerAsync(quiet, scheduled: occurrence), RunTimerAsync(quiet, scheduled: occurrence));

            var queue = quiet.Get<AppStorage>().Queue(quiet.Get<EmailQueue>().Name);
            Assert.Equal(2 * recipients.Length, await queue.GetApproximateMessageCountAsync());
        }

        // 2. The runner delivers every copy: one e-mail per recipient.
        await using var running = new SurveysApp(tablePrefix: prefix, settings: settings);
        _ = running.Server;
        foreach (var r in recipients) await WaitForEmailsAsync(running, _outbox, r);
        await DrainedAsync(running);
        Assert.All(recipients, r => Assert.Single(EmailsTo(_outbox, r)));

        // 3. The same week again (the timer once more, or a run by hand): nothing new is queued or sent.
        await RunTimerAsync(running);
        Assert.Equal(0, await RunForAsync(running, DateTimeOffset.UtcNow));
        await DrainedAsync(running);
        Assert.All(recipients, r => Assert.Single(EmailsTo(_outbox, r)));
        Assert.Equal(recipients.Length, Directory.GetFiles(_outbox, "*.eml").Length);
    }
}
