using System.Diagnostics;
using Surveys.LocalHost.Rpc;

namespace Surveys.LocalHost;

/// <summary>Sends InvocationRequests to the running worker and waits for their InvocationResponse.</summary>
public sealed class Invoker(WorkerSupervisor supervisor, HostSettings settings, ILogger<Invoker> logger)
{
    /// <summary>Longest an invocation may run (host.json functionTimeout is not read; the real default on Flex is 30 min).</summary>
    public static readonly TimeSpan InvocationTimeout = TimeSpan.FromMinutes(30);

    /// <summary>A new request for <paramref name="function"/>: trace context always set (the worker fails every invocation without it).</summary>
    public static InvocationRequest NewRequest(FunctionInfo function, TypedData? input)
    {
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "", TraceState = Activity.Current?.TraceStateString ?? "" },
        };
        if (input is not null) request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = input });
        return request;
    }

    /// <summary>Starts an invocation on <paramref name="worker"/>; the task ends with the worker's answer.</summary>
    public static async Task<StatusResult> StartAsync(Worker worker, InvocationRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answer = await worker.Channel.RequestAsync(new StreamingMessage { InvocationRequest = request }, timeout, cancellationToken);
        return answer.InvocationResponse.Result;
    }

    /// <summary>Runs a queue or timer function once; true when it succeeded. Failures are logged here.</summary>
    public async Task<bool> InvokeAsync(string functionName, TypedData input, IDictionary<string, TypedData> triggerMetadata, CancellationToken cancellationToken)
    {
        var worker = await supervisor.WaitForWorkerAsync(settings.StartupWait, cancellationToken);
        if (worker?.Functions.Find(functionName) is not { } function)
        {
            logger.LogWarning("{Function} could not run: {Reason}", functionName, worker is null ? "no worker is running" : "the worker has no such function");
            return false;
        }
        var request = NewRequest(function, input);
        request.TriggerMetadata.Add(triggerMetadata);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await StartAsync(worker, request, InvocationTimeout, cancellationToken);
            if (result.Status == StatusResult.Types.Status.Success)
            {
                logger.LogInformation("Executed {Function} ({InvocationId}) in {Elapsed} ms", function.Name, request.InvocationId, clock.ElapsedMilliseconds);
                return true;
            }
            logger.LogWarning("{Function} ({InvocationId}) failed: {ExceptionType}: {ExceptionMessage}",
                function.Name, request.InvocationId, result.Exception?.Type, result.Exception?.Message ?? result.Result);
            return false;
        }
        catch (Exception e) when (e is WorkerUnavailableException or TimeoutException)
        {
            logger.LogWarning("{Function} ({InvocationId}) failed: {Reason}", function.Name, request.InvocationId, e.Message);
            return false;
        }
    }
}
