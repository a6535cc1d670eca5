using Microsoft.Extensions.DependencyInjection;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>A shared app for a test class (xunit class fixture); derive with the options the class needs.</summary>
public abstract class SurveysAppFixture : IAsyncLifetime
{
    protected SurveysAppFixture(bool runTriggers = true, bool runnerUsesEndpoint = false, bool hostShapedPayloads = true,
        Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Factory = new SurveysApp(runTriggers, runnerUsesEndpoint, hostShapedPayloads, settings: settings, services: services);
    }

    public SurveysApp Factory { get; }

    public Task InitializeAsync()
    {
        _ = Factory.Server; // start the host (and its runner) before the first test
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
