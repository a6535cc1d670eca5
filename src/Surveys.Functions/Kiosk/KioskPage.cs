using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Storage;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Surveys.Functions.Api;
using Surveys.Functions.Pages;
using Surveys.Pages.Kiosk;
using Microsoft.AspNetCore.Components;

namespace Surveys.Functions.Kiosk;

/// <summary>
/// The kiosk page at <c>/k/{token}</c>: one HTML document with its style and script inline, which
/// talks only to the kiosk API on the same origin (users.md P-01 … P-16; its markup, script and style are in src/Surveys.Pages/Kiosk). The token is read by the
/// script from its own address, so the document is the same for every kiosk. An unknown or revoked
/// token gets a short page that says so, with status 404.
/// </summary>
public static class KioskPage
{
    [Function("KioskPage")]
    public static Task KioskPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "k/{token}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ServeAsync);

    internal static async Task<ContentHttpResult> ServeAsync(
        string token, KioskLinkStore links, KioskDocuments documents, HttpResponse http, ILoggerFactory logs, CancellationToken ct)
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

        var page = usable ? await documents.KioskAsync() : await documents.UnknownLinkAsync();
        page.AddHeaders(http);
        return TypedResults.Content(page.Html, "text/html; charset=utf-8", Encoding.UTF8,
            usable ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }
}

/// <summary>
/// The kiosk's two documents (src/Surveys.Pages/Kiosk): the kiosk and the unknown-link page. They are the same for every
/// kiosk, so each is rendered once, on first use, and kept.
/// </summary>
internal sealed class KioskDocuments(PageRenderer pages)
{
    private readonly Lazy<Task<InlinePage>> _kiosk = new(() => RenderAsync<KioskAppPage>(pages, KioskAssets.Style, KioskAssets.Script));
    private readonly Lazy<Task<InlinePage>> _unknown = new(() => RenderAsync<KioskUnknownLinkPage>(pages, KioskAssets.UnknownLinkStyle, script: null));

    public Task<InlinePage> KioskAsync() => _kiosk.Value;

    public Task<InlinePage> UnknownLinkAsync() => _unknown.Value;

    private static async Task<InlinePage> RenderAsync<TPage>(PageRenderer pages, string style, string? script) where TPage : IComponent =>
        InlinePage.Create(await pages.RenderAsync<TPage>(new Dictionary<string, object?>()), style, script);
}

/// <summary>
/// A self-contained HTML page and the headers that go with it. The Content-Security-Policy allows
/// exactly the page's own inline style and script, by hash, and connections to its own origin; the
/// page can load nothing from anywhere else.
/// </summary>
internal sealed record InlinePage(string Html, string ContentSecurityPolicy)
{
    /// <param name="html">The rendered document.</param>
    /// <param name="style">The text of its one inline style element.</param>
    /// <param name="script">The text of its one inline script element, if it has one.</param>
    public static InlinePage Create(string html, string style, string? script)
    {
        if (!html.Contains($"<style>{style}</style>", StringComparison.Ordinal)
            || (script is not null && !html.Contains($"<script>{script}</script>", StringComparison.Ordinal)))
            throw new InvalidOperationException("The kiosk document's inline style or script differs from its file, so its hash would not match.");
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
        return new InlinePage(html, csp);
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
