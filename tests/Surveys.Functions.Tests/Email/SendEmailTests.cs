using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendGrid;
using Surveys.Functions.Email;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Email;

/// <summary>
/// The SendEmail queue function through the real app: queued by EmailQueue, picked up by the local
/// queue trigger, sent once per idempotency key, refusals recorded, outages retried into poison.
/// </summary>
public sealed class SendEmailTests : IDisposable
{
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "surveys-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly string _emailsQueue = TestStorage.UniqueName("emails");

    public void Dispose()
    {
        if (Directory.Exists(_outbox)) Directory.Delete(_outbox, recursive: true);
    }

    /// <summary>The real app with its own emails queue, writing to a temporary outbox.</summary>
    private SurveysApp OutboxApp() => new(settings: new()
    {
        ["EmailsQueue"] = _emailsQueue,
        ["Surveys:Email:Mode"] = "Outbox",
        ["Surveys:Email:OutboxPath"] = _outbox,
    });

    /// <summary>The real app sending to a fake SendGrid, with the back-off compressed.</summary>
    private SurveysApp SendGridApp(FakeSendGrid fake, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["EmailsQueue"] = _emailsQueue,
            ["Surveys:Email:Mode"] = "SendGrid",
            ["Surveys:Email:SendGrid:BaseUrl"] = fake.BaseUrl,
            ["Surveys:Email:SendGrid:ApiKey"] = "SG.test-key",
            ["Surveys:Email:SendGrid:FromEmail"] = "noreply@surveys.example",
            ["Surveys:Email:SendGrid:RetryDelay"] = "00:00:00.010",
            ["Surveys:Email:SendGrid:ServerErrorRetries"] = "1",
        };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return new SurveysApp(settings: settings);
    }

    private static async Task<int> CountAsync(QueueClient queue) =>
        await queue.CountAsync();

    [Fact]
    public async Task TheSameIdempotencyKeyQueuedTwice_IsWrittenToTheOutboxOnce()
    {
        await using var app = OutboxApp();
        var email = new EmailBuilder().Build();
        var queue = app.Get<EmailQueue>();

        await Task.WhenAll(queue.EnqueueAsync(email, default), queue.EnqueueAsync(email with { Subject = "Same key, another copy" }, default));

        var emails = app.Get<AppStorage>().Queue(_emailsQueue);
        await Eventually.Until(async () => (await app.Get<SentEmailStore>().FindAsync(email.IdempotencyKey, default))?.Status == SentEmailStatus.Sent
            && await CountAsync(emails) == 0, what: "both messages handled");
        Assert.Single(Directory.GetFiles(_outbox, "*.eml"));
        Assert.Equal(0, await CountAsync(app.Get<AppStorage>().Queue(_emailsQueue + "-poison")));
    }

    [Fact]
    public async Task AnEmailQueuedAgainAfterItWasSent_IsNotSentAgain()
    {
        await using var app = OutboxApp();
        var email = new EmailBuilder().Build();
        await app.Get<EmailQueue>().EnqueueAsync(email, default);
        await Eventually.Until(async () => (await app.Get<SentEmailStore>().FindAsync(email.IdempotencyKey, default))?.Status == SentEmailStatus.Sent, what: "the first send");

        await app.Get<EmailQueue>().EnqueueAsync(email, default);

        await Eventually.Until(async () => await CountAsync(app.Get<AppStorage>().Queue(_emailsQueue)) == 0, what: "the second message handled");
        Assert.Single(Directory.GetFiles(_outbox, "*.eml"));
    }

    [Fact]
    public async Task APermanentSendGridRefusal_IsRecordedAsFailed_AndNotRetried()
    {
        const string refusal = "The from address does not match a verified Sender Identity.";
        await using var fake = await FakeSendGrid.StartAsync(Reply.Error(400, refusal));
        await using var app = SendGridApp(fake);
        var email = new EmailBuilder().Build();

        await app.Get<EmailQueue>().EnqueueAsync(email, default);

        var record = await Eventually.Until(() => app.Get<SentEmailStore>().FindAsync(email.IdempotencyKey, default),
            r => r?.Status == SentEmailStatus.Failed, what: "the failure record");
        Assert.Equal(400, record!.StatusCode);
        Assert.Contains(refusal, record.Error);
        await Eventually.Until(async () => await CountAsync(app.Get<AppStorage>().Queue(_emailsQueue)) == 0, what: "the queue to drain");
        Assert.Single(fake.Requests);
        Assert.False(await app.Get<AppStorage>().Queue(_emailsQueue + "-poison").ExistsAsync());
    }

    [Fact]
    public async Task ARateLimitWithADistantRetryAfter_IsWaitedOutOnTheQueue_NotRetriedIntoPoison()
    {
        // Retry-After is further away than the sender waits in-process (1 s here, 60 s by default): the e-mail goes
        // back on the queue until then instead of using up its attempts at once.
        await using var fake = await FakeSendGrid.StartAsync(
            new Reply(429, """{"errors":[{"message":"too many requests"}]}""", () => new Dictionary<string, string> { ["Retry-After"] = "4" }),
            Reply.Accepted);
        await using var app = SendGridApp(fake, new() { ["Surveys:Email:SendGrid:MaxRateLimitWait"] = "00:00:01" });
        var email = new EmailBuilder().Build();

        await app.Get<EmailQueue>().EnqueueAsync(email, default);

        await Eventually.Until(() => app.Get<SentEmailStore>().FindAsync(email.IdempotencyKey, default),
            r => r?.Status == SentEmailStatus.Sent, timeout: TimeSpan.FromSeconds(45), what: "the e-mail to be sent after the reset");
        Assert.Equal(2, fake.Requests.Count);
        Assert.True(fake.Requests[1].ReceivedAt >= fake.Requests[0].ReceivedAt.AddSeconds(4),
            $"sent again at {fake.Requests[1].ReceivedAt:O}, less than Retry-After after {fake.Requests[0].ReceivedAt:O}");
        Assert.Equal(0, await CountAsync(app.Get<AppStorage>().Queue(_emailsQueue + "-poison")));
    }

    [Fact]
    public async Task ASendGridOutageThatNeverEnds_LeavesTheEmailInEmailsPoison_AndFreeToSendLater()
    {
        await using var fake = await FakeSendGrid.StartAsync(new Reply(503));
        await using var app = SendGridApp(fake);
        var email = new EmailBuilder().Build();

        await app.Get<EmailQueue>().EnqueueAsync(email, default);

        var poison = app.Get<AppStorage>().Queue(_emailsQueue + "-poison");
        await Eventually.Until(async () => await CountAsync(poison) == 1, what: "the poisoned message");
        Assert.Equal(email, EmailMessage.Parse(Assert.Single((await poison.PeekMessagesAsync(5)).Value).Body.ToString()));
        Assert.Equal(5 * 2, fake.Requests.Count); // maxDequeueCount attempts, each with one quick retry
        Assert.Null(await app.Get<SentEmailStore>().FindAsync(email.IdempotencyKey, default)); // released: queued again, it is sent
    }

    [Fact]
    public async Task TheAppRunsOnTheOutboxUnlessToldOtherwise()
    {
        await using var app = new SurveysApp(runTriggers: false);

        Assert.IsType<OutboxEmailSender>(app.Services.GetRequiredService<IEmailSender>());
        Assert.Null(app.Services.GetService<ISendGridClient>());
    }

    [Fact]
    public async Task InSendGridMode_TheKeyComesFromTheSendGridApiKeyAppSetting_WhenNotSetOtherwise()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Accepted);
        await using var app = SendGridApp(fake, new()
        {
            ["Surveys:Email:SendGrid:ApiKey"] = null,
            [SendGridOptions.ApiKeyAppSetting] = "SG.from-app-setting",
        });

        var sender = app.Services.GetRequiredService<IEmailSender>();
        await sender.SendAsync(new EmailBuilder().Build(), default);

        Assert.IsType<SendGridEmailSender>(sender);
        Assert.IsType<SendGridClient>(app.Services.GetRequiredService<ISendGridClient>());
        Assert.Equal("Bearer SG.from-app-setting", Assert.Single(fake.Requests).Authorization);
    }

    [Fact]
    public async Task InSendGridMode_AMissingKeyAndSender_StopTheAppOnStart_NamingBoth()
    {
        await using var app = new SurveysApp(runTriggers: false, settings: new() { ["Surveys:Email:Mode"] = "SendGrid" });

        var e = await app.StartFailureAsync();

        var validation = Assert.IsType<OptionsValidationException>(e is AggregateException a ? a.InnerException : e);
        Assert.Contains(validation.Failures, f => f.Contains("SendGridApiKey"));
        Assert.Contains(validation.Failures, f => f.Contains("FromEmail"));
    }

    [Fact]
    public async Task AnUnknownMode_StopsTheAppOnStart()
    {
        await using var app = new SurveysApp(runTriggers: false, settings: new() { ["Surveys:Email:Mode"] = "Smtp" });

        var e = await app.StartFailureAsync();

        Assert.Contains("Outbox or SendGrid", e?.ToString());
    }
}
