using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests;

/// <summary>The Azurite that ./scripts/test.sh starts for this run, and names that keep parallel tests apart.</summary>
public static class TestStorage
{
    private const string Variable = "SURVEYS_TEST_STORAGE";
    private static readonly Lazy<ServiceProvider> LazyServices = new(() => ServicesFor(ConnectionString));

    /// <summary>The connection string from SURVEYS_TEST_STORAGE.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with ./scripts/test.sh, which starts an in-memory Azurite on free ports and sets it.");

    /// <summary>The app's own storage registration (<see cref="StorageRegistration.AddAppStorage"/>) on the test Azurite.</summary>
    public static IServiceProvider Services => LazyServices.Value;

    /// <summary>The app's table client, as registered.</summary>
    public static TableServiceClient Tables => Services.GetRequiredService<TableServiceClient>();

    /// <summary>The app's queue client, as registered (base64 messages).</summary>
    public static QueueServiceClient Queues => Services.GetRequiredService<QueueServiceClient>();

    /// <summary>An <see cref="AppStorage"/> on the test Azurite with its own table prefix.</summary>
    public static AppStorage NewAppStorage(string? tablePrefix = null) =>
        new(Tables, Queues, new AppStorageOptions { TablePrefix = tablePrefix ?? "t" + Guid.NewGuid().ToString("N")[..10] });

    /// <summary>A container with nothing but the app's storage registration, from the given settings.</summary>
    public static ServiceProvider ServicesFor(string connectionString) =>
        ServicesFor(new Dictionary<string, string?> { [StorageRegistration.ConnectionName] = connectionString });

    public static ServiceProvider ServicesFor(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddAppStorage(configuration).BuildServiceProvider();
    }

    /// <summary>prefix (letters only) + 10 random lowercase letters and digits: valid as a table name and as a queue name.</summary>
    public static string UniqueName(string prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Length > 53 || !prefix.All(char.IsAsciiLetter))
        {
            throw new ArgumentException("The prefix must be 1-53 ASCII letters.", nameof(prefix));
        }
        return prefix.ToLowerInvariant() + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);
    }
}
