using Microsoft.Azure.Functions.Worker;

namespace Surveys.LocalHost.TestWorker;

/// <summary>A queue message: where to record it, and how many deliveries to fail first.</summary>
public sealed record WorkItem(string Marker, int Fail);

public sealed class QueueFunctions(Records records)
{
    [Function("Work")]
    public async Task Work([QueueTrigger("%WorkQueue%")] WorkItem item, FunctionContext context)
    {
        var data = context.BindingContext.BindingData;
        var dequeueCount = Convert.ToInt32(data["DequeueCount"]);
        await records.WriteAsync(item.Marker, new { function = "Work", id = data.TryGetValue("Id", out var id) ? id?.ToString() : null, dequeueCount });
        if (item.Fail > 0 && dequeueCount <= item.Fail) throw new InvalidOperationException($"Failing delivery {dequeueCount} of {item.Fail}, as asked.");
    }
}
