using Surveys.Pages.Layout;

namespace Surveys.Pages.Kiosk;

/// <summary>The kiosk's files (users.md P-01 … P-16): its script, its style and the unknown-link page's style.</summary>
public static class KioskAssets
{
    /// <summary>The whole kiosk: screens, read-aloud, idle reset and the outbox.</summary>
    public static string Script => EmbeddedAssets.Text("Kiosk/kiosk.js");

    /// <summary>Large targets, no scrolling on a 10-inch tablet in either orientation.</summary>
    public static string Style => EmbeddedAssets.Text("Kiosk/kiosk.css");

    public static string UnknownLinkStyle => EmbeddedAssets.Text("Kiosk/unknown-link.css");
}
