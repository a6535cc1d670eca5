using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Surveys.Functions.Email;
using Surveys.Functions.Pages;
using Surveys.Pages.Emails;

namespace Surveys.Functions.Tests.Pages;

/// <summary>
/// Renders a page template as the worker does, without storage: the app's <see cref="PageRenderer"/>, with services
/// that, like the worker's, hold a <see cref="NavigationManager"/> nobody has initialised. HtmlRenderer asks it for the
/// action of a form that has none, so a form without an explicit action fails here as it does in the worker (a 500).
/// </summary>
internal static class PageRendering
{
    /// <summary>The renderer, for what takes one (the e-mail builders).</summary>
    public static PageRenderer Renderer { get; } = new(
        new ServiceCollection().AddScoped<NavigationManager, NotInitialised>().BuildServiceProvider(), NullLoggerFactory.Instance);

    /// <summary>The HTML a browser receives for <paramref name="model"/>, with <paramref name="query"/> (<c>?lang=en</c>).</summary>
    public static async Task<string> HtmlAsync<TPage, TModel>(TModel model, string query = "") where TPage : Surveys.Pages.PageBase<TModel>
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.QueryString = new QueryString(query);
        http.Response.Body = new MemoryStream();
        await (await Renderer.PageAsync<TPage, TModel>(http, model)).ExecuteAsync(http);
        http.Response.Body.Position = 0;
        return await new StreamReader(http.Response.Body).ReadToEndAsync();
    }

    /// <summary>The HTML of e-mail <typeparamref name="TEmail"/> for <paramref name="model"/>, as the worker renders it.</summary>
    public static Task<string> EmailAsync<TEmail, TModel>(TModel model) where TEmail : EmailBase<TModel> => Renderer.RenderEmailAsync<TEmail, TModel>(model);

    private sealed class NotInitialised : NavigationManager;
}
