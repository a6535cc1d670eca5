using System.Text;
using System.Text.RegularExpressions;

namespace Surveys.Functions.Tests.Email;

/// <summary>
/// A small, independent reader of .eml files for assertions: unfolds headers, decodes RFC 2047
/// encoded-words (B and Q), splits multipart bodies and decodes base64 and quoted-printable parts.
/// </summary>
public sealed partial class Eml
{
    private Eml(IReadOnlyList<(string Name, string Value)> rawHeaders, string rawBody)
    {
        RawHeaders = rawHeaders;
        RawBody = rawBody;
    }

    /// <summary>Header values as written (unfolded, not decoded).</summary>
    public IReadOnlyList<(string Name, string Value)> RawHeaders { get; }

    public string RawBody { get; }

    public static Eml Parse(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, "no blank line between headers and body");
        var headerText = text[..split];
        Assert.DoesNotContain("\n", headerText.Replace("\r\n", "", StringComparison.Ordinal)); // CRLF only
        var headers = new List<(string, string)>();
        foreach (var line in headerText.Split("\r\n"))
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                var (name, value) = headers[^1];
                headers[^1] = (name, value + line); // unfold: drop the CRLF, keep the whitespace
                continue;
            }
            var colon = line.IndexOf(':');
            Assert.True(colon > 0, $"not a header line: {line}");
            headers.Add((line[..colon], line[(colon + 1)..].Trim()));
        }
        return new Eml(headers, text[(split + 4)..]);
    }

    public string? Raw(string name) =>
        RawHeaders.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).SingleOrDefault();

    /// <summary>The header with encoded-words decoded.</summary>
    public string? Header(string name) => Raw(name) is { } raw ? DecodeWords(raw) : null;

    public static string DecodeWords(string value)
    {
        // Whitespace between two adjacent encoded-words is not part of the text (RFC 2047 §6.2).
        var joined = Regex.Replace(value, @"(\?=)\s+(=\?)", "$1$2");
        return EncodedWord().Replace(joined, m =>
        {
            var charset = Encoding.GetEncoding(m.Groups[1].Value);
            var bytes = m.Groups[2].Value.ToUpperInvariant() == "B"
                ? Convert.FromBase64String(m.Groups[3].Value)
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
            return charset.GetString(bytes);
        });
    }

    /// <summary>The parts of a multipart body, or the message itself as its only part.</summary>
    public IReadOnlyList<(string ContentType, string Text)> Parts()
    {
        var contentType = Raw("Content-Type") ?? "text/plain";
        var boundary = Regex.Match(contentType, "boundary=\"?([^\";]+)\"?");
        if (!contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            return [(contentType, Decode(this))];
        Assert.True(boundary.Success, "multipart without boundary");
        var delimiter = "\r\n--" + boundary.Groups[1].Value;
        var sections = ("\r\n" + RawBody).Split(delimiter);
        Assert.StartsWith("--", sections[^1]); // the closing delimiter
        // Each part starts after the rest of its delimiter line.
        return sections[1..^1].Select(s => Parse(s[(s.IndexOf("\r\n", StringComparison.Ordinal) + 2)..]))
            .Select(part => (part.Raw("Content-Type")!, Decode(part))).ToList();
    }

    private static string Decode(Eml part)
    {
        var charset = Regex.Match(part.Raw("Content-Type") ?? "", "charset=\"?([^\";]+)\"?", RegexOptions.IgnoreCase);
        var encoding = charset.Success ? Encoding.GetEncoding(charset.Groups[1].Value) : Encoding.ASCII;
        var body = part.RawBody;
        var bytes = (part.Raw("Content-Transfer-Encoding") ?? "7bit").ToLowerInvariant() switch
        {
            "base64" => Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))),
            "quoted-printable" => QuotedPrintable(body.Replace("=\r\n", "", StringComparison.Ordinal)),
            _ => Encoding.ASCII.GetBytes(body),
        };
        return encoding.GetString(bytes).TrimEnd('\r', '\n');
    }

    private static byte[] QuotedPrintable(string s)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '=' && i + 2 < s.Length)
            {
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)s[i]);
            }
        }
        return bytes.ToArray();
    }

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();
}
