using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Surveys.LocalHost.Rpc;

namespace Surveys.LocalHost;

/// <summary>
/// Starts a queue listener or a timer for each enabled queue or timer function the worker loaded,
/// keeps them across worker restarts, and runs one now for the admin API.
/// </summary>
public sealed class Triggers(HostSettings settings, WorkerSupervisor supervisor, Invoker invoker, ILoggerFactory loggers) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger<Triggers>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, Task> _running = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TimerTrigger> _timers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<(QueueServiceClient Queues, BlobServiceClient Blobs)> _storage = new(() =>
    {
        // Short network timeouts: a storage outage should surface as errors to wait out, not as hung calls.
        var retry = new Action<RetryOptions>(r => { r.NetworkTimeout = settings.StorageNetworkTimeout; r.MaxRetries = 2; });
        var queueOptions = new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06);
        var blobOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        retry(queueOptions.Retry);
        retry(blobOptions.Retry);
        return (new QueueServiceClient(settings.StorageConnection, queueOptions), new BlobServiceClient(settings.StorageConnection, blobOptions));
    });

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts the triggers of functions not seen before (the worker's functions rarely change between restarts).</summary>
    public void Start(FunctionCatalog catalog)
    {
        lock (_running)
            foreach (var function in catalog.All.Where(f => (f.IsQueue || f.IsTimer) && !f.IsDisabled && !_running.ContainsKey(f.Name)))
            {
                _running[function.Name] = Task.Run(async () =>
                {
                    try { await RunAsync(function, _stopping.Token); }
                    catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { }
                    catch (Exception e) { _logger.LogError("The trigger of {Function} stopped: {Reason}", function.Name, e.Message); }
                });
            }
    }

    private Task RunAsync(FunctionInfo function, CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger("Trigger." + function.Name);
        if (function.IsQueue)
        {
            var name = settings.Resolve(function.QueueName ?? throw new InvalidOperationException($"{function.Name} has no queueName.")).ToLowerInvariant();
            var queues = _storage.Value.Queues;
            return new QueueListener(function.Name, queues.GetQueueClient(name), queues.GetQueueClient(name + "-poison"),
                settings.Queues, settings.QueueLease, supervisor, invoker, logger).RunAsync(stoppingToken);
        }
        var timer = new TimerTrigger(function.Name, settings.Resolve(function.Schedule ?? throw new InvalidOperationException($"{function.Name} has no schedule.")),
            function.RunOnStartup, settings.TimeZone, _storage.Value.Blobs.GetBlobContainerClient("azure-webjobs-hosts"),
            $"timers/{settings.HostId}/{function.Metadata.EntryPoint}/status", invoker, logger);
        lock (_running) _timers[function.Name] = timer;
        return timer.RunAsync(stoppingToken);
    }

    /// <summary>The admin API's run-now: a timer takes its turn, a queue function gets <paramref name="input"/> as its message.</summary>
    public void RunNow(FunctionInfo function, string? input)
    {
        TimerTrigger? timer;
        lock (_running) timer = _timers.GetValueOrDefault(function.Name);
        _ = Task.Run(async () =>
        {
            try
            {
                if (timer is not null) await timer.RunNowAsync(_stopping.Token);
                else if (function.IsTimer) await invoker.InvokeAsync(function.Name, new TypedData { Json = """{"IsPastDue":false}""" }, new Dictionary<string, TypedData>(), _stopping.Token);
                else await invoker.InvokeAsync(function.Name, new TypedData { String = input ?? "" },
                    // As the real host binds a string given to a queue trigger: a message never dequeued, without id.
                    new Dictionary<string, TypedData> { ["QueueTrigger"] = new() { String = input ?? "" }, ["DequeueCount"] = new() { Json = "0" } }, _stopping.Token);
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested) { _logger.LogWarning("Run of {Function} failed: {Reason}", function.Name, e.Message); }
            catch (OperationCanceledException) { }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] running;
        lock (_running) running = [.. _running.Values];
        try { await Task.WhenAll(running).WaitAsync(cancellationToken); }
        catch (Exception e) when (e is OperationCanceledException or WorkerUnavailableException) { }
        catch (Exception e) { _logger.LogWarning("A trigger stopped with {Reason}", e.Message); }
    }
}
