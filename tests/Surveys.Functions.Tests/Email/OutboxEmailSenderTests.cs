using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Surveys.Functions.Email;

namespace Surveys.Functions.Tests.Email;

/// <summary>The local outbox: .eml files a person opens in a mail client, read back here by an independent parser.</summary>
public sealed class OutboxEmailSenderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "surveys-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 21, 10, 15, 2, 123, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private OutboxEmailSender Outbox(string? fromEmail = "noreply@surveys.example") => new(
        Options.Create(new EmailOptions { OutboxPath = _folder }),
        Options.Create(new SendGridOptions { FromEmail = fromEmail, FromName = "Spørreundersøkelser" }),
        _clock, NullLogger<OutboxEmailSender>.Instance);

    private async Task<(string Path, string Text)> SendAndReadAsync(EmailMessage email)
    {
        await Outbox().SendAsync(email, default);
        var path = Assert.Single(Directory.GetFiles(_folder));
        return (path, await File.ReadAllTextAsync(path, Encoding.ASCII));
    }

    [Fact]
    public async Task AnEmailWithÆøå_IsAnEmlWhoseHeadersDecodeToTheOriginal()
    {
        var email = new EmailBuilder().To("bjorn@example.no", "Bjørn Ærlig Håkonsen").WithSubject("Logg inn i Spørreundersøkelser").Build();

        var (_, text) = await SendAndReadAsync(email);

        var eml = Eml.Parse(text);
        Assert.Equal("Logg inn i Spørreundersøkelser", eml.Header("Subject"));
        Assert.StartsWith("=?utf-8?B?", eml.Raw("Subject"));
        Assert.Equal("Bjørn Ærlig Håkonsen <bjorn@example.no>", eml.Header("To"));
        Assert.Equal("Spørreundersøkelser <noreply@surveys.example>", eml.Header("From"));
        Assert.Equal("1.0", eml.Header("MIME-Version"));
        Assert.Equal(_clock.Now, DateTimeOffset.ParseExact(eml.Header("Date")!, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture).AddMilliseconds(123));
        Assert.Matches("^<[0-9a-f]{32}@surveys\\.example>$", eml.Header("Message-ID"));
    }

    [Fact]
    public async Task TheBody_IsMultipartAlternative_TextPlainThenTextHtml_BothDecodingToTheOriginal()
    {
        var email = new EmailBuilder().WithText("Hei Åse!\nSvarene dine er lagret. Takk for at du tok deg tid – «flott»!")
            .WithHtml("<p>Hei Åse!</p><p>Svarene dine er lagret. Takk for at du tok deg tid – «flott»!</p>").Build();

        var (_, text) = await SendAndReadAsync(email);

        var eml = Eml.Parse(text);
        Assert.StartsWith("multipart/alternative;", eml.Raw("Content-Type"));
        var parts = eml.Parts();
        Assert.Equal(2, parts.Count);
        Assert.Equal("text/plain; charset=utf-8", parts[0].ContentType);
        Assert.Equal(email.Text.ReplaceLineEndings("\r\n"), parts[0].Text);
        Assert.Equal("text/html; charset=utf-8", parts[1].ContentType);
        Assert.Equal(email.Html, parts[1].Text);
    }

    [Fact]
    public async Task TheFile_IsSevenBitAscii_WithCrlfLinesOfAtMost78Characters()
    {
        var email = new EmailBuilder().To("bjorn.haakonsen.med.langt.navn@example.no", "Bjørn Ærlig Håkonsen-Øvrebø Skjærvø")
            .WithSubject(string.Concat(Enumerable.Repeat("Påminnelse: svar på spørreundersøkelsen før fristen. ", 4)).Trim()).Build();

        var (path, text) = await SendAndReadAsync(email);

        Assert.All(await File.ReadAllBytesAsync(path), b => Assert.True(b < 128, $"byte {b} is not 7-bit"));
        Assert.DoesNotMatch("[^\r]\n", text);
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 78, $"{line.Length} characters: {line}"));
        Assert.Equal(email.Subject, Eml.Parse(text).Header("Subject"));
        Assert.Equal($"{email.To.Name} <{email.To.Email}>", Eml.Parse(text).Header("To"));
    }

    [Fact]
    public void ALongSubject_IsSplitIntoEncodedWordsThatEachDecodeOnTheirOwn()
    {
        var subject = string.Concat(Enumerable.Repeat("Spørsmål 😀 om æøå ", 12));

        var folded = EmlWriter.EncodedWords(subject, "Subject: ".Length);

        var words = folded.Split("\r\n ");
        Assert.True(words.Length > 3);
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        Assert.All(words, w =>
        {
            Assert.True(w.Length <= 75, w);
            Assert.Matches("^=\\?utf-8\\?B\\?[A-Za-z0-9+/=]+\\?=$", w);
            strict.GetString(Convert.FromBase64String(w[10..^2])); // a whole number of characters
        });
        Assert.True("Subject: ".Length + words[0].Length <= 78);
        Assert.Equal(subject, Eml.DecodeWords(folded));
    }

    [Fact]
    public async Task WithoutHtml_TheEmlIsOneTextPlainPart()
    {
        var email = new EmailBuilder().WithoutHtml().Build();

        var (_, text) = await SendAndReadAsync(email);

        var part = Assert.Single(Eml.Parse(text).Parts());
        Assert.Equal("text/plain; charset=utf-8", part.ContentType);
        Assert.Equal(email.Text.ReplaceLineEndings("\r\n"), part.Text);
    }

    [Fact]
    public async Task FileNames_SortByTime_NameTheRecipient_AndLeaveNoTemporaryFiles()
    {
        var outbox = Outbox();
        await outbox.SendAsync(new EmailBuilder().To("Kari.Nordmann@Example.no").Build(), default);
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        await outbox.SendAsync(new EmailBuilder().To("ola+test@example.no").Build(), default);

        var names = Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(2, names.Length);
        Assert.Matches("^20261121T101502123Z-kari-nordmann-example-no-[0-9a-f]{8}\\.eml$", names[0]);
        Assert.Matches("^20261121T101502128Z-ola-test-example-no-[0-9a-f]{8}\\.eml$", names[1]);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [Fact]
    public async Task WithoutAConfiguredSender_TheOutboxStillWritesAValidFrom()
    {
        await Outbox(fromEmail: null).SendAsync(new EmailBuilder().Build(), default);

        var eml = Eml.Parse(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(_folder))));
        Assert.Equal("Spørreundersøkelser <noreply@surveys.invalid>", eml.Header("From"));
    }
}
