using System.Collections.Concurrent;
using Grpc.Core;
using Surveys.LocalHost.Rpc;

namespace Surveys.LocalHost;

/// <summary>The worker went away (died, restarting, or never came).</summary>
public sealed class WorkerUnavailableException(string message) : Exception(message);

/// <summary>
/// One worker's <c>EventStream</c>: serialised writes, and answers correlated by request, function
/// or invocation id (they come back in any order). When the stream ends, every waiter fails.
/// </summary>
public sealed class WorkerChannel(
    IAsyncStreamReader<StreamingMessage> reader, IServerStreamWriter<StreamingMessage> writer, Action<RpcLog> log)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _closed.Task;

    /// <summary>Reads until the stream ends; the gRPC call stays open as long as this runs.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await reader.MoveNext(cancellationToken))
            {
                var message = reader.Current;
                if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog) { log(message.RpcLog); continue; }
                if (KeyOf(message) is { } key && _pending.TryRemove(key, out var waiter)) waiter.TrySetResult(message);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested) { }
        catch (IOException) { }
        finally
        {
            _closed.TrySetResult();
            foreach (var key in _pending.Keys)
                if (_pending.TryRemove(key, out var waiter))
                    waiter.TrySetException(new WorkerUnavailableException("The worker's stream ended."));
        }
    }

    /// <summary>Sends a request and waits for the answer with the same correlation key.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var key = KeyOf(request) ?? throw new ArgumentException($"{request.ContentCase} has no answer.", nameof(request));
        var waiter = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, waiter)) throw new InvalidOperationException($"Already waiting for {key}.");
        try
        {
            if (_closed.Task.IsCompleted) throw new WorkerUnavailableException("The worker's stream has ended.");
            await SendAsync(request, cancellationToken);
            return await waiter.Task.WaitAsync(timeout, cancellationToken);
        }
        finally { _pending.TryRemove(key, out _); }
    }

    public async Task SendAsync(StreamingMessage message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try { await writer.WriteAsync(message, cancellationToken); }
        catch (Exception e) when (e is InvalidOperationException or IOException or Grpc.Core.RpcException)
        {
            throw new WorkerUnavailableException($"Cannot write to the worker: {e.Message}");
        }
        finally { _writeLock.Release(); }
    }

    /// <summary>Requests and their answers share a key: init and metadata by kind, loads by function, invocations by invocation.</summary>
    private static string? KeyOf(StreamingMessage m) => m.ContentCase switch
    {
        StreamingMessage.ContentOneofCase.WorkerInitRequest or StreamingMessage.ContentOneofCase.WorkerInitResponse => "init",
        StreamingMessage.ContentOneofCase.FunctionsMetadataRequest or StreamingMessage.ContentOneofCase.FunctionMetadataResponse => "metadata",
        StreamingMessage.ContentOneofCase.FunctionLoadRequest => "load:" + m.FunctionLoadRequest.FunctionId,
        StreamingMessage.ContentOneofCase.FunctionLoadResponse => "load:" + m.FunctionLoadResponse.FunctionId,
        StreamingMessage.ContentOneofCase.InvocationRequest => "invocation:" + m.InvocationRequest.InvocationId,
        StreamingMessage.ContentOneofCase.InvocationResponse => "invocation:" + m.InvocationResponse.InvocationId,
        _ => null,
    };
}
