using Surveys.Functions.Email;

namespace Surveys.Functions.Tests.Email;

/// <summary>A sign-in e-mail in bokmål unless told otherwise, with a fresh idempotency key.</summary>
public sealed class EmailBuilder
{
    private EmailAddress _to = new("kari.nordmann@example.no", "Kari Nordmann");
    private string _subject = "Logg inn i Spørreundersøkelser";
    private string _text = "Hei!\nBruk lenken for å logge inn: https://surveys.example/logg-inn?t=abc\nLenken gjelder i 15 minutter.";
    private string? _html = "<p>Hei!</p><p>Bruk <a href=\"https://surveys.example/logg-inn?t=abc\">lenken</a> for å logge inn. Den gjelder i 15 minutter.</p>";
    private string _key = "signin:" + Guid.NewGuid().ToString("N");

    public EmailBuilder To(string email, string? name = null)
    {
        _to = new EmailAddress(email, name);
        return this;
    }

    public EmailBuilder WithSubject(string subject)
    {
        _subject = subject;
        return this;
    }

    public EmailBuilder WithText(string text)
    {
        _text = text;
        return this;
    }

    public EmailBuilder WithHtml(string? html)
    {
        _html = html;
        return this;
    }

    public EmailBuilder WithoutHtml() => WithHtml(null);

    public EmailBuilder WithKey(string key)
    {
        _key = key;
        return this;
    }

    public EmailMessage Build() => new(_to, _subject, _text, _html, _key);
}
