using Microsoft.Extensions.Configuration;

namespace Surveys.LocalHost.Tests;

public sealed class HostSettingsTests
{
    private static HostSettings Settings(Dictionary<string, string?> configuration) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build().With("LocalHost:AppDirectory", TestHost.WorkerDirectory));

    [Fact]
    public void Disabled_IsReadInTheDottedAndTheEnvironmentForm()
    {
        // AzureWebJobs__Tick__Disabled in the environment reaches the configuration as AzureWebJobs:Tick:Disabled.
        var settings = Settings(new() { ["AzureWebJobs.Hello.Disabled"] = "true", ["AzureWebJobs:Tick:Disabled"] = "True", ["AzureWebJobs.Echo.Disabled"] = "false" });

        Assert.True(settings.IsDisabled("Hello"));
        Assert.True(settings.IsDisabled("Tick"));
        Assert.False(settings.IsDisabled("Echo"));
        Assert.False(settings.IsDisabled("Work"));
    }

    [Fact]
    public void PercentSettings_AreResolvedFromTheConfiguration()
    {
        var settings = Settings(new() { ["Surveys:Digests:Schedule"] = "0 0 6 * * *", ["Queue"] = "work" });

        Assert.Equal("0 0 6 * * *", settings.Resolve("%Surveys:Digests:Schedule%"));
        Assert.Equal("0 0 6 * * *", settings.Resolve("%Surveys__Digests__Schedule%"));
        Assert.Equal("work-items", settings.Resolve("%Queue%-items"));
        Assert.Throws<InvalidOperationException>(() => settings.Resolve("%Missing%"));
    }

    [Fact]
    public void QueueSettings_AreReadFromHostJsonWithTheHostsDefaults()
    {
        var settings = Settings([]);
        Assert.Equal(new QueueSettings(4, 2, 3, TimeSpan.Zero, TimeSpan.FromSeconds(1), Base64: true), settings.Queues);
        Assert.Equal("", settings.RoutePrefix);

        Assert.Equal(new QueueSettings(16, 8, 5, TimeSpan.Zero, TimeSpan.FromMinutes(1), Base64: true), QueueSettings.From(null));
    }

    [Fact]
    public void WorkerEnvironment_NamesTheAppDirectory()
    {
        var environment = Settings([]).WorkerEnvironment();
        Assert.Equal(TestHost.WorkerDirectory, environment["FUNCTIONS_APPLICATION_DIRECTORY"]);
        Assert.Equal(TestHost.WorkerDirectory, environment["FUNCTIONS_WORKER_DIRECTORY"]);
    }
}

internal static class ConfigurationExtensions
{
    public static IConfiguration With(this IConfigurationRoot configuration, string key, string value)
    {
        configuration[key] = value;
        return configuration;
    }
}
