using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Surveys.Tests.Shared;

namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>
/// The app as it runs in Azure (<see cref="WorkerApp"/>: the local Functions host in this process and the real
/// isolated worker in its own) at a free loopback port, so a real browser can open it, against the Azurite that
/// ./scripts/test.sh starts. Own table prefix and queues per test class, so classes run side by side on one
/// emulator. Queue triggers run: responses are folded as in production. Only what must differ from production
/// is changed, and each change says why.
/// </summary>
public sealed class KioskApp : IAsyncDisposable
{
    /// <summary>Every timer's %schedule% setting, set to midnight on 1 January: a real schedule (the ten-minute
    /// response sweep, hourly digests) firing mid-test would race the tests' own folds and assertions.</summary>
    private static readonly string[] TimerSchedules =
        ["RequeueSchedule", "DigestSchedule", "DailyDigestSchedule", "ExportDeliverySchedule", "PartnerParticipationSchedule", "AlertSchedule"];

    private readonly WorkerApp _app;
    private readonly WorkerStartWatch _watch = new();

    /// <param name="settings">App settings (names with ':' or '__'). <c>LocalHost:*</c> settings are the local
    /// host's own and are passed as they are; every other name reaches the worker's environment with '__' for ':',
    /// as app settings in Azure.</param>
    public KioskApp(Dictionary<string, string?>? settings = null)
    {
        var id = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);
        TablePrefix = "kb" + id;
        ResponsesQueue = "kioskbrowser" + id;
        var all = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = StorageConnectionString,
            // The worker's environment name (it ignores ASPNETCORE_ENVIRONMENT).
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Testing",
            ["Surveys__Storage__TablePrefix"] = TablePrefix,
            ["ResponsesQueue"] = ResponsesQueue,
            // Own queues on the shared emulator, so no other test app picks up this app's messages.
            ["ComparisonsQueue"] = "kbcomparisons" + id,
            ["EmailsQueue"] = "kbemails" + id,
            ["SignInRequestsQueue"] = "kbsignin" + id,
            // Own timer status blobs.
            ["LocalHost:HostId"] = "kb-" + id,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var schedule in TimerSchedules) all[schedule] = "0 0 0 1 1 *";
        foreach (var (key, value) in settings ?? [])
            all[key.StartsWith("LocalHost:", StringComparison.Ordinal) ? key : key.Replace(":", "__")] = value;
        _app = new WorkerApp(all);
    }

    public string TablePrefix { get; }

    public string ResponsesQueue { get; }

    /// <summary>http://127.0.0.1:port/ once started.</summary>
    public Uri BaseAddress => _app.BaseAddress;

    public void Start() => StartAsync().GetAwaiter().GetResult();

    /// <summary>Starts the local host and waits until the worker has loaded its functions. A worker that exits before
    /// it connects to the host (an exception on start, e.g. settings that fail validation) throws
    /// <see cref="WorkerDidNotStartException"/> with what the worker wrote to stderr, instead of the host's endless
    /// restarts; the real host, too, only restarts it and logs why.</summary>
    public async Task StartAsync()
    {
        var starting = _app.StartAsync();
        // StartAsync has built the host before its first await: watch the worker's stderr and the supervisor's errors.
        _app.Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_watch);
        var first = await Task.WhenAny(starting, _watch.Failed);
        if (first == starting)
        {
            await starting;
            return;
        }
        _ = starting.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); // times out later; disposed by then
        throw await _watch.Failed;
    }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private static string StorageConnectionString =>
        Environment.GetEnvironmentVariable("SURVEYS_TEST_STORAGE") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "SURVEYS_TEST_STORAGE is not set. Run the tests with ./scripts/test.sh, which starts an in-memory Azurite on free ports and sets it.");

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Collects the worker's stderr (the host logs it as Worker.Process) and completes <see cref="Failed"/>
    /// when the supervisor reports a worker that exited before it connected.</summary>
    private sealed class WorkerStartWatch : ILoggerProvider, ILogger
    {
        private readonly List<string> _stderr = [];
        private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Exception> Failed => _failed.Task;

        public ILogger CreateLogger(string categoryName) => categoryName switch
        {
            "Worker.Process" => this,
            "Surveys.LocalHost.WorkerSupervisor" => new Supervisor(this),
            _ => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        };

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_stderr) _stderr.Add(formatter(state, exception));
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public void Dispose() { }

        private sealed class Supervisor(WorkerStartWatch watch) : ILogger
        {
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var message = formatter(state, exception);
                if (logLevel < LogLevel.Error || !message.Contains("before it connected", StringComparison.Ordinal)) return;
                string stderr;
                lock (watch._stderr) stderr = string.Join(Environment.NewLine, watch._stderr);
                watch._failed.TrySetResult(new WorkerDidNotStartException($"{message}{Environment.NewLine}The worker's stderr:{Environment.NewLine}{stderr}"));
            }

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        }
    }
}

/// <summary>The worker process exited before it connected to the host (e.g. an exception on start).</summary>
public sealed class WorkerDidNotStartException(string message) : Exception(message);
