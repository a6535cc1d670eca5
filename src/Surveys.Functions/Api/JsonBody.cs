using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;

namespace Surveys.Functions.Api;

/// <summary>Reads a JSON request body within a size limit, whatever server runs the app (Kestrel
/// enforces limits, the test server does not), and turns every way it can be wrong into a 4xx.</summary>
/// <remarks>
/// Accepted: <c>Content-Type: application/json</c> exactly (any case), with parameters; a <c>charset</c>, if given, must
/// be UTF-8. Nothing else is JSON here, not <c>application/*+json</c> either (<c>application/problem+json</c> is an answer,
/// <c>merge-patch+json</c> would mean something else): 415. A body without a Content-Type is 415 too. A leading UTF-8
/// byte order mark is ignored (RFC 8259 §8.1 allows it; Windows tools write one). Refused with 400: bytes that are not
/// UTF-8, a string or name that is not valid UTF-16 once unescaped (a lone surrogate such as <c>\ud800</c>), and a name
/// twice in one object (which one would count?). All of it is checked before the body is handed on, so nothing later
/// meets such text (it would fail on first use, or when stored).
/// </remarks>
public static class JsonBody
{
    public const string MediaType = "application/json";

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, long maxBytes, CancellationToken ct) =>
        await ReadObjectOrNullAsync(request, maxBytes, ct)
        ?? throw new ApiProblemException(StatusCodes.Status400BadRequest, "Forespørselen mangler innhold", "The request body is empty");

    /// <summary>
    /// The JSON object, or null when the request has no body at all. A body may come without a Content-Length
    /// (chunked, as HttpClient sends JSON over a socket), so the body is read, never judged by its header.
    /// </summary>
    public static async Task<JsonObject?> ReadObjectOrNullAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength == 0) return null;
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        var type = request.ContentType;
        if (!string.IsNullOrEmpty(type)) RequireJson(type);

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return null;
        if (string.IsNullOrEmpty(type))
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType,
                "Innholdstypen mangler", "The Content-Type is missing",
                $"Send innholdet med «Content-Type: {MediaType}».", $"Send the body with 'Content-Type: {MediaType}'.");

        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>The body as one JSON object; every problem named (400).</summary>
    public static JsonObject Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith(Utf8Bom)) utf8 = utf8[Utf8Bom.Length..];
        if (!Utf8.IsValid(utf8.Span))
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Innholdet er ikke UTF-8", "The body is not UTF-8",
                "JSON må sendes som UTF-8. Innholdet har byte som ikke er gyldig UTF-8.",
                "JSON must be sent as UTF-8. The body has bytes that are not valid UTF-8.");
        try
        {
            Check(utf8.Span);
            return JsonNode.Parse(utf8.Span, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new ApiProblemException(StatusCodes.Status400BadRequest,
                    "Innholdet må være et JSON-objekt", "The body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Ugyldig JSON", "Malformed JSON",
                $"Innholdet kunne ikke leses som JSON (linje {e.LineNumber + 1}).", e.Message);
        }
    }

    /// <summary>One pass over the tokens: every string and name must unescape to valid UTF-16, and no object may
    /// have a name twice. A syntax error is a <see cref="JsonException"/>.</summary>
    private static void Check(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        var names = new Stack<HashSet<string>?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: names.Push(new HashSet<string>(StringComparer.Ordinal)); break;
                case JsonTokenType.StartArray: names.Push(null); break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray: names.Pop(); break;
                case JsonTokenType.PropertyName:
                    var name = Text(ref reader);
                    if (!names.Peek()!.Add(name))
                        throw new ApiProblemException(StatusCodes.Status400BadRequest, "Et felt er med to ganger", "A field appears twice",
                            $"«{Shown(name)}» står mer enn én gang i samme objekt.",
                            $"'{Shown(name)}' appears more than once in the same object.");
                    break;
                case JsonTokenType.String: Text(ref reader); break;
            }
        }
    }

    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Ugyldig tekst i JSON", "Invalid text in the JSON",
                $"En tekst etter byte {reader.TokenStartIndex} har en ugyldig \\u-escape (et surrogat uten sin partner, som \\ud800).",
                $"A string after byte {reader.TokenStartIndex} has an invalid \\u escape (a surrogate without its pair, such as \\ud800).");
        }
    }

    private static string Shown(string name) => name.Length > 60 ? name[..60] + "…" : name;

    /// <summary>415 unless the media type is application/json (parameters allowed; a charset must be UTF-8).</summary>
    public static void RequireJson(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type)
            || !string.Equals(type.MediaType.Value, MediaType, StringComparison.OrdinalIgnoreCase))
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType,
                "Innholdet må være JSON", "The body must be JSON",
                $"Content-Type var «{Shown(contentType)}»; send «{MediaType}».", $"Content-Type was '{Shown(contentType)}'; send '{MediaType}'.");
        var charset = type.Charset.Value;
        if (!string.IsNullOrEmpty(charset) && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "JSON må være UTF-8", "JSON must be UTF-8",
                $"Tegnsettet «{Shown(charset)}» støttes ikke.", $"The charset '{Shown(charset)}' is not supported.");
    }

    private static ApiProblemException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "Innholdet er for stort", "The body is too large",
            $"Største tillatte størrelse er {maxBytes} byte.", $"At most {maxBytes} bytes are accepted.");
}
