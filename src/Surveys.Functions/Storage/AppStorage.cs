using System.Collections.Concurrent;
using Azure.Identity;

namespace Surveys.Functions.Storage;

/// <summary>Storage settings of the app.</summary>
public sealed class AppStorageOptions
{
    public const string Section = "Surveys:Storage";

    /// <summary>Prepended to every table name (letters and digits), so several apps or test runs can share one account.</summary>
    public string TablePrefix { get; set; } = "";
}

/// <summary>
/// The app's tables and queues on one storage account, each created once on first use (never
/// before the web server listens, which keeps the host's 30 s readiness budget).
/// The account comes from <c>AzureWebJobsStorage</c>: a connection string (SharedKey, Azurite's
/// <c>UseDevelopmentStorage=true</c>) or identity-based <c>AzureWebJobsStorage__accountName</c>
/// (+ <c>__clientId</c> for a user-assigned managed identity), as the Functions host reads it.
/// </summary>
public sealed class AppStorage(StorageAccount account, AppStorageOptions options)
{
    private readonly TableServiceClient _tables = account.GetTableServiceClient();
    private readonly QueueServiceClient _queues = account.GetQueueServiceClient();
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _ensuredTables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _ensuredQueues = new(StringComparer.Ordinal);

    public StorageAccount Account => account;

    public string TableName(string logicalName) => options.TablePrefix + logicalName;

    /// <summary>The table, created if missing (once per process).</summary>
    public Task<TableClient> TableAsync(string logicalName, CancellationToken ct = default) =>
        Ensure(_ensuredTables, logicalName, async () =>
        {
            var table = _tables.GetTableClient(TableName(logicalName));
            await table.CreateIfNotExistsAsync(CancellationToken.None);
            return table;
        }).WaitAsync(ct);

    /// <summary>A queue client without creating the queue (listeners must not create queues).</summary>
    public QueueClient Queue(string name) => _queues.GetQueueClient(name);

    /// <summary>The queue, created if missing (once per process).</summary>
    public Task<QueueClient> QueueAsync(string name, CancellationToken ct = default) =>
        Ensure(_ensuredQueues, name, async () =>
        {
            var queue = _queues.GetQueueClient(name);
            await queue.CreateIfNotExistsAsync(CancellationToken.None);
            return queue;
        }).WaitAsync(ct);

    private static Task<T> Ensure<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, string key, Func<Task<T>> create)
    {
        var lazy = cache.GetOrAdd(key, _ => new Lazy<Task<T>>(create));
        var task = lazy.Value;
        // A failed creation is not cached: the next caller tries again.
        if (task.IsFaulted || task.IsCanceled) cache.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, lazy));
        return task;
    }

    /// <summary>Builds the account from the Functions host's <c>AzureWebJobsStorage</c> settings.</summary>
    public static StorageAccount AccountFrom(IConfiguration configuration)
    {
        var connectionString = configuration["AzureWebJobsStorage"];
        if (!string.IsNullOrWhiteSpace(connectionString))
            return StorageAccount.Parse(connectionString);

        var section = configuration.GetSection("AzureWebJobsStorage");
        var accountName = section["accountName"];
        if (string.IsNullOrWhiteSpace(accountName))
            throw new InvalidOperationException(
                "Storage is not configured: set AzureWebJobsStorage to a connection string (UseDevelopmentStorage=true for Azurite) or AzureWebJobsStorage__accountName for a managed identity.");
        var clientId = section["clientId"];
        var credential = string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : (Azure.Core.TokenCredential)new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        return StorageAccount.FromCredential(accountName, credential);
    }
}
