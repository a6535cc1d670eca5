using Microsoft.AspNetCore.Components;

namespace Surveys.Pages.Emails;

/// <summary>
/// An HTML e-mail: a component with one typed model, wrapped in <see cref="EmailFrame"/>. Unlike a page it has no
/// page context (no nonce, no style sheet, no script): mail clients get tables and inline styles only, in bokmål
/// unless the model says otherwise.
/// </summary>
public abstract class EmailBase<TModel> : ComponentBase
{
    [Parameter, EditorRequired] public TModel Model { get; set; } = default!;
}
