using System.Text.Json.Nodes;

namespace Surveys.LocalHost;

/// <summary>The parts of the host's admin API a local run needs (the real host asks for the master key; this one is local only).</summary>
public static class AdminEndpoints
{
    public sealed record RunRequest(string? Input);

    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin");

        // Readiness: Running once a worker has loaded its functions.
        admin.MapGet("/host/status", (WorkerSupervisor supervisor, HostSettings settings) => TypedResults.Ok(new
        {
            id = settings.HostId,
            state = supervisor.Current is null ? "Default" : "Running",
            processId = supervisor.Current?.ProcessId,
        }));

        // The loaded functions with their bindings, as the worker described them.
        admin.MapGet("/functions", (WorkerSupervisor supervisor) =>
            TypedResults.Ok(new JsonArray((supervisor.Functions?.All ?? []).Select(f => (JsonNode)f.Describe()).ToArray())));

        // Runs a timer or queue function now; 202 like the real host.
        admin.MapPost("/functions/{name}", IResult (string name, RunRequest? body, WorkerSupervisor supervisor, Triggers triggers) =>
        {
            var function = supervisor.Functions?.Find(name);
            if (function is null || function.IsDisabled)
                return TypedResults.Problem($"No function named {name} is loaded and enabled.", statusCode: StatusCodes.Status404NotFound, title: "Function not found");
            if (function.IsHttp)
                return TypedResults.Problem($"{name} is an HTTP function: call its route.", statusCode: StatusCodes.Status400BadRequest, title: "Not a timer or queue function");
            triggers.RunNow(function, body?.Input);
            return TypedResults.Accepted((string?)null);
        });
    }
}
