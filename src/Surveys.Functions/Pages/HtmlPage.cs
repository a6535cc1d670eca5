using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace Surveys.Functions.Pages;

/// <summary>
/// Server-rendered pages for leaders and staff: one HTML response with inline styles, a strict
/// Content-Security-Policy (inline script only with this response's nonce), no third-party requests.
/// Bokmål unless the page is asked for English (<c>?lang=en</c>).
/// </summary>
public static class HtmlPage
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static bool English(HttpRequest request) =>
        string.Equals(request.Query["lang"], "en", StringComparison.OrdinalIgnoreCase);

    /// <summary>Picks the text for the page's language.</summary>
    public static string T(this HttpRequest request, string nb, string en) => English(request) ? en : nb;

    /// <param name="css">Extra styles for this page, after the shared ones (covered by the same nonce).</param>
    public static IResult Render(HttpContext http, string title, string body, int status = StatusCodes.Status200OK, string? script = null, string? css = null)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var lang = English(http.Request) ? "en" : "nb";
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(lang).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append(" – Surveys</title><style nonce=\"").Append(nonce).Append("\">").Append(Surveys.Pages.Layout.EmbeddedAssets.SiteCss).Append(css).Append("</style></head>")
            .Append("<body><main>").Append(body).Append("</main>")
            .Append(script is null ? "" : $"<script nonce=\"{nonce}\">{script}</script>")
            .Append("</body></html>")
            .ToString();
        AddHeaders(http, nonce);
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>
    /// The 401 page of a page that needs a signed-in member: «Du er ikke logget inn» (or, with <paramref name="forWhomNb"/>,
    /// «Du må logge inn» and who the page is for) and a link to sign in, in the page's language.
    /// </summary>
    public static IResult SignInRequired(HttpContext http, string? forWhomNb = null, string? forWhomEn = null)
    {
        var r = http.Request;
        var heading = forWhomNb is null ? r.T("Du er ikke logget inn", "You are not signed in") : r.T("Du må logge inn", "You need to sign in");
        var why = forWhomNb is null ? "" : $"<p>{r.T(forWhomNb, forWhomEn ?? forWhomNb)}</p>";
        return Render(http, r.T("Logg inn", "Sign in"),
            $"""<h1>{heading}</h1>{why}<p><a href="/logg-inn{(English(r) ? "?lang=en" : "")}">{r.T("Logg inn", "Sign in")}</a></p>""",
            StatusCodes.Status401Unauthorized);
    }

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
