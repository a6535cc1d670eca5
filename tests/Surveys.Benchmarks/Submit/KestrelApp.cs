using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Surveys.Benchmarks.Submit;

/// <summary>
/// The real composition root (Program) on Kestrel, listening on a free loopback port, against the bench
/// Azurite. As in the host-level tests, only what must differ is changed: its own table prefix and
/// responses queue (so runs start on empty tables), the trigger runner on or off, and logging at Warning
/// (per-request Information lines would measure the console, not the app).
/// </summary>
internal sealed class KestrelApp : WebApplicationFactory<Program>
{
    private readonly bool _runTriggers;

    public KestrelApp(bool runTriggers)
    {
        _runTriggers = runTriggers;
        TablePrefix = BenchStorage.UniqueName("b");
        ResponsesQueue = BenchStorage.UniqueName("responses");
        UseKestrel(0);
    }

    public string TablePrefix { get; }

    public string ResponsesQueue { get; }

    /// <summary>Starts Kestrel and returns the address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("://[::]", "://127.0.0.1").Replace("://localhost", "://127.0.0.1"));
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("AzureWebJobsStorage", BenchStorage.ConnectionString);
        builder.UseSetting("Surveys:Storage:TablePrefix", TablePrefix);
        builder.UseSetting("ResponsesQueue", ResponsesQueue);
        builder.UseSetting("Surveys:Hosting:RunTriggers", _runTriggers.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
