using System.Text.Json;
using Azure.Storage.Queues;

namespace Surveys.LocalHost.TestWorker;

/// <summary>Writes one JSON line per observed invocation to the queue <c>rec-{marker}</c>.</summary>
public sealed class Records(QueueServiceClient queues)
{
    public async Task WriteAsync(string marker, object record)
    {
        var queue = queues.GetQueueClient($"rec-{marker}");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(JsonSerializer.Serialize(record));
    }
}
