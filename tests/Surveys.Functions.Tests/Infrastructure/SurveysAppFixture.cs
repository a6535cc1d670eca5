using Microsoft.Extensions.DependencyInjection;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>A shared app for a test class (xunit class fixture); derive with the options the class needs.</summary>
public abstract class SurveysAppFixture : IAsyncLifetime
{
    protected SurveysAppFixture(bool runTriggers = true, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Factory = new SurveysApp(runTriggers, settings: settings, services: services);
    }

    public SurveysApp Factory { get; }

    /// <summary>Starts the host and its worker before the first test.</summary>
    public Task InitializeAsync() => Factory.StartAsync();

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
