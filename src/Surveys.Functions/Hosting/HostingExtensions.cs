using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Surveys.Functions.Hosting;

public static class HostingExtensions
{
    /// <summary>Reads the Functions declarations, registers the invoker and, without the Functions
    /// host, the local trigger runner.</summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        var port = Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT");
        if (!string.IsNullOrEmpty(port))
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}"); // the host talks to us on loopback only

        builder.Services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<HostingOptions>>().Value);
        builder.Services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var options = sp.GetRequiredService<HostingOptions>();
            return FunctionManifest.Load(FunctionManifest.LocateAppRoot(options.AppRoot), name => configuration[name]);
        });
        builder.Services.AddSingleton(sp => new FunctionCatalog(sp.GetServices<FunctionRegistration>()));
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddSingleton<QueueWakeup>();
        builder.Services.AddSingleton<TimerStatusStore>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(LocalTriggerRunner.EndpointClient, (sp, client) =>
        {
            // Endpoint mode: post to this app's own address, as the host does.
            var server = sp.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();
            var address = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is not null) client.BaseAddress = new Uri(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost"));
        });

        var runTriggers = builder.Configuration.GetValue($"{HostingOptions.Section}:{nameof(HostingOptions.RunTriggers)}", true);
        if (!HostingOptions.UnderFunctionsHost && runTriggers)
            builder.Services.AddHostedService<LocalTriggerRunner>();
        return builder;
    }

    /// <summary>Checks at start that every declared queue/timer function is implemented and vice
    /// versa, then maps the invocation endpoints when the host (or the runner's test mode) needs them.</summary>
    public static WebApplication MapFunctionsHosting(this WebApplication app)
    {
        var manifest = app.Services.GetRequiredService<FunctionManifest>();
        var catalog = app.Services.GetRequiredService<FunctionCatalog>();
        var options = app.Services.GetRequiredService<HostingOptions>();
        var declared = manifest.Functions.Where(f => f.Kind != TriggerKind.Http).ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var registration in catalog.Registrations)
        {
            if (!declared.TryGetValue(registration.Name, out var declaration) || declaration.Kind != registration.Kind)
                throw new InvalidOperationException($"Function {registration.Name} has no {registration.Kind} function.json in {manifest.AppRoot}.");
        }
        foreach (var declaration in declared.Values)
        {
            if (catalog.Find(declaration.Name) is null)
                throw new InvalidOperationException($"{declaration.Name}/function.json names no implemented function.");
        }

        foreach (var (http, invoked) in manifest.InvocationPathCollisions())
            throw new InvalidOperationException(
                $"The route '{http.Route}' of HTTP function {http.Name} matches /{invoked.Name}, the invocation path of {invoked.Name}: a forwarded public request could reach it.");

        if (options.InvocationEndpoints ?? (HostingOptions.UnderFunctionsHost || options.RunnerUsesEndpoint))
            app.MapInvocationEndpoints(manifest);
        return app;
    }
}
