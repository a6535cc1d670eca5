using System.Text.Json;
using System.Text.Json.Nodes;

namespace Surveys.Functions.Api;

/// <summary>Reads a JSON request body within a size limit, whatever server runs the app (Kestrel
/// enforces limits, the test server does not), and turns every way it can be wrong into a 4xx.</summary>
public static class JsonBody
{
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
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType,
                "Innholdet må være JSON", "The body must be JSON", $"Content-Type var «{type}».", $"Content-Type was '{type}'.");

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return null;

        try
        {
            return JsonNode.Parse(buffer.ToArray()) as JsonObject
                ?? throw new ApiProblemException(StatusCodes.Status400BadRequest,
                    "Innholdet må være et JSON-objekt", "The body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Ugyldig JSON", "Malformed JSON",
                $"Innholdet kunne ikke leses som JSON (linje {e.LineNumber + 1}).", e.Message);
        }
    }

    private static ApiProblemException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "Innholdet er for stort", "The body is too large",
            $"Største tillatte størrelse er {maxBytes} byte.", $"At most {maxBytes} bytes are accepted.");
}
