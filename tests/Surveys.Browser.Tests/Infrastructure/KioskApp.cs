using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>
/// The real composition root on Kestrel at a free loopback port, so a real browser can open it,
/// against the Azurite that ./scripts/test.sh starts. Own table prefix and responses queue per
/// test class, so classes run side by side on one emulator. The local trigger runner stays on:
/// responses are folded as in production.
/// </summary>
public sealed class KioskApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public KioskApp(Dictionary<string, string?>? settings = null)
    {
        var id = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);
        TablePrefix = "kb" + id;
        ResponsesQueue = "kioskbrowser" + id;
        _settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = StorageConnectionString,
            ["Surveys:Storage:TablePrefix"] = TablePrefix,
            ["ResponsesQueue"] = ResponsesQueue,
            // Own queues on the shared emulator, so no other test app picks up this app's messages.
            ["ComparisonsQueue"] = "kbcomparisons" + id,
            ["EmailsQueue"] = "kbemails" + id,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string TablePrefix { get; }

    public string ResponsesQueue { get; }

    /// <summary>http://127.0.0.1:port/ once started.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    private static string StorageConnectionString =>
        Environment.GetEnvironmentVariable("SURVEYS_TEST_STORAGE") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "SURVEYS_TEST_STORAGE is not set. Run the tests with ./scripts/test.sh, which starts an in-memory Azurite on free ports and sets it.");
}
