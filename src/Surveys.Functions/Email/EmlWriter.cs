using System.Globalization;
using System.Text;

namespace Surveys.Functions.Email;

/// <summary>
/// Writes an e-mail as an RFC 5322 message with MIME (RFC 2045–2047): UTF-8 everywhere, headers
/// with non-ASCII text as <c>=?utf-8?B?…?=</c> encoded-words, bodies base64 in 76-character lines,
/// and <c>multipart/alternative</c> with text/plain before text/html (the last part is the
/// preferred one), so any mail client shows æøå as written.
/// </summary>
public static class EmlWriter
{
    private const string Crlf = "\r\n";

    public static byte[] Write(EmailMessage message, EmailAddress from, DateTimeOffset date, string messageId)
    {
        var eml = new StringBuilder();
        Header(eml, "From", Mailbox(from, "From"));
        Header(eml, "To", Mailbox(message.To, "To"));
        Header(eml, "Subject", Text(message.Subject, "Subject".Length + 2));
        Header(eml, "Date", date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000");
        Header(eml, "Message-ID", $"<{messageId}>");
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            // Validated printable ASCII; folded before the value when the line would pass 78 characters.
            Header(eml, name, name.Length + 2 + value.Length > 78 ? Crlf + " " + value : value);
        }
        Header(eml, "MIME-Version", "1.0");
        if (message.Html is null)
        {
            Part(eml, "text/plain", message.Text);
        }
        else
        {
            // Base64 never contains '_', so the boundary cannot occur inside a part.
            var boundary = "=_surveys_" + Guid.NewGuid().ToString("N");
            Header(eml, "Content-Type", $"multipart/alternative;{Crlf} boundary=\"{boundary}\"");
            eml.Append(Crlf);
            eml.Append("This is a multi-part message in MIME format.").Append(Crlf);
            foreach (var (type, text) in new[] { ("text/plain", message.Text), ("text/html", message.Html) })
            {
                eml.Append("--").Append(boundary).Append(Crlf);
                Part(eml, type, text);
            }
            eml.Append("--").Append(boundary).Append("--").Append(Crlf);
        }
        return Encoding.ASCII.GetBytes(eml.ToString());
    }

    private static void Header(StringBuilder eml, string name, string value) => eml.Append(name).Append(": ").Append(value).Append(Crlf);

    private static void Part(StringBuilder eml, string type, string text)
    {
        Header(eml, "Content-Type", type + "; charset=utf-8");
        Header(eml, "Content-Transfer-Encoding", "base64");
        eml.Append(Crlf);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text.ReplaceLineEndings(Crlf)));
        for (var i = 0; i < base64.Length; i += 76)
            eml.Append(base64.AsSpan(i, Math.Min(76, base64.Length - i))).Append(Crlf);
    }

    /// <summary><c>"Name" &lt;address&gt;</c>; a non-ASCII name as encoded-words. Folded before the
    /// address when the line would pass 78 characters.</summary>
    private static string Mailbox(EmailAddress address, string header)
    {
        if (string.IsNullOrWhiteSpace(address.Name)) return address.Email;
        var used = header.Length + 2;
        var quoted = "\"" + address.Name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var name = IsPlainAscii(address.Name) && used + quoted.Length <= 78 ? quoted : EncodedWords(address.Name, used);
        var lastLine = name.Contains('\n') ? name.Length - name.LastIndexOf('\n') - 1 : used + name.Length;
        var separator = lastLine + " <>".Length + address.Email.Length > 78 ? Crlf + " " : " ";
        return $"{name}{separator}<{address.Email}>";
    }

    /// <summary>Unstructured header text: as it is when plain ASCII, else encoded-words.</summary>
    private static string Text(string text, int used) =>
        IsPlainAscii(text) && used + text.Length <= 78 ? text : EncodedWords(text, used);

    private static bool IsPlainAscii(string s) =>
        s.All(c => c is >= ' ' and < '\u007f') && !s.Contains("=?", StringComparison.Ordinal);

    /// <summary>
    /// RFC 2047 B-encoded words of at most 75 characters, one per line (folded), the first sized to
    /// fit after the header name, split only between characters (never inside a UTF-8 sequence) so
    /// each word decodes on its own. <paramref name="used"/> is how much of the first line is taken.
    /// </summary>
    internal static string EncodedWords(string text, int used = 0)
    {
        const string prefix = "=?utf-8?B?", suffix = "?=";
        static int BytesFor(int room) => (Math.Min(room, 75) - prefix.Length - suffix.Length) / 4 * 3;

        var words = new StringBuilder();
        var room = 78 - used;
        if (BytesFor(room) < 4)
        {
            words.Append(Crlf).Append(' '); // not even one character fits: start on the next line
            room = 77;
        }
        var chunk = new List<byte>();
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            if (chunk.Count + length > BytesFor(room))
            {
                words.Append(prefix).Append(Convert.ToBase64String(chunk.ToArray())).Append(suffix).Append(Crlf).Append(' ');
                chunk.Clear();
                room = 77; // a folded line starts with one space
            }
            for (var i = 0; i < length; i++) chunk.Add(buffer[i]);
        }
        return words.Append(prefix).Append(Convert.ToBase64String(chunk.ToArray())).Append(suffix).ToString();
    }
}
