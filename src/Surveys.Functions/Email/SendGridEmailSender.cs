using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Surveys.Functions.Email;

/// <summary>
/// SendGrid v3 Mail Send over a typed <see cref="HttpClient"/> (storage-and-email-rest.md §6).
/// 200 and 202 are success. A 429 is waited out until <c>X-RateLimit-Reset</c> when that is near;
/// 5xx, timeouts and network failures get a few quick retries with back-off; after that the failure
/// is transient and the queue retries the message. Any other status (400, 401, 403, 413, …) is
/// permanent and carries SendGrid's <c>errors[].message</c> texts.
/// Logs name the recipient's domain at most: never the key, the address or the content.
/// </summary>
public sealed class SendGridEmailSender(HttpClient http, IOptions<SendGridOptions> options, TimeProvider time, ILogger<SendGridEmailSender> log)
    : IEmailSender
{
    private const string Json = "application/json";

    // A little past the reset: SendGrid's clock and ours differ, and the header has whole seconds only.
    private static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(100);

    private readonly SendGridOptions _options = options.Value;

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        message.Validate();
        var body = JsonSerializer.SerializeToUtf8Bytes(RequestBody(message, _options));
        var rateLimited = 0;
        var serverErrors = 0;
        while (true)
        {
            var attempt = await PostAsync(body, ct);
            if (attempt.Status is 200 or 202)
            {
                log.LogInformation("SendGrid accepted an e-mail to a recipient at {RecipientDomain} ({Status})", message.To.Domain, attempt.Status);
                return;
            }

            if (attempt.Status == 429)
            {
                var wait = attempt.RetryAfter ?? Backoff(rateLimited);
                if (rateLimited < _options.MaxRateLimitRetries && wait <= _options.MaxRateLimitWait)
                {
                    rateLimited++;
                    log.LogWarning("SendGrid rate limit reached; waiting {Wait} before retry {Retry}", wait, rateLimited);
                    await Task.Delay(wait, time, ct);
                    continue;
                }
                throw new EmailSendException($"SendGrid rate limit: try again in {wait}.", permanent: false, 429, attempt.Errors, wait);
            }

            if (attempt.Status is null or >= 500)
            {
                if (serverErrors < _options.ServerErrorRetries)
                {
                    var wait = Backoff(serverErrors);
                    serverErrors++;
                    log.LogWarning(attempt.Failure, "SendGrid answered {Status}; retry {Retry} in {Wait}", attempt.Status?.ToString(CultureInfo.InvariantCulture) ?? "nothing", serverErrors, wait);
                    await Task.Delay(wait, time, ct);
                    continue;
                }
                throw new EmailSendException(Describe("SendGrid could not take the e-mail", attempt), permanent: false, attempt.Status,
                    attempt.Errors, attempt.RetryAfter, attempt.Failure);
            }

            // 400 validation, 401/403 key or sender, 413 too large: the same request fails the same way again.
            throw new EmailSendException(Describe("SendGrid refused the e-mail", attempt), permanent: true, attempt.Status, attempt.Errors);
        }
    }

    /// <summary>The Mail Send body (§6.1): text/plain before text/html; tracking off; sandbox only when on, as a JSON boolean.</summary>
    internal static JsonObject RequestBody(EmailMessage message, SendGridOptions options)
    {
        var content = new JsonArray { Part("text/plain", message.Text) };
        if (message.Html is not null) content.Add(Part("text/html", message.Html));
        var body = new JsonObject
        {
            ["personalizations"] = new JsonArray { new JsonObject { ["to"] = new JsonArray { Address(message.To.Email, message.To.Name) } } },
            ["from"] = Address(options.FromEmail!, options.FromName),
            ["subject"] = message.Subject,
            ["content"] = content,
            // No click or open tracking: single-use sign-in links must not pass through a redirector, and
            // recipients are not tracked.
            ["tracking_settings"] = new JsonObject
            {
                ["click_tracking"] = new JsonObject { ["enable"] = false, ["enable_text"] = false },
                ["open_tracking"] = new JsonObject { ["enable"] = false },
            },
        };
        if (message.Headers is { Count: > 0 } headers)
            body["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)JsonValue.Create(h.Value))));
        if (options.SandboxMode)
            body["mail_settings"] = new JsonObject { ["sandbox_mode"] = new JsonObject { ["enable"] = true } };
        return body;

        static JsonObject Part(string type, string value) => new() { ["type"] = type, ["value"] = value };

        static JsonObject Address(string email, string? name)
        {
            var address = new JsonObject { ["email"] = email };
            if (!string.IsNullOrWhiteSpace(name)) address["name"] = name;
            return address;
        }
    }

    private sealed record Attempt(int? Status, IReadOnlyList<string> Errors, TimeSpan? RetryAfter, Exception? Failure = null);

    private async Task<Attempt> PostAsync(byte[] body, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.MailSendUri)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(Json) } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Json));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is 200 or 202) return new Attempt(status, [], null);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return new Attempt(status, ErrorMessages(text), RetryAfter(response));
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // No answer (connection refused, reset, timed out): SendGrid may or may not have the e-mail; treated like a 5xx.
            return new Attempt(null, [], null, e);
        }
    }

    /// <summary>The <c>errors[].message</c> texts; a body that is not SendGrid's error JSON (a proxy page) as a short excerpt.</summary>
    internal static IReadOnlyList<string> ErrorMessages(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return [];
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return errors.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) ? m.ToString() : e.ToString())
                    .Where(m => m.Length > 0)
                    .ToList();
            }
        }
        catch (JsonException)
        {
        }
        var excerpt = body.Trim();
        return [excerpt.Length > 200 ? excerpt[..200] + "…" : excerpt];
    }

    /// <summary>Until <c>X-RateLimit-Reset</c> (epoch seconds), else <c>Retry-After</c>; null when neither is given.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var now = time.GetUtcNow();
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var epochSeconds))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(epochSeconds) - now;
            return (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + ResetMargin;
        }
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date - now) ?? TimeSpan.Zero;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private TimeSpan Backoff(int retry) => _options.RetryDelay * Math.Pow(2, retry);

    private static string Describe(string what, Attempt attempt) =>
        $"{what} ({(attempt.Status is { } s ? s.ToString(CultureInfo.InvariantCulture) : "no answer: " + attempt.Failure?.Message)})"
        + (attempt.Errors.Count > 0 ? ": " + string.Join(" ", attempt.Errors) : ".");
}
