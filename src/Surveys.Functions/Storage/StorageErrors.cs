using System.Text.Json;
using System.Xml.Linq;
using Azure;

namespace Surveys.Functions.Storage;

/// <summary>Turns a non-success response into <see cref="RequestFailedException"/> with the service's error code and message.</summary>
internal static class StorageErrors
{
    /// <summary>The error code and message: x-ms-error-code header first, then the body (Table JSON odata.error or Queue XML Error).</summary>
    public static (string? Code, string? Message) Read(Response response)
    {
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        string? message = null;
        var body = response.Content?.ToString();
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                (var bodyCode, message) = body.TrimStart().StartsWith('<') ? FromXml(body) : FromJson(body);
                code ??= bodyCode;
            }
            catch (Exception e) when (e is JsonException or System.Xml.XmlException)
            {
                // Not a storage error body (a proxy's HTML page, say): keep a short excerpt instead.
                message = body.Length > 200 ? body[..200] + "…" : body;
            }
        }
        return (code, message);
    }

    public static (string? Code, string? Message) FromJson(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("odata.error", out var error))
        {
            return (null, null);
        }
        var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
        var message = error.TryGetProperty("message", out var m)
            ? m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString()
            : null;
        return (code, message);
    }

    private static (string? Code, string? Message) FromXml(string body)
    {
        var error = XDocument.Parse(body).Root;
        return (error?.Element("Code")?.Value, error?.Element("Message")?.Value);
    }

    /// <summary>"{what} failed with 409 (EntityAlreadyExists): The specified entity already exists."</summary>
    public static string Describe(string what, int status, string? code, string? message)
    {
        var firstLine = message?.Split('\n')[0].Trim();   // the rest is RequestId/Time noise
        return $"{what} failed with {status}{(code is null ? "" : $" ({code})")}{(string.IsNullOrEmpty(firstLine) ? "." : ": " + firstLine)}";
    }

    public static RequestFailedException Create(Response response, string what)
    {
        var (code, message) = Read(response);
        return new RequestFailedException(response.Status, Describe(what, response.Status, code, message), code, innerException: null);
    }
}
