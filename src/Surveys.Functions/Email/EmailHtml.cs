using Surveys.Functions.Pages;
using Surveys.Pages.Emails;

namespace Surveys.Functions.Email;

/// <summary>The HTML part of an e-mail, rendered from its template in <c>src/Surveys.Pages/Emails</c> (ADR 17).</summary>
public static class EmailHtml
{
    /// <summary>The HTML of e-mail <typeparamref name="TEmail"/> showing <paramref name="model"/>.</summary>
    public static Task<string> RenderEmailAsync<TEmail, TModel>(this PageRenderer pages, TModel model) where TEmail : EmailBase<TModel> =>
        pages.RenderAsync<TEmail>(new Dictionary<string, object?> { [nameof(EmailBase<TModel>.Model)] = model });
}
