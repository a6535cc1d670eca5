using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SendGrid;
using Surveys.Functions.Email;

namespace Surveys.Functions.Tests.Email;

/// <summary>
/// The sender on the official SendGrid client, whose <c>Host</c> is a fake SendGrid over real HTTP: what the
/// recipient gets, and how SendGrid's answers become success, a transient failure or a permanent one.
/// </summary>
public sealed class SendGridEmailSenderTests
{
    private const string ApiKey = "SG.test-key-that-must-never-be-logged";
    private static readonly HttpClient Http = new();

    private static SendGridEmailSender Sender(FakeSendGrid fake, Action<SendGridOptions>? configure = null, ILogger<SendGridEmailSender>? log = null)
    {
        var options = new SendGridOptions
        {
            ApiKey = ApiKey,
            BaseUrl = fake.BaseUrl,
            FromEmail = "noreply@surveys.example",
            FromName = "Spørreundersøkelser",
            RetryDelay = TimeSpan.FromMilliseconds(10), // the back-off schedule, compressed
        };
        configure?.Invoke(options);
        return new SendGridEmailSender(new SendGridClient(Http, options.ClientOptions()), Options.Create(options), TimeProvider.System,
            log ?? NullLogger<SendGridEmailSender>.Instance);
    }

    private static Func<IReadOnlyDictionary<string, string>> Headers(params (string Name, string Value)[] headers) =>
        () => headers.ToDictionary(h => h.Name, h => h.Value);

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheRecipient_GetsTheSubjectTextAndHtml_FromTheConfiguredSender_Untracked()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Accepted);
        var email = new EmailBuilder().To("kari.nordmann@example.no", "Kari Nordmann").Build();

        await Sender(fake).SendAsync(email, default);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("Bearer " + ApiKey, request.Authorization);
        var received = request.Email;
        Assert.Equal(new Surveys.Functions.Email.EmailAddress("kari.nordmann@example.no", "Kari Nordmann"), received.To);
        Assert.Equal(new Surveys.Functions.Email.EmailAddress("noreply@surveys.example", "Spørreundersøkelser"), received.From);
        Assert.Equal("Logg inn i Spørreundersøkelser", received.Subject);
        Assert.Equal(email.Text, received.Text);
        Assert.Equal(email.Html, received.Html);
        // Sign-in links are single use and recipients are not tracked: no click or open tracking.
        Assert.False(received.ClickTracking);
        Assert.False(received.OpenTracking);
        Assert.False(received.Sandbox);
        Assert.Empty(received.Headers);
        Assert.Empty(received.CustomArgs); // the idempotency key may hold an address: it stays with us
    }

    [Fact]
    public async Task WithoutHtml_OnlyTheTextIsSent_AndARecipientWithoutNameHasNone()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Accepted);
        var email = new EmailBuilder().To("ola@example.no").WithoutHtml().Build();

        await Sender(fake).SendAsync(email, default);

        var received = Assert.Single(fake.Requests).Email;
        Assert.Equal(new Surveys.Functions.Email.EmailAddress("ola@example.no"), received.To);
        Assert.Equal(email.Text, received.Text);
        Assert.Null(received.Html);
    }

    [Fact]
    public async Task InSandboxMode_SendGridIsToldNotToDeliver()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Ok);

        await Sender(fake, o => o.SandboxMode = true).SendAsync(new EmailBuilder().Build(), default);

        Assert.True(Assert.Single(fake.Requests).Email.Sandbox);
    }

    [Theory]
    [InlineData(202)] // queued for delivery
    [InlineData(200)] // sandbox: validated, not delivered
    public async Task AcceptedAndOk_AreSuccess(int status)
    {
        await using var fake = await FakeSendGrid.StartAsync(new Reply(status));

        await Sender(fake).SendAsync(new EmailBuilder().Build(), default);

        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task RateLimited_IsRetriedInProcess_AfterRetryAfter()
    {
        await using var fake = await FakeSendGrid.StartAsync(
            new Reply(429, """{"errors":[{"message":"too many requests"}]}""", Headers(("Retry-After", "1"))),
            Reply.Accepted);

        await Sender(fake).SendAsync(new EmailBuilder().Build(), default);

        Assert.Equal(2, fake.Requests.Count);
        Assert.True(fake.Requests[1].ReceivedAt >= fake.Requests[0].ReceivedAt.AddSeconds(1),
            $"retried at {fake.Requests[1].ReceivedAt:O}, less than Retry-After after {fake.Requests[0].ReceivedAt:O}");
    }

    [Fact]
    public async Task RateLimited_HonoursRetryAfter_BeforeXRateLimitReset()
    {
        // Retry-After says a moment, X-RateLimit-Reset an hour: the moment is waited out, so the e-mail goes now.
        await using var fake = await FakeSendGrid.StartAsync(
            new Reply(429, null, Headers(("Retry-After", "0"), ("X-RateLimit-Reset", Seconds(DateTimeOffset.UtcNow.AddHours(1))))),
            Reply.Accepted);

        await Sender(fake).SendAsync(new EmailBuilder().Build(), default);

        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task RateLimited_WithOnlyXRateLimitReset_IsRetriedOnceTheResetHasPassed()
    {
        var reset = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        await using var fake = await FakeSendGrid.StartAsync(
            new Reply(429, """{"errors":[{"message":"too many requests"}]}""", () => new Dictionary<string, string>
            {
                ["X-RateLimit-Limit"] = "600", ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture),
            }),
            Reply.Accepted);

        await Sender(fake).SendAsync(new EmailBuilder().Build(), default);

        Assert.Equal(2, fake.Requests.Count);
        Assert.True(fake.Requests[1].ReceivedAt >= DateTimeOffset.FromUnixTimeSeconds(reset),
            $"retried at {fake.Requests[1].ReceivedAt:O}, before the reset at {DateTimeOffset.FromUnixTimeSeconds(reset):O}");
    }

    [Fact]
    public async Task RateLimited_WithARetryAfterBeyondTheLongestWait_IsTransient_AndSaysWhenToRetry()
    {
        await using var fake = await FakeSendGrid.StartAsync(new Reply(429, null, Headers(("Retry-After", "3600"))));

        var e = await Assert.ThrowsAsync<EmailSendException>(() => Sender(fake).SendAsync(new EmailBuilder().Build(), default));

        Assert.False(e.Permanent);
        Assert.Equal(429, e.StatusCode);
        Assert.InRange(e.RetryAfter!.Value, TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1)); // a little past, never before
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task RateLimited_WithAResetBeyondTheLongestWait_IsTransient_AndSaysWhenToRetry()
    {
        await using var fake = await FakeSendGrid.StartAsync(
            new Reply(429, null, Headers(("X-RateLimit-Reset", Seconds(DateTimeOffset.UtcNow.AddHours(1))))));

        var e = await Assert.ThrowsAsync<EmailSendException>(() => Sender(fake).SendAsync(new EmailBuilder().Build(), default));

        Assert.False(e.Permanent);
        Assert.Equal(429, e.StatusCode);
        Assert.InRange(e.RetryAfter!.Value, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(61));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task RateLimitedAgainAndAgain_GivesUpAfterAFewWaits_AsTransient()
    {
        await using var fake = await FakeSendGrid.StartAsync(new Reply(429, null, Headers(("Retry-After", "0"))));

        var e = await Assert.ThrowsAsync<EmailSendException>(() => Sender(fake, o => o.MaxRateLimitRetries = 2).SendAsync(new EmailBuilder().Build(), default));

        Assert.False(e.Permanent);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task ServiceUnavailableOnce_ThenAccepted_Succeeds()
    {
        await using var fake = await FakeSendGrid.StartAsync(new Reply(503), Reply.Accepted);

        await Sender(fake).SendAsync(new EmailBuilder().Build(), default);

        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task ServerErrorsThatPersist_AreTransient_AfterAFewQuickRetries()
    {
        await using var fake = await FakeSendGrid.StartAsync(new Reply(500));

        var e = await Assert.ThrowsAsync<EmailSendException>(() => Sender(fake, o => o.ServerErrorRetries = 2).SendAsync(new EmailBuilder().Build(), default));

        Assert.False(e.Permanent);
        Assert.Equal(500, e.StatusCode);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task BadRequest_IsPermanent_AndCarriesSendGridsMessage()
    {
        const string message = "The from address does not match a verified Sender Identity.";
        await using var fake = await FakeSendGrid.StartAsync(Reply.Error(400, message));

        var e = await Assert.ThrowsAsync<EmailSendException>(() => Sender(fake).SendAsync(new EmailBuilder().Build(), default));

        Assert.True(e.Permanent);
        Assert.Equal(400, e.StatusCode);
        Assert.Equal(new[] { message }, e.Errors);
        Assert.Contains(message, e.Message);
        Assert.Null(e.RetryAfter);
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData(401)] // wrong key
    [InlineData(403)] // key without Mail Send, or unverified sender
    [InlineData(413)] // too large
    [InlineData(404)] // any other 4xx
    public async Task AuthenticationPermissionAndSizeErrors_ArePermanent_AndNotRetried(int status)
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Error(status, "The provided authorization grant is invalid, expired, or revoked"));

        var e = await Assert.ThrowsAsync<EmailSendException>(() => Sender(fake).SendAsync(new EmailBuilder().Build(), default));

        Assert.True(e.Permanent);
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(new[] { "The provided authorization grant is invalid, expired, or revoked" }, e.Errors);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task NoAnswerAtAll_IsTransient_WithoutStatus()
    {
        var fake = await FakeSendGrid.StartAsync();
        var sender = Sender(fake, o => o.ServerErrorRetries = 1);
        await fake.DisposeAsync(); // nothing listens there any more

        var e = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(new EmailBuilder().Build(), default));

        Assert.False(e.Permanent);
        Assert.Null(e.StatusCode);
        Assert.NotNull(e.InnerException);
    }

    [Fact]
    public async Task ASlowAnswer_TimesOut_AsTransient()
    {
        await using var fake = await FakeSendGrid.StartAsync(new Reply(202, Delay: TimeSpan.FromSeconds(5)));

        var e = await Assert.ThrowsAsync<EmailSendException>(() =>
            Sender(fake, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(200); o.ServerErrorRetries = 0; }).SendAsync(new EmailBuilder().Build(), default));

        Assert.False(e.Permanent);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task Shutdown_CancelsTheSend_AndIsNoFailureOfTheEmail()
    {
        await using var fake = await FakeSendGrid.StartAsync(new Reply(202, Delay: TimeSpan.FromSeconds(5)));
        using var shutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender(fake).SendAsync(new EmailBuilder().Build(), shutdown.Token));

        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task TheLog_NeverHoldsTheKeyTheAddressOrTheContent()
    {
        await using var fake = await FakeSendGrid.StartAsync(new Reply(503), Reply.Accepted, Reply.Error(400, "Bad"));
        var log = new CapturingLogger<SendGridEmailSender>();
        var sender = Sender(fake, log: log);
        var email = new EmailBuilder().To("kari.nordmann@example.no", "Kari Nordmann").Build();

        await sender.SendAsync(email, default);
        await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(email, default));

        Assert.NotEmpty(log.Lines);
        Assert.Contains(log.Lines, l => l.Contains("example.no"));
        foreach (var secret in new[] { ApiKey, "kari.nordmann", "Kari Nordmann", email.Subject, "logg-inn?t=abc", email.IdempotencyKey })
            Assert.DoesNotContain(log.Lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
    }
}
