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
            .Append("<title>").Append(E(title)).Append(" – Surveys</title><style nonce=\"").Append(nonce).Append("\">").Append(Css).Append(css).Append("</style></head>")
            .Append("<body><main>").Append(body).Append("</main>")
            .Append(script is null ? "" : $"<script nonce=\"{nonce}\">{script}</script>")
            .Append("</body></html>")
            .ToString();
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.CacheControl = "no-store";
        // Not no-referrer: under it a browser sends `Origin: null` with this page's form posts, which the cross-site check
        // must refuse (another site can send null too). same-origin still gives other sites no Referer (links hold tokens).
        headers["Referrer-Policy"] = "same-origin";
        headers.XContentTypeOptions = "nosniff";
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

    private const string Css = """
        :root{color-scheme:light;--ink:#1b1b1b;--muted:#4a4a4a;--accent:#0b5cad;--bg:#fbfaf7}
        *{box-sizing:border-box}body{margin:0;font:1.125rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
        main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem}h1{font-size:1.75rem;line-height:1.2}
        a{color:var(--accent)}label{display:block;font-weight:600;margin:1rem 0 .25rem}
        input,select,textarea{font:inherit;padding:.6rem .75rem;border:2px solid #6b6b6b;border-radius:.4rem;min-height:48px;width:100%;background:#fff;color:var(--ink)}
        button{font:inherit;font-weight:600;min-height:48px;padding:.6rem 1.25rem;border:2px solid var(--accent);border-radius:.4rem;background:var(--accent);color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:var(--accent)}
        :focus-visible{outline:3px solid #f2a900;outline-offset:2px}
        .note{border-left:4px solid var(--accent);padding:.5rem 1rem;background:#eef4fb}
        .error{border-left:4px solid #b00020;padding:.5rem 1rem;background:#fdecee}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ccc}
        .muted{color:var(--muted)}nav{margin-bottom:1rem}
        """;
}
