using Microsoft.AspNetCore.Components;

namespace Surveys.Pages;

/// <summary>
/// A page: a component with the page context and one typed model. The renderer in the app sets both; the page
/// wraps its content in <see cref="Layout.PageShell"/>.
/// </summary>
public abstract class PageBase<TModel> : ComponentBase
{
    [Parameter, EditorRequired] public PageContext Page { get; set; } = default!;

    [Parameter, EditorRequired] public TModel Model { get; set; } = default!;

    /// <summary>Picks the text for the page's language.</summary>
    protected string T(string nb, string en) => Page.T(nb, en);
}
