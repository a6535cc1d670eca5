namespace Surveys.Functions.Email;

/// <summary>Hands one e-mail to the mail provider (or the local outbox).</summary>
public interface IEmailSender
{
    /// <exception cref="EmailSendException">The provider refused the e-mail (<see cref="EmailSendException.Permanent"/>)
    /// or could not take it now.</exception>
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>
/// An e-mail was not sent. <see cref="Permanent"/> failures (a rejected sender, a bad key, a too large
/// message) fail the same way every time and must not be retried; the others may pass later.
/// </summary>
public sealed class EmailSendException : Exception
{
    public EmailSendException(string message, bool permanent, int? statusCode = null, IReadOnlyList<string>? errors = null,
        TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Permanent = permanent;
        StatusCode = statusCode;
        Errors = errors ?? [];
        RetryAfter = retryAfter;
    }

    /// <summary>True when retrying cannot help.</summary>
    public bool Permanent { get; }

    /// <summary>The provider's HTTP status; null when no answer came (network failure, timeout).</summary>
    public int? StatusCode { get; }

    /// <summary>The provider's own error messages (SendGrid's <c>errors[].message</c>).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>When the provider said to try again, as a delay from when the exception was thrown.</summary>
    public TimeSpan? RetryAfter { get; }
}
