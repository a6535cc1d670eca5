using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Surveys.Functions.Api;

namespace Surveys.Functions.Access;

/// <summary>
/// Cross-site request forgery (ADR 5, «Cross-site requests»). Where a request comes from, by its <c>Origin</c> header
/// or, without one, its <c>Referer</c>, compared with the app's own origin: <c>Surveys:PublicBaseUrl</c> when set, else
/// the request's own scheme and host.
/// </summary>
public static class CrossSiteRequests
{
    public enum Source
    {
        /// <summary>Origin (or Referer) is the app's own origin.</summary>
        Own,

        /// <summary>Origin (or Referer) names another origin, or is <c>null</c> (sandboxed frames, <c>no-referrer</c> pages, redirects).</summary>
        Foreign,

        /// <summary>Neither header: not a modern browser's unsafe request (curl, servers, mail providers' one-click unsubscribe).</summary>
        Unknown,
    }

    /// <summary>The functions that refuse a foreign origin even without the session cookie: the app's own forms that
    /// start or end a session or act on an e-mailed link. <c>CompleteSignIn</c> is the one that matters (login CSRF: a
    /// page on another site posting the attacker's own sign-in link would sign the visitor in as the attacker).</summary>
    public static readonly IReadOnlySet<string> OwnFormsWithoutCookie =
        new HashSet<string>(["CompleteSignIn", "RequestSignInLinkForm", "SignOut", "Unsubscribe"], StringComparer.Ordinal);

    public static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    public static Source SourceOf(HttpRequest request, IConfiguration configuration)
    {
        // Where people reach the app when it is configured (PublicOrigin); else (a local run without the setting,
        // where the host check lets only loopback names in) the request's own scheme and host.
        var own = PublicOrigin.Parse(configuration["Surveys:PublicBaseUrl"]) ?? new Uri($"{request.Scheme}://{request.Host}");
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0) return IsOwn(origin, own) ? Source.Own : Source.Foreign;
        var referer = request.Headers.Referer.ToString();
        if (referer.Length > 0) return IsOwn(referer, own) ? Source.Own : Source.Foreign;
        return Source.Unknown;
    }

    private static bool IsOwn(string url, Uri own) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        Uri.Compare(uri, own, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Why a request is refused, or null. Called before the function runs, so nothing is changed by a refused one.</summary>
    public static ApiProblemException? Refusal(HttpRequest request, string functionName, IConfiguration configuration)
    {
        if (!IsUnsafe(request.Method)) return null;
        // A bearer credential is never sent by a browser on its own (a cross-site page cannot add the header without a CORS
        // preflight the app never allows), and with one the cookie is ignored (CallerResolver): not affected.
        if (request.Headers.Authorization.Count > 0 && request.Headers.Authorization.ToString().Length > 0) return null;
        var cookie = request.Cookies.ContainsKey(CallerResolver.SessionCookie);
        if (!cookie && !OwnFormsWithoutCookie.Contains(functionName)) return null;
        return SourceOf(request, configuration) switch
        {
            Source.Own => null,
            Source.Foreign => Refused(),
            // A browser sends Origin on every unsafe request it makes with the cookie (forms and fetch alike), so a cookie
            // without either header is not from our pages. Without a cookie (curl, mail providers), nothing to forge.
            _ => cookie ? Refused() : null,
        };
    }

    public static ApiProblemException Refused() => new(StatusCodes.Status403Forbidden,
        "Forespørselen kom fra et annet nettsted", "The request came from another site",
        "Endringer godtas bare fra sidene til Surveys selv (eller med en API-nøkkel). Ingenting ble endret.",
        "Changes are accepted only from Surveys' own pages (or with an API key). Nothing was changed.");
}

/// <summary>Refuses a cross-site request before its function runs (<see cref="CrossSiteRequests"/>). Registered after
/// <see cref="ProblemDetailsWorkerMiddleware"/>, which makes the refusal a 403 ProblemDetails.</summary>
public sealed class CrossSiteRequestWorkerMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http &&
            CrossSiteRequests.Refusal(http.Request, context.FunctionDefinition.Name, context.InstanceServices.GetRequiredService<IConfiguration>()) is { } refusal)
            throw refusal;
        return next(context);
    }
}
