using System.Collections.Concurrent;
using System.Reflection;

namespace Surveys.Pages.Layout;

/// <summary>
/// The style and script files embedded in this assembly (<c>*.css</c>, <c>*.js</c> beside the components that use
/// them), read once and kept. Pages put them inline under the response's nonce.
/// </summary>
public static class EmbeddedAssets
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The text of the embedded file <paramref name="name"/> (its path in the project, with '/').</summary>
    public static string Text(string name) => Cache.GetOrAdd(name, static n =>
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream(n)
            ?? throw new InvalidOperationException($"No embedded asset '{n}' in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The shared style of every leader and staff page.</summary>
    public static string SiteCss => Text("Layout/site.css");

    /// <summary>The script of every page with forms that post to the API (<c>Shared/forms.js</c>; how to mark a form up is at its top).</summary>
    public static string FormsJs => Text("Shared/forms.js");
}
