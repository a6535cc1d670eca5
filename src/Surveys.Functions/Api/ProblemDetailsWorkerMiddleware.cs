using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Surveys.Functions.Api;

/// <summary>ProblemDetails in one place for function invocations. A function's exception is
/// thrown in the worker's invocation pipeline, not in ASP.NET Core's, so <c>UseExceptionHandler</c> never
/// sees it (the host would answer an empty 500). This hands it to the same <see cref="IExceptionHandler"/>s.
/// Handled exceptions end the invocation as a success.</summary>
public sealed class ProblemDetailsWorkerMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        // The accessor is empty inside a worker invocation (the integration does not set it): storage calls read it to know
        // that someone is waiting (Storage/InteractiveTimeoutPolicy, 2 s network timeout), so set it for the invocation.
        if (context.GetHttpContext() is { } current) context.InstanceServices.GetRequiredService<IHttpContextAccessor>().HttpContext = current;
        try
        {
            await next(context);
            // The returned IResult is executed by the integration's middleware *after* this one returns, so the status is not
            // known here yet: execute it now (then nothing is left for the integration to do).
            if (context.GetHttpContext() is { } http0 && context.GetInvocationResult() is { Value: IResult result } invocation)
            {
                invocation.Value = null;
                await result.ExecuteAsync(http0);
            }
            // What UseStatusCodePages did: an empty error answer gets a ProblemDetails body. It must happen here, while the
            // invocation's service scope lives: as ASP.NET Core middleware (IStartupFilter) it runs after the function's scope
            // is disposed (HttpContext.RequestServices is that scope) and fails with ObjectDisposedException (tried).
            if (context.GetHttpContext() is { Response: { HasStarted: false, StatusCode: >= 400, ContentType: null, ContentLength: null } } empty)
                await context.InstanceServices.GetRequiredService<IProblemDetailsService>()
                    .TryWriteAsync(new ProblemDetailsContext { HttpContext = empty });
        }
        catch (Exception e) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            var exception = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : e;
            foreach (var handler in context.InstanceServices.GetServices<IExceptionHandler>())
            {
                // Handled (a 5xx too): the invocation then counts as a success. Rethrowing a 5xx marks it Failure,
                // but the host then answers an empty 500 and the ProblemDetails body is lost (tried).
                if (await handler.TryHandleAsync(http, exception, context.CancellationToken)) return;
            }
            throw;
        }
    }
}
