using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Surveys.Functions.Access;

namespace Surveys.Functions.Api;

/// <summary>What ASP.NET Core's host filtering (<c>AllowedHosts</c>) would do, which the worker's fixed pipeline lacks: an
/// HTTP invocation for a host other than <c>Surveys:PublicBaseUrl</c>'s is a 400 (see <see cref="PublicOrigin.Allows"/>).
/// Both Azure's Functions host and src/Surveys.LocalHost forward the original Host header to the worker (YARP's default
/// transformer). Registered after <see cref="ProblemDetailsWorkerMiddleware"/>, so it runs inside it and the refusal is a
/// ProblemDetails.</summary>
public sealed class HostCheckWorkerMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && !context.InstanceServices.GetRequiredService<PublicOrigin>().Allows(http.Request.Host))
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Ukjent vertsnavn", "Unknown host",
                "Forespørselen gjelder et vertsnavn denne appen ikke svarer på.", "The request names a host this app does not answer for.");
        return next(context);
    }
}
