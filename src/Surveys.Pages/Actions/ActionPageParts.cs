using Surveys.Pages.Layout;

namespace Surveys.Pages.Actions;

/// <summary>What the action pages share: their style and script (files beside them) and how they write a share and a date.</summary>
internal static class ActionPageParts
{
    public static string Css => EmbeddedAssets.Text("Actions/actions.css");

    /// <summary>Shared/forms.js for the action form, then the note form's own few lines.</summary>
    public static string Script => EmbeddedAssets.FormsJs + "\n" + EmbeddedAssets.Text("Actions/actions.js");

    /// <summary>A share (0–1) in whole per cent: «17 %» in bokmål (a no-break space), «17%» in English.</summary>
    public static string Percent(double share, PageContext page) =>
        Math.Round(100 * share).ToString(System.Globalization.CultureInfo.InvariantCulture) + (page.English ? "%" : "\u00A0%");

    /// <summary>A share, or «–» when there is none.</summary>
    public static string Percent(double? share, PageContext page) => share is { } s ? Percent(s, page) : "–";

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "–";
}
