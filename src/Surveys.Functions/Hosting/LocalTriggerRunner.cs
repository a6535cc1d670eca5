using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Hosting;

/// <summary>
/// Stands in for the Functions host when it is absent (local runs, tests, CI): one
/// <see cref="QueueListener"/> per queue function and one <see cref="TimerListener"/> per timer
/// function, configured from the same host.json and function.json files that are deployed.
/// Starts polling only after the web server listens, so readiness is never delayed.
/// </summary>
public sealed class LocalTriggerRunner(
    FunctionManifest manifest,
    FunctionInvoker invoker,
    AppStorage storage,
    TimerStatusStore timerStatus,
    QueueWakeup wakeup,
    IOptions<HostingOptions> options,
    IHttpClientFactory httpClients,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    TimeProvider time,
    ILoggerFactory logs) : BackgroundService
{
    /// <summary>The named HttpClient the runner's endpoint mode posts through (tests point it at the test server).</summary>
    public const string EndpointClient = "Surveys.Runner.Endpoint";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }

        var log = logs.CreateLogger<LocalTriggerRunner>();
        var zone = TimerZone(configuration);
        var listeners = new List<Task>();
        foreach (var function in manifest.Functions)
        {
            switch (function.Kind)
            {
                case TriggerKind.Queue:
                    var queue = storage.RawQueue(function.QueueName!);
                    var listener = new QueueListener(function, queue, storage.RawQueue(function.QueueName + "-poison"),
                        manifest.Queues, options.Value.MessageLease, InvokeQueueAsync, wakeup, time,
                        logs.CreateLogger($"Surveys.Runner.{function.Name}"));
                    listeners.Add(Task.Run(() => listener.RunAsync(stoppingToken), CancellationToken.None));
                    log.LogInformation("Local trigger runner: {Function} listens on queue {Queue}", function.Name, function.QueueName);
                    break;
                case TriggerKind.Timer when options.Value.RunTimers:
                    var timer = new TimerListener(function, timerStatus, InvokeTimerAsync, zone, time,
                        logs.CreateLogger($"Surveys.Runner.{function.Name}"));
                    listeners.Add(Task.Run(() => timer.RunAsync(stoppingToken), CancellationToken.None));
                    log.LogInformation("Local trigger runner: {Function} runs on schedule {Schedule} ({Zone})", function.Name, function.Schedule, zone.Id);
                    break;
            }
        }
        await Task.WhenAll(listeners);
    }

    /// <summary>The time zone schedules are read in: <c>WEBSITE_TIME_ZONE</c> as on App Service, else UTC.</summary>
    public static TimeZoneInfo TimerZone(IConfiguration configuration)
    {
        var id = configuration["WEBSITE_TIME_ZONE"];
        return string.IsNullOrWhiteSpace(id) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
    }

    private Task InvokeQueueAsync(FunctionDeclaration function, QueueTrigger message, CancellationToken ct) =>
        options.Value.RunnerUsesEndpoint
            ? PostAsync(function, HostPayload.QueuePayload(function.TriggerBindingName, message, options.Value.HostShapedPayloads), ct)
            : invoker.InvokeQueueAsync(function.Name, message, ct);

    private Task InvokeTimerAsync(FunctionDeclaration function, TimerTrigger timer, CancellationToken ct) =>
        options.Value.RunnerUsesEndpoint
            ? PostAsync(function, HostPayload.TimerPayload(function.TriggerBindingName, timer), ct)
            : invoker.InvokeTimerAsync(function.Name, timer, ct);

    private async Task PostAsync(FunctionDeclaration function, System.Text.Json.Nodes.JsonObject payload, CancellationToken ct)
    {
        // As the host does: POST /{FunctionName}; any non-2xx fails the invocation.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + function.Name) { Content = JsonContent.Create(payload) };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        using var response = await httpClients.CreateClient(EndpointClient).SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }
}
