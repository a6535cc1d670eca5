using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Storage;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Surveys.Functions.Api;

namespace Surveys.Functions.Kiosk;

/// <summary>
/// The kiosk page at <c>/k/{token}</c>: one HTML document with its style and script inline, which
/// talks only to the kiosk API on the same origin (users.md P-01 … P-16). The token is read by the
/// script from its own address, so the document is the same for every kiosk. An unknown or revoked
/// token gets a short page that says so, with status 404.
/// </summary>
public static class KioskPage
{
    [Function("KioskPage")]
    public static Task KioskPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "k/{token}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ServeAsync);

    internal static InlinePage Kiosk { get; } =
        InlinePage.Create("Spørreskjema", KioskPageAssets.Style, KioskPageAssets.Body, KioskPageAssets.Script);

    internal static InlinePage UnknownLink { get; } =
        InlinePage.Create("Kiosklenken virker ikke", KioskPageAssets.UnknownLinkStyle, KioskPageAssets.UnknownLinkBody, script: null);

    internal static async Task<ContentHttpResult> ServeAsync(
        string token, KioskLinkStore links, HttpResponse http, ILoggerFactory logs, CancellationToken ct)
    {
        bool usable;
        try
        {
            usable = await links.ResolveAsync(token, ct) is not null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && StorageFailures.IsOutage(e))
        {
            // Storage cannot say: serve the kiosk anyway. Its script shows "Får ikke kontakt" and keeps
            // trying, which a tablet on a wall copes with better than an error document.
            logs.CreateLogger(typeof(KioskPage)).LogWarning(e, "Kiosk link check failed; serving the kiosk page unchecked");
            usable = true;
        }

        var page = usable ? Kiosk : UnknownLink;
        page.AddHeaders(http);
        return TypedResults.Content(page.Html, "text/html; charset=utf-8", Encoding.UTF8,
            usable ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }
}

/// <summary>
/// A self-contained HTML page and the headers that go with it. The Content-Security-Policy allows
/// exactly the page's own inline style and script, by hash, and connections to its own origin; the
/// page can load nothing from anywhere else.
/// </summary>
internal sealed record InlinePage(string Html, string ContentSecurityPolicy)
{
    public static InlinePage Create(string title, string style, string body, string? script)
    {
        var html = new StringBuilder()
            .Append("<!doctype html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light\">\n")
            .Append("<title>").Append(title).Append("</title>\n")
            .Append("<style>").Append(style).Append("</style>\n</head>\n<body>\n")
            .Append(body).Append('\n');
        if (script is not null) html.Append("<script>").Append(script).Append("</script>\n");
        html.Append("</body>\n</html>\n");

        var csp = string.Join("; ",
            "default-src 'self'",
            script is null ? "script-src 'none'" : $"script-src '{Hash(script)}'",
            $"style-src '{Hash(style)}'",
            "connect-src 'self'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");
        return new InlinePage(html.ToString(), csp);
    }

    public void AddHeaders(HttpResponse http)
    {
        http.Headers.CacheControl = "no-store";
        http.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Headers["Referrer-Policy"] = "no-referrer";
        http.Headers.XContentTypeOptions = "nosniff";
        http.Headers.XFrameOptions = "DENY";
    }

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
