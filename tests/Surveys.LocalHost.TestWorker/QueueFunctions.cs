using Microsoft.Azure.Functions.Worker;

namespace Surveys.LocalHost.TestWorker;

/// <summary>A queue message: where to record it, how many deliveries to fail first, how long to take.</summary>
public sealed record WorkItem(string Marker, int Fail, int DelayMs = 0);

public sealed class QueueFunctions(Records records)
{
    [Function("Work")]
    public async Task Work([QueueTrigger("%WorkQueue%")] WorkItem item, FunctionContext context)
    {
        var data = context.BindingContext.BindingData;
        var dequeueCount = Convert.ToInt32(data["DequeueCount"]);
        await records.WriteAsync(item.Marker, new { function = "Work", id = data.TryGetValue("Id", out var id) ? id?.ToString() : null, dequeueCount });
        await Task.Delay(item.DelayMs);
        if (item.Fail > 0 && dequeueCount <= item.Fail) throw new InvalidOperationException($"Failing delivery {dequeueCount} of {item.Fail}, as asked.");
    }
}
