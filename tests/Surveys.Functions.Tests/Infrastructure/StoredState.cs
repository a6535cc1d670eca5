using Azure.Data.Tables;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>
/// What one app has stored: for each of its tables (those named with its <see cref="SurveysApp.TablePrefix"/>) the
/// number of rows and a hash of every row's keys and ETag (an update changes the ETag), and the number of messages
/// on its responses queue. Two snapshots are equal when nothing was added, changed or deleted in between. Only keys
/// and timestamps are read, every table at once: about one round trip to storage.
/// </summary>
public sealed record StoredState(IReadOnlyDictionary<string, (int Rows, ulong Hash)> Tables, int ResponsesQueued)
{
    /// <summary>The tables seen by earlier snapshots, per app: they are read while the list of tables is fetched again,
    /// so a snapshot is one round trip to storage (two when a table appeared since).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SurveysApp, string[]> Known = new();

    public static async Task<StoredState> OfAsync(SurveysApp app)
    {
        var prefix = app.TablePrefix;
        var known = Known.TryGetValue(app, out var seen) ? seen : [];
        var listing = ListAsync(prefix);
        var queue = QueuedAsync(app.ResponsesQueue);
        var counted = (await Task.WhenAll(known.Select(CountAsync))).ToList();
        var names = await listing;
        if (names.Except(known).ToArray() is { Length: > 0 } added) counted.AddRange(await Task.WhenAll(added.Select(CountAsync)));
        Known.AddOrUpdate(app, names);
        // A table in the old list that is gone has no rows (an empty table and no table are the same here).
        return new StoredState(counted.Where(t => names.Contains(t.Name)).ToDictionary(t => t.Name[prefix.Length..], t => (t.Rows, t.Hash)), await queue);
    }

    /// <summary>The approximate message count in one round trip (Azurite answers one request at a time, so round trips are
    /// what a snapshot costs); 0 for a queue that does not exist.</summary>
    private static async Task<int> QueuedAsync(string queue)
    {
        try
        {
            return (await TestStorage.Queues.GetQueueClient(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    private static async Task<string[]> ListAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var table in TestStorage.Tables.QueryAsync($"TableName ge '{prefix}' and TableName lt '{prefix}~'"))
            names.Add(table.Name);
        return [.. names];
    }

    private static async Task<(string Name, int Rows, ulong Hash)> CountAsync(string name)
    {
        var rows = 0;
        ulong hash = 0;
        await foreach (var row in TestStorage.Tables.GetTableClient(name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Timestamp"], maxPerPage: 1000))
        {
            rows++;
            // Order-independent: the sum of each row's own hash.
            hash += (ulong)(uint)HashCode.Combine(row.PartitionKey, row.RowKey, row.ETag.ToString(), row.Timestamp) * 0x9E3779B97F4A7C15UL;
        }
        return (name, rows, hash);
    }

    /// <summary>What differs from an earlier snapshot ("Responses: 3 → 4 rows"), or an empty list; tables named in
    /// <paramref name="ignore"/> are left out.</summary>
    public IReadOnlyList<string> ChangesSince(StoredState before, params string[] ignore)
    {
        var changes = new List<string>();
        foreach (var name in Tables.Keys.Union(before.Tables.Keys).Except(ignore).Order())
        {
            var was = before.Tables.GetValueOrDefault(name);
            var now = Tables.GetValueOrDefault(name);
            if (was != now) changes.Add(was.Rows == now.Rows ? $"{name}: a row changed" : $"{name}: {was.Rows} → {now.Rows} rows");
        }
        if (ResponsesQueued != before.ResponsesQueued) changes.Add($"responses queue: {before.ResponsesQueued} → {ResponsesQueued} messages");
        return changes;
    }
}
