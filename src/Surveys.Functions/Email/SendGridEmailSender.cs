using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Surveys.Functions.Email;

/// <summary>
/// Sends through the official SendGrid client (<see cref="ISendGridClient"/>, registered in
/// <see cref="EmailExtensions.AddEmail"/>), which builds and posts the Mail Send request.
/// This class decides what the e-mail says and what an answer means: 2xx is success. A 429 is waited
/// out in-process when <c>Retry-After</c> (else <c>X-RateLimit-Reset</c>) is near; 5xx, timeouts and
/// network failures get a few quick retries with back-off; after that the failure is transient and the
/// queue retries the message (a far-off 429 is put back on the queue by <see cref="SendEmail"/>). Any
/// other status (400, 401, 403, 413, …) is permanent and carries SendGrid's <c>errors[].message</c> texts.
/// Logs name the recipient's domain at most: never the key, the address or the content.
/// </summary>
public sealed class SendGridEmailSender(ISendGridClient client, IOptions<SendGridOptions> options, TimeProvider time, ILogger<SendGridEmailSender> log)
    : IEmailSender
{
    // A little past the reset: SendGrid's clock and ours differ, and the header has whole seconds only.
    private static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(100);

    private readonly SendGridOptions _options = options.Value;

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        message.Validate();
        var mail = Message(message, _options);
        var rateLimited = 0;
        var serverErrors = 0;
        while (true)
        {
            var attempt = await AttemptAsync(mail, ct);
            if (attempt.Status is >= 200 and < 300)
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

    /// <summary>One e-mail to one recipient: text/plain and, when there is one, text/html; the app's extra
    /// headers (List-Unsubscribe); no click or open tracking; sandbox mode only when it is on.</summary>
    internal static SendGridMessage Message(EmailMessage message, SendGridOptions options)
    {
        var mail = MailHelper.CreateSingleEmail(
            Address(options.FromEmail!, options.FromName), Address(message.To.Email, message.To.Name), message.Subject, message.Text, message.Html);
        // Single-use sign-in links must not pass through a redirector, and recipients are not tracked.
        mail.SetClickTracking(enable: false, enableText: false);
        mail.SetOpenTracking(enable: false);
        if (message.Headers is { Count: > 0 } headers) mail.AddGlobalHeaders(new Dictionary<string, string>(headers));
        if (options.SandboxMode) mail.SetSandBoxMode(true);
        return mail;

        static SendGrid.Helpers.Mail.EmailAddress Address(string email, string? name) =>
            new(email, string.IsNullOrWhiteSpace(name) ? null : name);
    }

    private sealed record Attempt(int? Status, IReadOnlyList<string> Errors, TimeSpan? RetryAfter, Exception? Failure = null);

    private async Task<Attempt> AttemptAsync(SendGridMessage mail, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var response = await client.SendEmailAsync(mail, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new Attempt(status, [], null);
            var text = response.Body is { } body ? await body.ReadAsStringAsync(timeout.Token) : "";
            return new Attempt(status, ErrorMessages(text), RetryAfter(response.Headers));
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

    /// <summary>From <c>Retry-After</c> (seconds or a date), else until <c>X-RateLimit-Reset</c> (epoch seconds); null when neither is given.</summary>
    private TimeSpan? RetryAfter(HttpResponseHeaders? headers)
    {
        if (headers is null) return null;
        var now = time.GetUtcNow();
        // Whole seconds, and our timers may fire a hair early: waiting a little past it never comes too soon.
        if (headers.RetryAfter is { } retryAfter && (retryAfter.Delta ?? (retryAfter.Date - now)) is { } delay)
            return delay > TimeSpan.Zero ? delay + ResetMargin : TimeSpan.Zero;
        if (headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var epochSeconds))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(epochSeconds) - now;
            return (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + ResetMargin;
        }
        return null;
    }

    private TimeSpan Backoff(int retry) => _options.RetryDelay * Math.Pow(2, retry);

    private static string Describe(string what, Attempt attempt) =>
        $"{what} ({(attempt.Status is { } s ? s.ToString(CultureInfo.InvariantCulture) : "no answer: " + attempt.Failure?.Message)})"
        + (attempt.Errors.Count > 0 ? ": " + string.Join(" ", attempt.Errors) : ".");
}
