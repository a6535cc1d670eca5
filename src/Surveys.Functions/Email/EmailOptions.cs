using Microsoft.Extensions.Options;
using SendGrid;

namespace Surveys.Functions.Email;

/// <summary>Where e-mail goes: the SendGrid v3 API, or (the default, for local runs and tests) an outbox folder.</summary>
public enum EmailMode
{
    Outbox,
    SendGrid,
}

/// <summary>E-mail settings of the app (<c>Surveys:Email</c>).</summary>
public sealed class EmailOptions
{
    public const string Section = "Surveys:Email";

    /// <summary><see cref="EmailMode.Outbox"/> unless set; production sets <c>Surveys__Email__Mode=SendGrid</c>.</summary>
    public EmailMode Mode { get; set; } = EmailMode.Outbox;

    /// <summary>The outbox folder for <see cref="EmailMode.Outbox"/>; relative paths are relative to the current directory.</summary>
    public string OutboxPath { get; set; } = ".outbox";
}

/// <summary>SendGrid settings (<c>Surveys:Email:SendGrid</c>), checked on start when SendGrid is chosen: the client's
/// (<see cref="ClientOptions"/>) and the sender's retry rules.</summary>
public sealed class SendGridOptions
{
    public const string Section = "Surveys:Email:SendGrid";

    /// <summary>The app setting the Functions convention (and infra/main.bicep) names the key by; used when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyAppSetting = "SendGridApiKey";

    /// <summary>A Mail Send API key. A secret: never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The SendGrid client's <c>Host</c>: <c>https://api.sendgrid.com</c>; EU-pinned subusers use
    /// <c>https://api.eu.sendgrid.com</c>; tests a loopback fake.</summary>
    public string BaseUrl { get; set; } = "https://api.sendgrid.com";

    /// <summary>A verified sender or an address on a verified domain (SendGrid answers 403 otherwise).</summary>
    public string? FromEmail { get; set; }

    public string FromName { get; set; } = "Surveys";

    /// <summary>SendGrid validates and answers 200 but delivers nothing (and bills nothing).</summary>
    public bool SandboxMode { get; set; }

    /// <summary>On 429, the longest wait for <c>Retry-After</c> (or <c>X-RateLimit-Reset</c>) before giving the message back to the queue.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often one send waits out a 429 before giving up.</summary>
    public int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>Extra attempts after a 5xx, a timeout or a network failure, before the queue takes over.</summary>
    public int ServerErrorRetries { get; set; } = 2;

    /// <summary>The first back-off after a 5xx; it doubles with each retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The official client's options. Its own retries (<c>ReliabilitySettings</c>) stay off: the sender retries,
    /// honouring <c>Retry-After</c>, and errors come back as responses rather than exceptions, headers included.</summary>
    internal SendGridClientOptions ClientOptions() => new()
    {
        ApiKey = ApiKey,
        Host = BaseUrl,
        HttpErrorAsException = false,
    };
}

/// <summary>Names every missing or wrong SendGrid setting at once, so a deployment fails on start with a clear message.</summary>
public sealed class SendGridOptionsValidator : IValidateOptions<SendGridOptions>
{
    public ValidateOptionsResult Validate(string? name, SendGridOptions o)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(o.ApiKey))
            failures.Add($"The SendGrid API key is missing: set {SendGridOptions.ApiKeyAppSetting} (or {SendGridOptions.Section}:ApiKey).");
        else if (o.ApiKey.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            // App Service leaves the reference as it is when it cannot resolve it; sent as a key, every e-mail would fail with 401 for good.
            failures.Add($"{SendGridOptions.ApiKeyAppSetting} is an unresolved Key Vault reference: check the vault, the secret and the identity's access.");
        if (!EmailMessage.IsAddress(o.FromEmail))
            failures.Add($"{SendGridOptions.Section}:FromEmail must be the verified sender address (it is '{o.FromEmail}').");
        if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            failures.Add($"{SendGridOptions.Section}:BaseUrl must be an absolute http(s) URL such as https://api.sendgrid.com (it is '{o.BaseUrl}').");
        if (o.FromName.Any(char.IsControl))
            failures.Add($"{SendGridOptions.Section}:FromName must not contain line breaks.");
        if (o.MaxRateLimitRetries < 0 || o.ServerErrorRetries < 0)
            failures.Add($"{SendGridOptions.Section}: retry counts cannot be negative.");
        if (o.RequestTimeout <= TimeSpan.Zero)
            failures.Add($"{SendGridOptions.Section}:RequestTimeout must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
