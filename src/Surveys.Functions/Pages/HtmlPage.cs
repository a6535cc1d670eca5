namespace Surveys.Functions.Pages;

/// <summary>
/// What every leader and staff page shares besides its template (ADR 17): the language it is asked for (bokmål unless
/// <c>?lang=en</c>) and its headers (a strict Content-Security-Policy: inline style and script only with this
/// response's nonce, no third-party requests). <see cref="PageRenderer"/> renders the pages.
/// </summary>
public static class HtmlPage
{
    public static bool English(HttpRequest request) =>
        string.Equals(request.Query["lang"], "en", StringComparison.OrdinalIgnoreCase);

    /// <summary>Picks the text for the page's language.</summary>
    public static string T(this HttpRequest request, string nb, string en) => English(request) ? en : nb;

    /// <summary>The headers of every leader and staff page: the CSP that allows inline style and script only with <paramref name="nonce"/>.</summary>
    public static void AddHeaders(HttpContext http, string nonce)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.CacheControl = "no-store";
        // Not no-referrer: under it a browser sends `Origin: null` with this page's form posts, which the cross-site check
        // must refuse (another site can send null too). same-origin still gives other sites no Referer (links hold tokens).
        headers["Referrer-Policy"] = "same-origin";
        headers.XContentTypeOptions = "nosniff";
    }
}
