using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Hosting;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>
/// The real composition root against Azurite, with its own table prefix and responses queue so
/// tests can run side by side on one emulator. Only what must differ from production is changed,
/// and each change says why.
/// </summary>
public sealed class SurveysApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public SurveysApp(
        bool runTriggers = true,
        bool runnerUsesEndpoint = false,
        bool hostShapedPayloads = true,
        string? tablePrefix = null,
        string? responsesQueue = null,
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        TablePrefix = tablePrefix ?? "t" + Guid.NewGuid().ToString("N")[..10];
        ResponsesQueue = responsesQueue ?? TestStorage.UniqueName("responses");
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = TestStorage.ConnectionString,
            // Isolation on a shared emulator: own tables and own queue per test.
            ["Surveys:Storage:TablePrefix"] = TablePrefix,
            ["ResponsesQueue"] = ResponsesQueue,
            ["ComparisonsQueue"] = TestStorage.UniqueName("comparisons"),
            ["EmailsQueue"] = TestStorage.UniqueName("emails"),
            ["Surveys:Hosting:RunTriggers"] = runTriggers.ToString(),
            // Tests run timer functions themselves: a real schedule (digests at 07:00, the response sweep every
            // ten minutes) firing mid-test would race them. The timer listener has its own tests.
            ["Surveys:Hosting:RunTimers"] = "false",
            ["Surveys:Hosting:RunnerUsesEndpoint"] = runnerUsesEndpoint.ToString(),
            ["Surveys:Hosting:HostShapedPayloads"] = hostShapedPayloads.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

    public string TablePrefix { get; }

    public string ResponsesQueue { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            // The test server has no socket: the runner's endpoint mode posts through its handler instead.
            services.AddHttpClient(LocalTriggerRunner.EndpointClient)
                .ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler())
                .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://localhost/"));
            _services?.Invoke(services);
        });
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}
