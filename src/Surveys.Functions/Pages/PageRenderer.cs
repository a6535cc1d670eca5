using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Surveys.Pages;
using Surveys.Pages.Shared;

namespace Surveys.Functions.Pages;

/// <summary>
/// Renders the Razor components of <c>src/Surveys.Pages</c> to HTML with ASP.NET Core's <see cref="HtmlRenderer"/>
/// (ADR 17): pages as responses, with this response's nonce in the Content-Security-Policy and the page's
/// language from <c>?lang=en</c>; e-mails as strings.
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory logs)
{
    // The renderer's encoder comes from its services (HtmlEncoder.Default otherwise, which writes «å» as &#xE5;). This one
    // leaves letters of every script as they are and still encodes what HTML needs (<, >, &, quotes).
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The HTML of component <typeparamref name="TComponent"/> with these parameters.</summary>
    public async Task<string> RenderAsync<TComponent>(IReadOnlyDictionary<string, object?> parameters) where TComponent : IComponent
    {
        // A scope per render: the renderer resolves scoped services (ComponentsActivitySource), which the root provider
        // refuses where scopes are validated (Development: every page was a 500 under scripts/run.sh).
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(new WithEncoder(scope.ServiceProvider, Encoder), logs);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters.ToDictionary()));
            return output.ToHtmlString();
        });
    }

    /// <summary>Page <typeparamref name="TPage"/> showing <paramref name="model"/>, as the response.</summary>
    public async Task<IResult> PageAsync<TPage, TModel>(HttpContext http, TModel model, int status = StatusCodes.Status200OK)
        where TPage : PageBase<TModel>
    {
        // Hex: nothing in it that the attribute encoder would write as an entity.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var page = new PageContext(HtmlPage.English(http.Request), nonce);
        var html = await RenderAsync<TPage>(new Dictionary<string, object?> { [nameof(PageBase<TModel>.Page)] = page, [nameof(PageBase<TModel>.Model)] = model });
        HtmlPage.AddHeaders(http, nonce);
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A short page that says one thing (<see cref="MessagePage"/>).</summary>
    public Task<IResult> MessageAsync(HttpContext http, Message message, int status) => PageAsync<MessagePage, Message>(http, message, status);

    /// <summary>
    /// The 401 page of a page that needs a signed-in member: «Du er ikke logget inn» (or, with <paramref name="forWhom"/>,
    /// «Du må logge inn» and who the page is for) and a link to sign in.
    /// </summary>
    public Task<IResult> SignInRequiredAsync(HttpContext http, LocalText? forWhom = null)
    {
        var signIn = new MessageLink(HtmlPage.English(http.Request) ? "/logg-inn?lang=en" : "/logg-inn", new("Logg inn", "Sign in"));
        var message = forWhom is null
            ? new Message(new("Logg inn", "Sign in"), [], [signIn]) { Heading = new("Du er ikke logget inn", "You are not signed in") }
            : new Message(new("Logg inn", "Sign in"), [forWhom], [signIn]) { Heading = new("Du må logge inn", "You need to sign in") };
        return MessageAsync(http, message, StatusCodes.Status401Unauthorized);
    }

    private sealed class WithEncoder(IServiceProvider inner, HtmlEncoder encoder) : IServiceProvider
    {
        // No NavigationManager: the worker's services hold one that only Blazor's endpoints initialise, and with it the
        // renderer writes an action="…" on every <form> from the current URL and throws ("'HttpNavigationManager' has not
        // been initialized"). Pages are static HTML; their forms are posted by forms.js.
        public object? GetService(Type serviceType) =>
            serviceType == typeof(HtmlEncoder) ? encoder
            : serviceType == typeof(NavigationManager) ? null
            : inner.GetService(serviceType);
    }
}
