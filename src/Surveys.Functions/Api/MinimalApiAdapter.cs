using System.Collections.Concurrent;
using System.Reflection;

namespace Surveys.Functions.Api;

/// <summary>
/// Runs a minimal-API-style handler inside an HTTP function, binding its parameters (route values, query,
/// body, services, HttpContext, CancellationToken) as <c>MapGet</c>/<c>MapPost</c> would, through ASP.NET Core's
/// own <see cref="RequestDelegateFactory"/>. The worker has already matched the request against the function's
/// route template, so <c>HttpRequest.RouteValues</c> holds the route's parameters. The handlers stay plain
/// methods that tests and other callers can use; the <c>[Function]</c> attribute above each call names it and
/// carries its route and method.
/// </summary>
public static class MinimalApiAdapter
{
    private static readonly ConcurrentDictionary<MethodInfo, RequestDelegate> Delegates = new();

    public static Task RunAsync(HttpRequest req, Delegate handler)
    {
        var run = Delegates.GetOrAdd(handler.Method, static (_, state) => RequestDelegateFactory.Create(state.handler, new RequestDelegateFactoryOptions
        {
            ServiceProvider = state.services,
            // None of the app's routes has an optional parameter, so every route parameter is in RouteValues.
            RouteParameterNames = state.routeNames,
            // A bad body, query or route value throws BadHttpRequestException: ProblemDetailsWorkerMiddleware makes it a
            // 400 ProblemDetails.
            ThrowOnBadRequest = true,
        }).RequestDelegate, (handler, services: req.HttpContext.RequestServices, routeNames: req.RouteValues.Keys.ToArray()));
        return run(req.HttpContext);
    }
}
