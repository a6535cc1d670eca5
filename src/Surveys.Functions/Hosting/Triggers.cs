using Microsoft.Azure.Functions.Worker;

namespace Surveys.Functions.Hosting;

/// <summary>A queue function's implementation. Throwing fails the invocation: the Functions host makes the
/// message visible again after <c>visibilityTimeout</c> and, after <c>maxDequeueCount</c> attempts, moves it to
/// <c>&lt;queue&gt;-poison</c> (host.json).</summary>
public interface IQueueFunction
{
    Task RunAsync(QueueTrigger message, CancellationToken cancellationToken);
}

/// <summary>A timer function's implementation. A failure is logged by the host; the schedule goes on (no retry).</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerTrigger timer, CancellationToken cancellationToken);
}

/// <summary>A queue message as an implementation sees it: the text and the host's trigger metadata.</summary>
public sealed record QueueTrigger(
    string MessageText,
    long DequeueCount,
    string? Id = null,
    DateTimeOffset? InsertionTime = null,
    DateTimeOffset? ExpirationTime = null,
    DateTimeOffset? NextVisibleTime = null,
    string? PopReceipt = null);

/// <summary>The timer's recorded schedule status (advisory: a run by hand has none, or one in the future).</summary>
public sealed record ScheduleStatus(DateTimeOffset? Last, DateTimeOffset? Next, DateTimeOffset? LastUpdated);

/// <summary>A timer firing as an implementation sees it.</summary>
public sealed record TimerTrigger(bool IsPastDue, ScheduleStatus? ScheduleStatus);

/// <summary>The worker's trigger data as the app's own records: implementations and their tests need no
/// <see cref="FunctionContext"/>.</summary>
public static class WorkerTriggers
{
    public static QueueTrigger Queue(string message, FunctionContext context)
    {
        var data = context.BindingContext.BindingData;
        string? Text(string key) => data.TryGetValue(key, out var v) ? v?.ToString()?.Trim('"') : null;
        DateTimeOffset? Time(string key) => DateTimeOffset.TryParse(Text(key), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : null;
        return new QueueTrigger(message, long.TryParse(Text("DequeueCount"), out var n) ? n : 1, Text("Id"),
            Time("InsertionTime"), Time("ExpirationTime"), Time("NextVisibleTime"), Text("PopReceipt"));
    }

    public static TimerTrigger Timer(TimerInfo timer) => new(timer.IsPastDue, timer.ScheduleStatus is { } s
        ? new ScheduleStatus(Utc(s.Last), Utc(s.Next), Utc(s.LastUpdated)) : null);

    /// <summary>The worker hands schedule times over as <see cref="DateTime"/>; one without a kind is read as UTC.</summary>
    private static DateTimeOffset? Utc(DateTime value) => value == default ? null
        : new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());
}

public static class TriggerRegistrationExtensions
{
    /// <summary>Registers a queue function's implementation (the worker creates the function class per invocation; tests resolve it).</summary>
    public static IServiceCollection AddQueueFunction<T>(this IServiceCollection services) where T : class, IQueueFunction =>
        services.AddScoped<T>();

    /// <summary>Registers a timer function's implementation.</summary>
    public static IServiceCollection AddTimerFunction<T>(this IServiceCollection services) where T : class, ITimerFunction =>
        services.AddScoped<T>();
}
