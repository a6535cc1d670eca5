using System.Text.Json;
using System.Text.Json.Nodes;

namespace Surveys.Functions.Hosting;

/// <summary>
/// <c>POST /{FunctionName}</c>: how the Functions host invokes queue and timer functions (§6). Only
/// the declared queue and timer functions get a route (no catch-all), and no HTTP function's route
/// may match one of these paths, so a forwarded public request can never run them.
/// </summary>
public static class InvocationEndpoints
{
    public static IEndpointRouteBuilder MapInvocationEndpoints(this IEndpointRouteBuilder app, FunctionManifest manifest)
    {
        foreach (var function in manifest.Functions.Where(f => f.Kind is TriggerKind.Queue or TriggerKind.Timer))
        {
            var declaration = function;
            app.MapPost("/" + declaration.Name, (HttpContext http, FunctionInvoker invoker, ILoggerFactory logs, CancellationToken ct) =>
                    InvokeAsync(http, declaration, invoker, logs.CreateLogger("Surveys.Invocation"), ct))
                .ExcludeFromDescription()
                .WithMetadata(new InvocationEndpointMetadata(declaration.Name));
        }
        return app;
    }

    private static async Task<IResult> InvokeAsync(
        HttpContext http, FunctionDeclaration declaration, FunctionInvoker invoker, ILogger log, CancellationToken ct)
    {
        JsonNode? payload;
        try
        {
            payload = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid invocation payload", detail: e.Message);
        }

        var invocationId = http.Request.Headers["X-Azure-Functions-InvocationId"].ToString();
        try
        {
            if (declaration.Kind == TriggerKind.Queue)
                await invoker.InvokeQueueAsync(declaration.Name, HostPayload.ReadQueue(payload, declaration.TriggerBindingName), ct);
            else
                await invoker.InvokeTimerAsync(declaration.Name, HostPayload.ReadTimer(payload, declaration.TriggerBindingName), ct);
        }
        catch (FormatException e)
        {
            log.LogWarning("Invocation {InvocationId} of {Function} had an unreadable payload: {Reason}", invocationId, declaration.Name, e.Message);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid invocation payload", detail: e.Message);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Any non-2xx fails the invocation, so the host retries the message and poisons it in the end.
            log.LogError(e, "Invocation {InvocationId} of {Function} failed", invocationId, declaration.Name);
            return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The function failed",
                detail: $"{declaration.Name} failed; the host will retry the invocation.");
        }

        return Results.Json(new JsonObject { ["Outputs"] = new JsonObject(), ["Logs"] = new JsonArray(), ["ReturnValue"] = null });
    }
}

/// <summary>Marks the endpoints that only the Functions host may call.</summary>
public sealed record InvocationEndpointMetadata(string FunctionName);
