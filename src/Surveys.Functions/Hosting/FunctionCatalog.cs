namespace Surveys.Functions.Hosting;

/// <summary>A queue-triggered function: one job, called the same way by the invocation endpoint
/// (Functions host) and by the local trigger runner. Throwing fails the invocation, so the message
/// is retried and, after <c>maxDequeueCount</c> attempts, moved to the poison queue.</summary>
public interface IQueueFunction
{
    Task RunAsync(QueueTrigger message, CancellationToken cancellationToken);
}

/// <summary>A timer-triggered function. A failure is logged; the schedule goes on (no retry).</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerTrigger timer, CancellationToken cancellationToken);
}

/// <summary>A queue or timer function implementation registered under its function name.</summary>
public sealed record FunctionRegistration(string Name, TriggerKind Kind, Type Implementation);

/// <summary>
/// The functions this app implements, by name. Queue and timer functions are registered here;
/// HTTP functions are endpoints named after their function (<c>.WithName("SubmitResponse")</c>).
/// A declaration test keeps this catalog, the endpoints and the function.json folders in step.
/// </summary>
public sealed class FunctionCatalog(IEnumerable<FunctionRegistration> registrations)
{
    private readonly Dictionary<string, FunctionRegistration> _byName =
        registrations.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<FunctionRegistration> Registrations => _byName.Values;

    public FunctionRegistration? Find(string name) => _byName.GetValueOrDefault(name);
}

public static class FunctionRegistrationExtensions
{
    /// <summary>Registers a queue function under the name of its function.json folder.</summary>
    public static IServiceCollection AddQueueFunction<T>(this IServiceCollection services, string name)
        where T : class, IQueueFunction
    {
        services.AddScoped<T>();
        services.AddSingleton(new FunctionRegistration(name, TriggerKind.Queue, typeof(T)));
        return services;
    }

    /// <summary>Registers a timer function under the name of its function.json folder.</summary>
    public static IServiceCollection AddTimerFunction<T>(this IServiceCollection services, string name)
        where T : class, ITimerFunction
    {
        services.AddScoped<T>();
        services.AddSingleton(new FunctionRegistration(name, TriggerKind.Timer, typeof(T)));
        return services;
    }
}

/// <summary>Calls a registered function in its own DI scope. Both the invocation endpoint and the
/// local trigger runner go through here, so a function cannot tell who called it.</summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes, FunctionCatalog catalog)
{
    public async Task InvokeQueueAsync(string name, QueueTrigger message, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var function = (IQueueFunction)scope.ServiceProvider.GetRequiredService(Resolve(name, TriggerKind.Queue));
        await function.RunAsync(message, ct);
    }

    public async Task InvokeTimerAsync(string name, TimerTrigger timer, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var function = (ITimerFunction)scope.ServiceProvider.GetRequiredService(Resolve(name, TriggerKind.Timer));
        await function.RunAsync(timer, ct);
    }

    private Type Resolve(string name, TriggerKind kind)
    {
        var registration = catalog.Find(name);
        return registration is not null && registration.Kind == kind
            ? registration.Implementation
            : throw new InvalidOperationException($"No {kind} function named '{name}' is registered.");
    }
}
