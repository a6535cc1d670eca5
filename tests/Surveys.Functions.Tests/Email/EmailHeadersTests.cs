using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SendGrid;
using Surveys.Functions.Email;

namespace Surveys.Functions.Tests.Email;

/// <summary>Extra headers (List-Unsubscribe, RFC 2369/8058): carried on the queue, sent to SendGrid, written to the outbox; injection refused.</summary>
public sealed class EmailHeadersTests : IDisposable
{
    private const string Url = "https://surveys.example.no/avmeld/Abcdefghijklmnopqrstuvwxyz0123456789_-ABCDEFG";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "surveys-outbox-" + Guid.NewGuid().ToString("N"));

    private static EmailMessage WithUnsubscribe() => new EmailBuilder().Build() with
    {
        Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = $"<{Url}>", ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click" },
    };

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Headers_SurviveTheQueueJson_AndAreLeftOutWhenThereAreNone()
    {
        var parsed = EmailMessage.Parse(WithUnsubscribe().ToJson());

        Assert.Equal($"<{Url}>", parsed.Headers!["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", parsed.Headers["List-Unsubscribe-Post"]);
        Assert.DoesNotContain("headers", new EmailBuilder().Build().ToJson());
    }

    [Theory]
    [InlineData("List-Unsubscribe", "<https://x.example>\r\nBcc: x@evil.example")]
    [InlineData("Bcc", "x@evil.example")]
    [InlineData("Reply-To", "x@evil.example")]
    [InlineData("X Bad Name", "v")]
    [InlineData("X-Empty", "")]
    [InlineData("X-Non-Ascii", "Spørreundersøkelser")]
    public void AHeaderThatCouldInjectOrOverride_IsRefusedBeforeItIsQueued(string name, string value)
    {
        var email = new EmailBuilder().Build() with { Headers = new Dictionary<string, string> { [name] = value } };

        Assert.Throws<ArgumentException>(email.Validate);
        Assert.Throws<FormatException>(() => EmailMessage.Parse(email.ToJson()));
    }

    [Fact]
    public async Task SendGrid_IsAskedToSendTheHeaders()
    {
        await using var fake = await FakeSendGrid.StartAsync(Reply.Accepted);
        var options = new SendGridOptions { ApiKey = "SG.test", BaseUrl = fake.BaseUrl, FromEmail = "noreply@surveys.example" };
        var sender = new SendGridEmailSender(new SendGridClient(new HttpClient(), options.ClientOptions()), Options.Create(options),
            TimeProvider.System, NullLogger<SendGridEmailSender>.Instance);

        await sender.SendAsync(WithUnsubscribe(), default);

        var headers = Assert.Single(fake.Requests).Email.Headers;
        Assert.Equal(2, headers.Count);
        Assert.Equal($"<{Url}>", headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public async Task TheOutbox_WritesTheHeaders_FoldingALongOneBeforeItsValue()
    {
        var outbox = new OutboxEmailSender(Options.Create(new EmailOptions { OutboxPath = _folder }),
            Options.Create(new SendGridOptions { FromEmail = "noreply@surveys.example" }), TimeProvider.System, NullLogger<OutboxEmailSender>.Instance);

        await outbox.SendAsync(WithUnsubscribe(), default);

        var text = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(_folder)), Encoding.ASCII);
        var eml = Eml.Parse(text);
        Assert.Equal($"<{Url}>", eml.Raw("List-Unsubscribe")!.Trim());
        Assert.Equal("List-Unsubscribe=One-Click", eml.Raw("List-Unsubscribe-Post"));
        // The link alone is longer than a 78-character line: it goes on a folded line of its own (RFC 5322 §2.2.3).
        Assert.Contains($"\r\nList-Unsubscribe: \r\n <{Url}>\r\n", text);
    }
}
