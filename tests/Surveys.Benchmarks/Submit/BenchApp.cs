using Microsoft.Extensions.DependencyInjection;
using Surveys.Tests.Shared;

namespace Surveys.Benchmarks.Submit;

/// <summary>
/// The app as it runs in Azure, against the bench Azurite: the local Functions host (src/Surveys.LocalHost, in this
/// process, on a free loopback port) running the real isolated worker (its own process, the Release build of
/// src/Surveys.Functions), through <see cref="WorkerApp"/> as in the Functions tests. As there, only what must differ is
/// changed: its own table prefix and queues (so runs start on empty tables), the queue triggers on or off, timers that
/// do not fire during a run, and logging at Warning (per-request Information lines would measure the console, not the app).
/// <see cref="Get{T}"/> resolves from a test-side container built with the same <c>AddSurveys</c> on the same settings
/// (seeding, reading aggregates); the HTTP requests and the triggers run in the worker.
/// </summary>
internal sealed class BenchApp : IDisposable
{
    private static readonly string[] QueueFunctions = ["FoldResponse", "RecomputeComparisons", "SendEmail", "SendSignInLink"];
    private static readonly string[] TimerSchedules =
        ["RequeueSchedule", "DigestSchedule", "DailyDigestSchedule", "ExportDeliverySchedule", "PartnerParticipationSchedule", "AlertSchedule"];

    private readonly WorkerApp _app;

    /// <param name="connectionString">The emulator: this run's (<see cref="BenchStorage.ConnectionString"/>) unless given.</param>
    public BenchApp(bool runTriggers, IReadOnlyDictionary<string, string>? settings = null, string tablePrefixStem = "b", string? connectionString = null)
    {
        TablePrefix = BenchStorage.UniqueName(tablePrefixStem);
        ResponsesQueue = BenchStorage.UniqueName("responses");
        var all = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString ?? BenchStorage.ConnectionString,
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            ["Surveys__Storage__TablePrefix"] = TablePrefix,
            ["ResponsesQueue"] = ResponsesQueue,
            ["ComparisonsQueue"] = BenchStorage.UniqueName("comparisons"),
            ["EmailsQueue"] = BenchStorage.UniqueName("emails"),
            ["SignInRequestsQueue"] = BenchStorage.UniqueName("signin"),
            // Required in Production; the bench calls 127.0.0.1 (only this host is answered, ports aside).
            ["Surveys__PublicBaseUrl"] = "http://127.0.0.1",
            ["LocalHost:HostId"] = "bench-" + TablePrefix,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        // Midnight on 1 January: no timer (the ten-minute requeue sweep, the hourly digests) fires during a run.
        foreach (var schedule in TimerSchedules) all[schedule] = "0 0 0 1 1 *";
        // The host's way to switch a function off (AzureWebJobs.<name>.Disabled): nothing folds the queued responses.
        if (!runTriggers)
            foreach (var function in QueueFunctions) all[$"AzureWebJobs__{function}__Disabled"] = "true";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key.Replace(":", "__")] = value;
        _app = new WorkerApp(all);
    }

    public string TablePrefix { get; }

    public string ResponsesQueue { get; }

    /// <summary>Starts the host and the worker; returns the address the host listens on once the worker has loaded.</summary>
    public Uri Start()
    {
        _app.StartAsync().GetAwaiter().GetResult();
        return _app.BaseAddress;
    }

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>The worker's process id (the host's <c>/admin/host/status</c>): the app's memory is there, not in this process.</summary>
    public int WorkerProcessId()
    {
        using var http = new HttpClient { BaseAddress = _app.BaseAddress };
        using var status = System.Text.Json.JsonDocument.Parse(http.GetStringAsync("admin/host/status").GetAwaiter().GetResult());
        return status.RootElement.GetProperty("processId").GetInt32();
    }

    public void Dispose() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
