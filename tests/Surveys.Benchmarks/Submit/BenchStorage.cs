using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Storage;
namespace Surveys.Benchmarks.Submit;

/// <summary>The Azurite that ./scripts/bench.sh starts for this run (connection string in SURVEYS_BENCH_STORAGE).</summary>
internal static class BenchStorage
{
    private const string Variable = "SURVEYS_BENCH_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the benchmarks with ./scripts/bench.sh, which starts an in-memory Azurite on free ports and sets it.");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ServiceProvider> ServicesByConnection = new();

    /// <summary>The app's own client registrations (<c>AddAppStorage</c>) on an emulator: this run's, or one of a benchmark's own.</summary>
    private static ServiceProvider ServicesFor(string connectionString) => ServicesByConnection.GetOrAdd(connectionString, c =>
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageRegistration.ConnectionName] = c }).Build();
        return new ServiceCollection().AddAppStorage(configuration).BuildServiceProvider();
    });

    /// <summary>The app's own table client registration (Azure.Data.Tables), on the benchmark's Azurite.</summary>
    public static TableServiceClient Tables => TablesOn(ConnectionString);

    /// <summary>The app's own queue client registration (Azure.Storage.Queues, base64 messages).</summary>
    public static QueueServiceClient Queues => QueuesOn(ConnectionString);

    public static TableServiceClient TablesOn(string connectionString) => ServicesFor(connectionString).GetRequiredService<TableServiceClient>();

    public static QueueServiceClient QueuesOn(string connectionString) => ServicesFor(connectionString).GetRequiredService<QueueServiceClient>();

    /// <summary>A fresh name for tables and queues (lowercase letters and digits), so each benchmark starts on empty tables.</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];
}
