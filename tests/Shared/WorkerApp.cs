using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Surveys.Functions;
using Surveys.LocalHost;

namespace Surveys.Tests.Shared;

/// <summary>
/// The app as it runs in Azure: the local Functions host (src/Surveys.LocalHost, in this process) running the
/// real isolated worker (its own process, the build of src/Surveys.Functions), on a loopback port. HTTP, queue
/// triggers and timers go through the host; the settings go into the worker's environment, so each instance has
/// its own tables and queues on a shared emulator.
/// <see cref="Services"/> is a second container built with the same <c>AddSurveys</c> on the same settings (never
/// started: the worker runs the hosted services), for arranging and asserting, and for calling a function's
/// implementation directly (with test doubles from <c>services</c>, which reach this container only).
/// One file, compiled into each test project that needs it (linked from tests/Shared/); the project names the
/// worker's build directory in an <c>AssemblyMetadata("WorkerDirectory", ...)</c>.
/// </summary>
public sealed class WorkerApp : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private WebApplication? _host;
    private IHost? _container;
    private readonly InvocationLog _invocations = new();

    /// <param name="settings">App settings, as app settings in Azure (names with ':' or '__').</param>
    /// <param name="services">Changes to the test-side container only (the worker is another process).</param>
    public WorkerApp(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        _settings = new Dictionary<string, string?>(settings);
        _services = services;
    }

    public static string WorkerDirectory { get; } = Path.GetFullPath(typeof(WorkerApp).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkerDirectory").Value!);

    /// <summary>http://127.0.0.1:port/ once started.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => (_container ?? throw new InvalidOperationException("Start the app first.")).Services;

    /// <summary>The local host itself (its admin API is on <see cref="BaseAddress"/>).</summary>
    public WebApplication Host => _host ?? throw new InvalidOperationException("Start the app first.");

    public bool Started => _host is not null;

    /// <summary>The running worker's process id (the process that serves HTTP and runs the queue functions), or null
    /// while the host has none (it died and is being restarted).</summary>
    public int? WorkerProcessId => Host.Services.GetRequiredService<WorkerSupervisor>().Current?.ProcessId;

    /// <summary>
    /// Kills the worker process with SIGKILL (no shutdown: invocations and requests in flight are cut off where they
    /// are) and waits until the host has started a new worker and loaded its functions, as it does for a worker that
    /// crashes. Returns how long the host needed.
    /// </summary>
    public async Task<TimeSpan> KillWorkerAsync(TimeSpan? timeout = null)
    {
        var supervisor = Host.Services.GetRequiredService<WorkerSupervisor>();
        var killed = (supervisor.Current ?? await supervisor.WaitForWorkerAsync(TimeSpan.FromSeconds(60), CancellationToken.None)
            ?? throw new InvalidOperationException("No worker is running.")).ProcessId;
        var clock = Stopwatch.StartNew();
        using (var process = Process.GetProcessById(killed)) process.Kill(); // SIGKILL on Linux and macOS
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (supervisor.Current is not { } worker || worker.ProcessId == killed)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"The host did not restart the worker within {timeout ?? TimeSpan.FromSeconds(60)} of killing {killed}.");
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }

    public async Task StartAsync()
    {
        var values = _settings.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        _host = LocalHostApp.Build(["--urls", "http://127.0.0.1:0", "--app", WorkerDirectory], values, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            // The host's invocation outcomes, for RunFunctionAndWaitAsync (not on the console: one line per invocation).
            builder.Logging.AddProvider(_invocations);
            builder.Logging.AddFilter<InvocationLog>(InvocationLog.Category, LogLevel.Information);
            builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(InvocationLog.Category, LogLevel.Warning);
        });
        await _host.StartAsync();
        BaseAddress = new Uri(_host.Urls.First().TrimEnd('/') + "/");

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = _settings.GetValueOrDefault("AZURE_FUNCTIONS_ENVIRONMENT") ?? "Testing",
            ContentRootPath = WorkerDirectory,
        });
        builder.Configuration.AddInMemoryCollection(_settings.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":"), kv.Value)));
        builder.AddSurveys();
        _services?.Invoke(builder.Services);
        _container = builder.Build();

        using var http = new HttpClient { BaseAddress = BaseAddress };
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetFromJsonAsync<JsonElement>("admin/host/status")).GetProperty("state").GetString() == "Running") break;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > until) throw new TimeoutException("The local host did not load the worker within 60 s (see its log).");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// What stops the worker from starting with these settings (options validated on start, a bad setting), or null:
    /// the same <c>AddSurveys</c> started here as the worker starts it. (The worker itself would exit and be restarted
    /// by the host with back-off, never serving a request.)
    /// </summary>
    public static async Task<Exception?> StartFailureAsync(IDictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = settings.TryGetValue("AZURE_FUNCTIONS_ENVIRONMENT", out var environment) && environment is not null ? environment : "Testing",
            ContentRootPath = WorkerDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":"), kv.Value)));
        try
        {
            builder.AddSurveys();
            using var host = builder.Build();
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Runs a timer or queue function now through the host's admin API, as <c>func</c> and Azure offer it;
    /// returns once the host has accepted it (202). The function runs in the worker.</summary>
    public async Task RunFunctionAsync(string name, string input = "")
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var response = await http.PostAsJsonAsync($"admin/functions/{name}", new { input });
        if ((int)response.StatusCode != 202)
            throw new InvalidOperationException($"POST /admin/functions/{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Runs a timer or queue function now through the admin API and waits for the host to record its outcome:
    /// null when the worker ran it successfully, else the failure the host logged.</summary>
    public async Task<string?> RunFunctionAndWaitAsync(string name, string input = "", TimeSpan? timeout = null)
    {
        var mark = _invocations.Count;
        await RunFunctionAsync(name, input);
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < until)
        {
            foreach (var (function, failure) in _invocations.After(mark))
                if (function == name) return failure;
            await Task.Delay(20);
        }
        throw new TimeoutException($"The host recorded no outcome of {name} within {timeout ?? TimeSpan.FromSeconds(60)}.");
    }

    /// <summary>What the host's invoker logs for each queue or timer invocation: the function, and the failure if any.</summary>
    private sealed class InvocationLog : ILoggerProvider
    {
        public const string Category = "Surveys.LocalHost.Invoker";
        private readonly List<(string Function, string? Failure)> _entries = [];

        public int Count { get { lock (_entries) return _entries.Count; } }

        public IReadOnlyList<(string Function, string? Failure)> After(int mark) { lock (_entries) return _entries.Skip(mark).ToList(); }

        public ILogger CreateLogger(string categoryName) => categoryName == Category ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose() { }

        private sealed class Logger(InvocationLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
                var function = values.FirstOrDefault(v => v.Key == "Function").Value?.ToString();
                if (function is null) return;
                lock (log._entries) log._entries.Add((function, logLevel == LogLevel.Information ? null : formatter(state, exception)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) { await _host.StopAsync(); await _host.DisposeAsync(); }
        _container?.Dispose();
    }
}
