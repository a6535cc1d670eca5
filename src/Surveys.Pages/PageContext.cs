namespace Surveys.Pages;

/// <summary>
/// What every page needs besides its model: the language it is shown in (bokmål unless <c>?lang=en</c>) and the
/// nonce that this response's Content-Security-Policy allows for its inline style and script.
/// </summary>
public sealed record PageContext(bool English, string Nonce)
{
    /// <summary>The <c>lang</c> attribute: <c>nb</c> or <c>en</c>.</summary>
    public string Lang => English ? "en" : "nb";

    /// <summary>Picks the text for the page's language.</summary>
    public string T(string nb, string en) => English ? en : nb;

    /// <summary>The query that keeps the language on a link without other parameters: <c>?lang=en</c> or nothing.</summary>
    public string LangQuery => English ? "?lang=en" : "";

    /// <summary>The same, to append to a link that already has a query: <c>&amp;lang=en</c> or nothing.</summary>
    public string LangParam => English ? "&lang=en" : "";

    /// <summary>The link to <paramref name="path"/> in this page's language.</summary>
    public string Href(string path) => English ? path + (path.Contains('?') ? "&lang=en" : "?lang=en") : path;
}
