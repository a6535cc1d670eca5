using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Surveys.LocalHost.Tests;

/// <summary>
/// One local host, in-process, running the test worker app against Azurite. Each instance has its
/// own queue, record marker and host id, so instances never see each other's messages or timers.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public static string WorkerDirectory => Path.GetFullPath(Metadata("TestWorkerDirectory"));
    public static string RepositoryRoot => Path.GetFullPath(Metadata("RepositoryRoot"));
    public static string LocalHostDirectory => Path.GetFullPath(Metadata("LocalHostDirectory"));

    public static string TestStorage => Environment.GetEnvironmentVariable("SURVEYS_TEST_STORAGE")
        ?? throw new InvalidOperationException("SURVEYS_TEST_STORAGE is not set: run scripts/test.sh, or start Azurite and set it.");

    private readonly WebApplication _app;

    public string Id { get; }
    public string WorkQueue => $"work-{Id}";
    public string TickMarker => $"tick-{Id}";
    public HttpClient Http { get; }
    public QueueServiceClient Queues { get; }
    public WorkerSupervisor Supervisor => _app.Services.GetRequiredService<WorkerSupervisor>();

    private TestHost(WebApplication app, string storage, string id)
    {
        _app = app;
        Id = id;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        Queues = new QueueServiceClient(storage, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    /// <param name="settings">Settings on top of the defaults: yearly timer, no delay in it.</param>
    /// <param name="logs">Receives the host's warnings and errors, when given.</param>
    public static async Task<TestHost> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? storage = null, LogCapture? logs = null)
    {
        storage ??= TestStorage;
        var id = Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage,
            ["WorkQueue"] = $"work-{id}",
            ["TickMarker"] = $"tick-{id}",
            ["TickSchedule"] = "0 0 0 1 1 *",
            ["LocalHost:HostId"] = $"test-{id}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) values[key] = value;

        var app = LocalHostApp.Build(["--urls", "http://127.0.0.1:0", "--app", WorkerDirectory, "--Logging:LogLevel:Default", "Warning"], values,
            builder => { if (logs is not null) builder.Logging.AddProvider(logs); });
        await app.StartAsync();
        var host = new TestHost(app, storage, id);
        await Eventually.TrueAsync(async () =>
            (await host.Http.GetFromJsonAsync<JsonElement>("/admin/host/status")).GetProperty("state").GetString() == "Running",
            TimeSpan.FromSeconds(30), "the host to load the worker's functions");
        return host;
    }

    /// <summary>Sends a message to this host's work queue, base64-encoded as the trigger expects.</summary>
    public async Task<string> SendWorkAsync(string marker, int fail, int delayMs = 0)
    {
        var queue = Queues.GetQueueClient(WorkQueue);
        await queue.CreateIfNotExistsAsync();
        return (await queue.SendMessageAsync(JsonSerializer.Serialize(new { marker, fail, delayMs }))).Value.MessageId;
    }

    /// <summary>What the worker's functions recorded under <paramref name="marker"/> so far.</summary>
    public async Task<IReadOnlyList<JsonElement>> RecordsAsync(string marker)
    {
        var queue = Queues.GetQueueClient($"rec-{marker}");
        if (!await queue.ExistsAsync()) return [];
        var messages = (await queue.PeekMessagesAsync(32)).Value;
        return messages.Select(m => JsonDocument.Parse(m.Body.ToString()).RootElement.Clone()).ToList();
    }

    public async Task<int> CountAsync(string queueName)
    {
        var queue = Queues.GetQueueClient(queueName);
        return await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Metadata(string key) => typeof(TestHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

/// <summary>Waits for a side effect by polling with a deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        Exception? last = null;
        while (DateTime.UtcNow < until)
        {
            try { if (await condition()) return; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Azure.RequestFailedException) { last = e; }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Timed out after {deadline.TotalSeconds} s waiting for {what}.", last);
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> value, TimeSpan deadline, string what)
    {
        T? result = default;
        await TrueAsync(async () => (result = await value()) is not null, deadline, what);
        return result!;
    }
}

/// <summary>One host shared by the tests that do not disturb it.</summary>
public sealed class SharedHost : IAsyncLifetime
{
    public TestHost Host { get; private set; } = null!;
    public async Task InitializeAsync() => Host = await TestHost.StartAsync();
    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(nameof(SharedHost))]
public sealed class SharedHostCollection : ICollectionFixture<SharedHost>;

/// <summary>Keeps what the host logs, as "Category: message" lines.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();
    public IReadOnlyCollection<string> Lines => _lines;
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);
    public void Dispose() { }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
