using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Hosting;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>
/// Calls a queue or timer function's implementation by its function name, in its own DI scope of the test-side
/// <c>AddSurveys</c> container, as the worker does per invocation: for tests that control time or other services
/// (which cannot reach the worker process). The name is found from the <c>[Function]</c> attribute on the class, so
/// it cannot drift from what the host runs; every function also has an end-to-end test through the local host.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes)
{
    private static readonly Dictionary<string, Type> Implementations = typeof(SurveysRegistration).Assembly.GetTypes()
        .Where(t => typeof(IQueueFunction).IsAssignableFrom(t) || typeof(ITimerFunction).IsAssignableFrom(t))
        .SelectMany(t => t.GetMethods().Select(m => m.GetCustomAttribute<FunctionAttribute>()).OfType<FunctionAttribute>()
            .Select(f => KeyValuePair.Create(f.Name, t)))
        .ToDictionary(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyDictionary<string, Type> All => Implementations;

    public async Task InvokeQueueAsync(string name, QueueTrigger message, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await ((IQueueFunction)scope.ServiceProvider.GetRequiredService(Resolve(name))).RunAsync(message, ct);
    }

    public async Task InvokeTimerAsync(string name, TimerTrigger timer, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await ((ITimerFunction)scope.ServiceProvider.GetRequiredService(Resolve(name))).RunAsync(timer, ct);
    }

    private static Type Resolve(string name) =>
        Implementations.GetValueOrDefault(name) ?? throw new InvalidOperationException($"No queue or timer function named '{name}'.");
}
