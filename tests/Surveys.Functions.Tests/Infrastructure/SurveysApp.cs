using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Tests.Shared;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>
/// The app as it runs in Azure (<see cref="WorkerApp"/>: the local Functions host and the real worker process)
/// against Azurite, with its own table prefix and queues so tests can run side by side on one emulator. Only
/// what must differ from production is changed, and each change says why. Starts on first use, as
/// WebApplicationFactory did; <see cref="CreateClient()"/> keeps cookies and follows redirects unless told otherwise.
/// </summary>
public sealed class SurveysApp : IAsyncDisposable
{
    /// <summary>The queue functions; <c>runTriggers: false</c> disables them (the host's <c>AzureWebJobs.&lt;name&gt;.Disabled</c>).</summary>
    public static readonly string[] QueueFunctions = ["FoldResponse", "RecomputeComparisons", "SendEmail", "SendSignInLink"];

    /// <summary>Every timer's %schedule% setting. Tests run timers themselves (directly or through the admin API): a real
    /// schedule (hourly digests, the ten-minute response sweep) firing mid-test would race them, so each is set to
    /// midnight on 1 January.</summary>
    public static readonly string[] TimerSchedules =
        ["RequeueSchedule", "DigestSchedule", "DailyDigestSchedule", "ExportDeliverySchedule", "PartnerParticipationSchedule", "AlertSchedule"];

    private readonly WorkerApp _app;
    private readonly Dictionary<string, string?> _settings;

    public SurveysApp(
        bool runTriggers = true,
        string? tablePrefix = null,
        string? responsesQueue = null,
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        TablePrefix = tablePrefix ?? "t" + Guid.NewGuid().ToString("N")[..10];
        ResponsesQueue = responsesQueue ?? TestStorage.UniqueName("responses");
        var all = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = TestStorage.ConnectionString,
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Testing",
            // Isolation on a shared emulator: own tables, own queues, own timer status per test.
            ["Surveys__Storage__TablePrefix"] = TablePrefix,
            ["ResponsesQueue"] = ResponsesQueue,
            ["ComparisonsQueue"] = TestStorage.UniqueName("comparisons"),
            ["EmailsQueue"] = TestStorage.UniqueName("emails"),
            ["SignInRequestsQueue"] = TestStorage.UniqueName("signin"),
            ["LocalHost:HostId"] = "test-" + TablePrefix,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var schedule in TimerSchedules) all[schedule] = "0 0 0 1 1 *";
        if (!runTriggers)
            foreach (var function in QueueFunctions) all[$"AzureWebJobs__{function}__Disabled"] = "true";
        // App settings as in Azure ("A__B"); the local host's own settings keep their names.
        foreach (var (key, value) in settings ?? []) all[key.StartsWith("LocalHost:", StringComparison.Ordinal) ? key : key.Replace(":", "__")] = value;
        _settings = all;
        _app = new WorkerApp(all, container =>
        {
            container.AddSingleton<FunctionInvoker>();
            services?.Invoke(container);
        });
    }

    public string TablePrefix { get; }

    public string ResponsesQueue { get; }

    public Uri BaseAddress { get { EnsureStarted(); return _app.BaseAddress; } }

    public IServiceProvider Services { get { EnsureStarted(); return _app.Services; } }

    /// <summary>The origin of the app's own pages as the worker sees it: <c>Surveys:PublicBaseUrl</c> when the test sets
    /// it, else where the host listens (ADR 5, cross-site requests).</summary>
    public string OwnOrigin => _settings.TryGetValue("Surveys__PublicBaseUrl", out var configured) && !string.IsNullOrEmpty(configured)
        ? new Uri(configured).GetLeftPart(UriPartial.Authority)
        : BaseAddress.GetLeftPart(UriPartial.Authority);

    public Task StartAsync() => _app.StartAsync();

    /// <summary>The host and worker underneath, started (for tests that kill the worker: <see cref="WorkerApp.KillWorkerAsync"/>).</summary>
    public WorkerApp Worker { get { EnsureStarted(); return _app; } }

    public HttpClient CreateClient() => CreateClient(new WebApplicationFactoryClientOptions());

    /// <summary>As WebApplicationFactory's: redirects followed and cookies kept unless the options say otherwise.</summary>
    public HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        EnsureStarted();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = options.AllowAutoRedirect, UseCookies = options.HandleCookies })
            { BaseAddress = _app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs a timer or queue function in the worker now (the host's admin API); returns when it was accepted.</summary>
    public Task RunFunctionAsync(string name, string input = "") { EnsureStarted(); return _app.RunFunctionAsync(name, input); }

    /// <summary>What stops the worker from starting with this app's settings (see <see cref="WorkerApp.StartFailureAsync"/>), or null.</summary>
    public Task<Exception?> StartFailureAsync() => WorkerApp.StartFailureAsync(_settings);

    /// <summary>Runs a timer or queue function in the worker now and waits for its outcome: null on success, else the failure.</summary>
    public Task<string?> RunFunctionAndWaitAsync(string name, string input = "") { EnsureStarted(); return _app.RunFunctionAndWaitAsync(name, input); }

    /// <summary>The functions the local host loaded, as its admin API lists them.</summary>
    public async Task<System.Text.Json.Nodes.JsonArray> LoadedFunctionsAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        return (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>(http, "admin/functions"))!;
    }

    private void EnsureStarted()
    {
        if (!_app.Started) _app.StartAsync().GetAwaiter().GetResult();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
