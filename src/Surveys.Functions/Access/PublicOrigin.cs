using System.Net;
using Microsoft.Extensions.Options;

namespace Surveys.Functions.Access;

/// <summary>The one setting behind <see cref="PublicOrigin"/> (<c>Surveys:PublicBaseUrl</c>).</summary>
public sealed class PublicOriginOptions
{
    public const string Section = "Surveys";

    public string? PublicBaseUrl { get; set; }
}

/// <summary>
/// Where people reach the app: <c>Surveys:PublicBaseUrl</c> (app setting <c>Surveys__PublicBaseUrl</c>). Every absolute
/// link the app makes (sign-in e-mails, kiosk URLs, digests, exports) starts with it, never with a request's Host header,
/// which the sender chooses. Required in Production (checked on start); elsewhere it defaults to the local host's
/// <c>http://localhost:7071</c>. Requests are answered only for its host name (as ASP.NET Core's <c>AllowedHosts</c>
/// would, ports ignored) and, outside Production, for loopback names (tests and local runs on any port).
/// </summary>
public sealed class PublicOrigin
{
    public const string AppSetting = "Surveys__PublicBaseUrl";
    public const string LocalDefault = "http://localhost:7071";

    public PublicOrigin(IOptions<PublicOriginOptions> options, IHostEnvironment environment)
    {
        var uri = Parse(options.Value.PublicBaseUrl) ?? new Uri(LocalDefault);
        BaseUrl = uri.GetLeftPart(UriPartial.Authority);
        _hosts = [uri.Host, uri.IdnHost];
        AllowsLoopback = !environment.IsProduction();
    }

    private readonly string[] _hosts;

    /// <summary>Scheme, host and port, without a trailing slash: <c>https://surveys.example.no</c>.</summary>
    public string BaseUrl { get; }

    public bool AllowsLoopback { get; }

    /// <summary>Whether a request for this Host is one of ours (the Functions host forwards the original Host header).</summary>
    public bool Allows(HostString host)
    {
        if (!host.HasValue) return false;
        var name = host.Host;
        if (_hosts.Any(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase))) return true;
        return AllowsLoopback && (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
    }

    /// <summary>For work without a request or container at hand: the setting, or the local default.</summary>
    public static string BaseUrlOf(IConfiguration configuration) =>
        (Parse(configuration["Surveys:PublicBaseUrl"]) ?? new Uri(LocalDefault)).GetLeftPart(UriPartial.Authority);

    /// <summary>An absolute http(s) address with nothing after the host and port (a trailing slash is fine), else null.</summary>
    public static Uri? Parse(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0 ? uri : null;
}

/// <summary>Checks <c>Surveys:PublicBaseUrl</c> on start: required in Production, well-formed wherever it is set.</summary>
public sealed class PublicOriginValidator(IHostEnvironment environment) : IValidateOptions<PublicOriginOptions>
{
    public ValidateOptionsResult Validate(string? name, PublicOriginOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
            return environment.IsProduction()
                ? ValidateOptionsResult.Fail($"{PublicOrigin.AppSetting} (Surveys:PublicBaseUrl) is not set. In Production it must be the address people reach " +
                    "the app at, e.g. https://surveys.example.no: links in e-mails and kiosk URLs are made from it alone, and requests for any other host are refused.")
                : ValidateOptionsResult.Success;
        return PublicOrigin.Parse(options.PublicBaseUrl) is null
            ? ValidateOptionsResult.Fail($"{PublicOrigin.AppSetting} (Surveys:PublicBaseUrl) must be an absolute http(s) address with no path, query or " +
                "fragment, e.g. https://surveys.example.no.")
            : ValidateOptionsResult.Success;
    }
}
