using Surveys.Functions.Email;

namespace Surveys.Functions.Tests.Email;

/// <summary>The e-mail as it travels on the queue, and what is refused before it is queued.</summary>
public sealed class EmailMessageTests
{
    [Fact]
    public void AnEmail_SurvivesTheQueueJson()
    {
        var email = new EmailBuilder().WithKey("digest:org-1:kari@example.no:2026-W47").Build();

        Assert.Equal(email, EmailMessage.Parse(email.ToJson()));
        Assert.Contains("\"idempotencyKey\":", email.ToJson());
    }

    [Theory]
    [InlineData("not-an-address", "Kari", "Emne", "Tekst", "k")]
    [InlineData("kari@example.no\r\nBcc: x@evil.example", "Kari", "Emne", "Tekst", "k")]
    [InlineData("kari@example.no", "Kari\r\nBcc: x@evil.example", "Emne", "Tekst", "k")]
    [InlineData("kari@example.no", "Kari", "Emne\r\nBcc: x@evil.example", "Tekst", "k")]
    [InlineData("kari@example.no", "Kari", " ", "Tekst", "k")]
    [InlineData("kari@example.no", "Kari", "Emne", "", "k")]
    [InlineData("kari@example.no", "Kari", "Emne", "Tekst", "")]
    public void AnEmailThatCannotBeSentAsItIs_IsRefusedBeforeItIsQueued(string address, string name, string subject, string text, string key)
    {
        var email = new EmailMessage(new EmailAddress(address, name), subject, text, null, key);

        Assert.Throws<ArgumentException>(email.Validate);
        Assert.Throws<FormatException>(() => EmailMessage.Parse(email.ToJson()));
    }

    [Fact]
    public void SomethingElseOnTheQueue_IsAFormatException()
    {
        Assert.Throws<FormatException>(() => EmailMessage.Parse("{not json"));
        Assert.Throws<FormatException>(() => EmailMessage.Parse("""{"roundId":"r1"}"""));
    }

    [Fact]
    public void TheRecipientDomain_IsAllALogMaySay()
    {
        Assert.Equal("example.no", new EmailAddress("kari.nordmann@example.no", "Kari").Domain);
    }
}
