using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Surveys.Functions.Email;

namespace Surveys.Functions.Tests.Email;

/// <summary>The SendGrid v3 Mail Send client against a fake SendGrid over real HTTP (storage-and-email-rest.md §6).</summary>
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
        return new SendGridEmailSender(Http, Options.Create(options), TimeProvider.System, log ?? NullLogger<SendGridEmailSender>.Instance);
    }

    [Fact]
    public async Task AnEmail_IsOnePostToV3MailSend_WithTheBearerKeyAndJson()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Accepted);

        await Sender(fake).SendAsync(new EmailBuilder().Build(), default);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3/mail/send", request.Path);
        Assert.Equal("Bearer " + ApiKey, request.Authorization);
        Assert.Equal("application/json", request.ContentType);
    }

    [Fact]
    public async Task TheBody_NamesRecipientSenderAndSubject_AndPutsTextPlainBeforeTextHtml()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Accepted);
        var email = new EmailBuilder().To("kari.nordmann@example.no", "Kari Nordmann").Build();

        await Sender(fake).SendAsync(email, default);

        var body = Assert.Single(fake.Requests).Json;
        Assert.Equal(new[] { "personalizations", "from", "subject", "content", "tracking_settings" }, body.Select(p => p.Key));
        // Sign-in links are single use and recipients are not tracked: no click or open tracking.
        Assert.False((bool)body["tracking_settings"]!["click_tracking"]!["enable"]!);
        Assert.False((bool)body["tracking_settings"]!["click_tracking"]!["enable_text"]!);
        Assert.False((bool)body["tracking_settings"]!["open_tracking"]!["enable"]!);
        var to = Assert.Single(Assert.Single(body["personalizations"]!.AsArray())!["to"]!.AsArray())!;
        Assert.Equal("kari.nordmann@example.no", (string?)to["email"]);
        Assert.Equal("Kari Nordmann", (string?)to["name"]);
        Assert.Equal("noreply@surveys.example", (string?)body["from"]!["email"]);
        Assert.Equal("Spørreundersøkelser", (string?)body["from"]!["name"]);
        Assert.Equal("Logg inn i Spørreundersøkelser", (string?)body["subject"]);
        var content = body["content"]!.AsArray();
        Assert.Equal(2, content.Count);
        Assert.Equal("text/plain", (string?)content[0]!["type"]);
        Assert.Equal(email.Text, (string?)content[0]!["value"]);
        Assert.Equal("text/html", (string?)content[1]!["type"]);
        Assert.Equal(email.Html, (string?)content[1]!["value"]);
    }

    [Fact]
    public async Task WithoutHtml_OnlyTextPlainIsSent_AndARecipientWithoutNameHasNoNameField()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Accepted);

        await Sender(fake).SendAsync(new EmailBuilder().To("ola@example.no").WithoutHtml().Build(), default);

        var body = Assert.Single(fake.Requests).Json;
        var part = Assert.Single(body["content"]!.AsArray())!;
        Assert.Equal("text/plain", (string?)part["type"]);
        var to = body["personalizations"]![0]!["to"]![0]!.AsObject();
        Assert.Equal(new[] { "email" }, to.Select(p => p.Key));
    }

    [Fact]
    public async Task InSandboxMode_TheBodyEnablesSandboxAsAJsonBoolean()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Ok);

        await Sender(fake, o => o.SandboxMode = true).SendAsync(new EmailBuilder().Build(), default);

        var enable = Assert.Single(fake.Requests).Json["mail_settings"]!["sandbox_mode"]!["enable"]!;
        Assert.Equal(JsonValueKind.True, enable.GetValueKind());
    }

    [Fact]
    public async Task OutOfSandboxMode_TheBodyHasNoMailSettings()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Accepted);

        await Sender(fake, o => o.SandboxMode = false).SendAsync(new EmailBuilder().Build(), default);

        Assert.False(Assert.Single(fake.Requests).Json.ContainsKey("mail_settings"));
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
    public async Task RateLimited_IsRetriedOnceXRateLimitResetHasPassed()
    {
        var reset = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        await using var fake = await FakeSendGrid.StartAsync(
            new Reply(429, """{"errors":[{"message":"too many requests"}]}""", () => new Dictionary<string, string>
            {
                ["X-RateLimit-Limit"] = "600", ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset"] = reset.ToString(),
            }),
            Reply.Accepted);

        await Sender(fake).SendAsync(new EmailBuilder().Build(), default);

        Assert.Equal(2, fake.Requests.Count);
        Assert.True(fake.Requests[1].ReceivedAt >= DateTimeOffset.FromUnixTimeSeconds(reset),
            $"retried at {fake.Requests[1].ReceivedAt:O}, before the reset at {DateTimeOffset.FromUnixTimeSeconds(reset):O}");
    }

    [Fact]
    public async Task RateLimited_WithAResetBeyondTheLongestWait_IsTransient_AndSaysWhenToRetry()
    {
        var reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        await using var fake = await FakeSendGrid.StartAsync(
            new Reply(429, null, () => new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset.ToString() }));

        var e = await Assert.ThrowsAsync<EmailSendException>(() => Sender(fake).SendAsync(new EmailBuilder().Build(), default));

        Assert.False(e.Permanent);
        Assert.Equal(429, e.StatusCode);
        Assert.InRange(e.RetryAfter!.Value, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(61));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task RateLimitedAgainAndAgain_GivesUpAfterAFewWaits_AsTransient()
    {
        await using var fake = await FakeSendGrid.StartAsync(
            new Reply(429, null, () => new Dictionary<string, string> { ["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString() }));

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
