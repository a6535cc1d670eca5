using System.Text.Json;
using System.Text.Json.Serialization;

namespace Surveys.Functions.Email;

/// <summary>A mailbox: the address and, optionally, the name shown with it.</summary>
public sealed record EmailAddress(
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("name")] string? Name = null)
{
    public override string ToString() => Name is null ? Email : $"{Name} <{Email}>";

    /// <summary>The part after '@', the most a log line may say about a recipient.</summary>
    public string Domain => Email[(Email.LastIndexOf('@') + 1)..];
}

/// <summary>
/// One e-mail to one recipient, as it travels on the <c>emails</c> queue. <see cref="IdempotencyKey"/>
/// names the e-mail, not the queue message (<c>signin:&lt;hash&gt;</c>, <c>digest:&lt;org&gt;:&lt;recipient&gt;:&lt;period&gt;</c>):
/// however often a message with the same key is delivered or enqueued, the e-mail is sent once.
/// <see cref="Headers"/> are extra headers such as <c>List-Unsubscribe</c> (RFC 2369/8058), passed to
/// SendGrid's <c>headers</c> and written into outbox files; ones the provider sets itself are refused.
/// </summary>
public sealed record EmailMessage(
    [property: JsonPropertyName("to")] EmailAddress To,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("html")] string? Html,
    [property: JsonPropertyName("idempotencyKey")] string IdempotencyKey,
    [property: JsonPropertyName("headers"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Headers = null,
    [property: JsonPropertyName("deferrals"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Deferrals = 0)
{
    /// <summary>Headers the message's own fields or the provider set; never extra headers (SendGrid refuses most of them too).</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "To", "From", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        "Cc", "Bcc", "Reply-To", "Sender", "Return-Path", "Received", "DKIM-Signature", "X-SG-ID", "X-SG-EID",
    };

    /// <summary>SendGrid accepts longer subjects, but mail clients cut them well before this.</summary>
    public const int MaxSubjectLength = 255;

    public const int MaxIdempotencyKeyLength = 512;

    /// <summary>
    /// Queue JSON without escaping æøå, &lt; or &gt; as \uXXXX (the default encoder's HTML-safety is not needed
    /// in a queue message, and it would make a Norwegian HTML e-mail up to six times larger).
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(this, QueueJson);

    private static readonly JsonSerializerOptions QueueJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <exception cref="FormatException">The text is not a valid e-mail message.</exception>
    public static EmailMessage Parse(string text)
    {
        EmailMessage? m;
        try
        {
            m = JsonSerializer.Deserialize<EmailMessage>(text);
        }
        catch (JsonException e)
        {
            throw new FormatException("The message is not an e-mail message: " + e.Message, e);
        }
        if (m is null) throw new FormatException("The message is not an e-mail message.");
        var problem = m.Problem();
        return problem is null ? m : throw new FormatException(problem);
    }

    /// <summary>Throws when the message could not be sent as it is (checked before it is queued).</summary>
    /// <exception cref="ArgumentException">What is wrong with it.</exception>
    public void Validate()
    {
        if (Problem() is { } problem) throw new ArgumentException(problem);
    }

    /// <summary>What makes the message unsendable, or null. Line breaks in headers are refused so no
    /// recipient name or subject can add a header of its own.</summary>
    public string? Problem()
    {
        if (To is null || !IsAddress(To.Email)) return "The recipient address is missing or not an e-mail address.";
        if (To.Name is not null && HasControlCharacters(To.Name)) return "The recipient name contains line breaks or control characters.";
        if (string.IsNullOrWhiteSpace(Subject)) return "The subject is empty.";
        if (Subject.Length > MaxSubjectLength) return $"The subject is longer than {MaxSubjectLength} characters.";
        if (HasControlCharacters(Subject)) return "The subject contains line breaks or control characters.";
        if (string.IsNullOrWhiteSpace(Text)) return "The plain text body is empty (it is required, and comes before the HTML part).";
        if (Html is { Length: 0 }) return "The HTML body is empty: leave it out instead.";
        if (string.IsNullOrWhiteSpace(IdempotencyKey)) return "The idempotency key is empty.";
        if (Deferrals < 0) return "The number of deferrals is negative.";
        if (IdempotencyKey.Length > MaxIdempotencyKeyLength) return $"The idempotency key is longer than {MaxIdempotencyKeyLength} characters.";
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrEmpty(name) || name.Length > 76 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || ReservedHeaders.Contains(name))
                return $"The header name '{name}' cannot be set on a message.";
            if (value is null || value.Length is 0 or > 900 || value.Any(c => c is < ' ' or >= '\u007f'))
                return $"The header {name} must be printable ASCII on one line, at most 900 characters.";
        }
        return null;
    }

    /// <summary>A deliberately simple check (one '@', no spaces, brackets, quotes or separators): the
    /// provider has the final word, this only keeps the headers and the JSON well-formed.</summary>
    public static bool IsAddress(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > 254) return false;
        var at = address.IndexOf('@');
        if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1) return false;
        foreach (var c in address)
        {
            if (c <= ' ' || c >= '\u007f' || c is '<' or '>' or '"' or '(' or ')' or ',' or ';' or ':' or '[' or ']' or '\\') return false;
        }
        return true;
    }

    private static bool HasControlCharacters(string s) => s.Any(char.IsControl);
}
