using Microsoft.Azure.Functions.Worker;

namespace Surveys.LocalHost.TestWorker;

public sealed class TimerFunctions(Records records)
{
    [Function("Tick")]
    public async Task Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer)
    {
        await records.WriteAsync(Environment.GetEnvironmentVariable("TickMarker") ?? "tick", new
        {
            function = "Tick",
            isPastDue = timer.IsPastDue,
            next = timer.ScheduleStatus?.Next,
            at = DateTimeOffset.UtcNow,
        });
        // Long enough for overlapping runs to show if the host ever started them.
        await Task.Delay(int.TryParse(Environment.GetEnvironmentVariable("TickDelayMs"), out var ms) ? ms : 0);
    }
}
