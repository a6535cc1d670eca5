using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Surveys.Functions.Storage;

/// <summary>Storage settings of the app.</summary>
public sealed class AppStorageOptions
{
    public const string Section = "Surveys:Storage";

    /// <summary>Prepended to every table name (letters and digits), so several apps or test runs can share one account.</summary>
    public string TablePrefix { get; set; } = "";
}

/// <summary>
/// The app's tables and queues on the one storage account registered in DI (<see cref="StorageRegistration"/>),
/// each created once on first use (never before the web server listens, which keeps the host's readiness budget).
/// </summary>
public sealed class AppStorage(TableServiceClient tables, QueueServiceClient queues, AppStorageOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _ensuredTables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _ensuredQueues = new(StringComparer.Ordinal);

    public TableServiceClient Tables => tables;

    public QueueServiceClient Queues => queues;

    public string TableName(string logicalName) => options.TablePrefix + logicalName;

    /// <summary>The table, created if missing (once per process).</summary>
    public Task<TableClient> TableAsync(string logicalName, CancellationToken ct = default) =>
        Ensure(_ensuredTables, logicalName, async () =>
        {
            var table = tables.GetTableClient(TableName(logicalName));
            await table.CreateIfNotExistsAsync(CancellationToken.None);
            return table;
        }).WaitAsync(ct);

    /// <summary>A queue client, without creating the queue.</summary>
    public QueueClient Queue(string name) => queues.GetQueueClient(name);

    /// <summary>The queue, created if missing (once per process).</summary>
    public Task<QueueClient> QueueAsync(string name, CancellationToken ct = default) =>
        Ensure(_ensuredQueues, name, async () =>
        {
            var queue = queues.GetQueueClient(name);
            await queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
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
}
