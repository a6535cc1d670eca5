using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Surveys.LocalHost.Rpc;

namespace Surveys.LocalHost;

/// <summary>
/// Polls one queue for one function with the host's semantics (host.json <c>extensions.queues</c>):
/// up to <c>batchSize</c> messages at a time, a new batch once no more than <c>newBatchThreshold</c>
/// are running, polling back-off up to <c>maxPollingInterval</c>, a message deleted only after
/// success, released for <c>visibilityTimeout</c> after a failure, and moved to
/// <c>&lt;queue&gt;-poison</c> on its <c>maxDequeueCount</c>th failure. Storage errors of any kind
/// are logged and waited out.
/// </summary>
public sealed class QueueListener(string function, QueueClient queue, QueueClient poison, QueueSettings options, TimeSpan lease,
    WorkerSupervisor supervisor, Invoker invoker, ILogger logger)
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _finished = new(0);
    private int _running;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Listening to queue {Queue} for {Function}", queue.Name, function);
        var delay = MinimumPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await supervisor.WaitForWorkerAsync(Timeout.InfiniteTimeSpan, stoppingToken);
                while (Volatile.Read(ref _running) > options.NewBatchThreshold) await _finished.WaitAsync(stoppingToken);
                var messages = await ReceiveAsync(stoppingToken);
                if (messages.Length == 0)
                {
                    await Task.Delay(delay, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollingInterval.Ticks));
                    continue;
                }
                delay = MinimumPollingInterval;
                foreach (var message in messages)
                {
                    Interlocked.Increment(ref _running);
                    _ = ProcessAsync(message, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                // Whatever the client throws (RequestFailedException, timeouts, AggregateException...): log, wait, go on.
                logger.LogWarning("Queue {Queue} unavailable ({ExceptionType}: {Reason}); retrying in {Delay} ms",
                    queue.Name, e.GetType().Name, e.Message, (int)options.MaxPollingInterval.TotalMilliseconds);
                await Task.Delay(options.MaxPollingInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<QueueMessage[]> ReceiveAsync(CancellationToken cancellationToken)
    {
        try { return (await queue.ReceiveMessagesAsync(options.BatchSize, lease, cancellationToken)).Value; }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { return []; } // not created yet: nothing to do, as the host
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var receipt = message.PopReceipt;
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            var input = Decode(message);
            var succeeded = false;
            if (input is null)
                logger.LogError("Message {MessageId} on {Queue} is not valid base64 (host.json messageEncoding)", message.MessageId, queue.Name);
            else
            {
                var renewing = RenewAsync(message.MessageId, () => receipt, r => receipt = r, renewal.Token);
                succeeded = await invoker.InvokeAsync(function, input, Metadata(message, input), stoppingToken);
                await renewal.CancelAsync();
                await renewing;
            }

            if (succeeded) await queue.DeleteMessageAsync(message.MessageId, receipt, CancellationToken.None);
            else if (input is null || message.DequeueCount >= options.MaxDequeueCount)
            {
                await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
                await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, receipt, CancellationToken.None);
                logger.LogWarning("Message {MessageId} failed on delivery {DequeueCount}; moved to {Poison}", message.MessageId, message.DequeueCount, poison.Name);
            }
            else await queue.UpdateMessageAsync(message.MessageId, receipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-invocation: let the message come back at once rather than after the lease.
            try { await queue.UpdateMessageAsync(message.MessageId, receipt, visibilityTimeout: TimeSpan.Zero); }
            catch (Exception e) { logger.LogDebug("Could not release {MessageId}: {Reason}", message.MessageId, e.Message); }
        }
        catch (Exception e)
        {
            // The lease runs out and the message comes back: the queue's own retry.
            logger.LogWarning("Could not settle message {MessageId} on {Queue} ({ExceptionType}: {Reason})", message.MessageId, queue.Name, e.GetType().Name, e.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _finished.Release();
        }
    }

    private async Task RenewAsync(string messageId, Func<string> receipt, Action<string> update, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 2, cancellationToken);
                try { update((await queue.UpdateMessageAsync(messageId, receipt(), visibilityTimeout: lease, cancellationToken: cancellationToken)).Value.PopReceipt); }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested) // a client timeout is an OperationCanceledException too
                {
                    logger.LogWarning("Could not renew the lease of {MessageId}: {Reason}", messageId, e.Message);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>The message as the trigger sees it: base64-decoded unless host.json says <c>none</c>; UTF-8 text as a string, anything else as bytes.</summary>
    private TypedData? Decode(QueueMessage message)
    {
        var text = message.Body.ToString();
        if (!options.Base64) return new TypedData { String = text };
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var length)) return null;
        try { return new TypedData { String = new UTF8Encoding(false, true).GetString(bytes, 0, length) }; }
        catch (DecoderFallbackException) { return new TypedData { Bytes = Google.Protobuf.ByteString.CopyFrom(bytes, 0, length) }; }
    }

    /// <summary>Trigger metadata as the real host sends it: strings, and JSON for numbers and dates (never TypedData int or double).</summary>
    private static Dictionary<string, TypedData> Metadata(QueueMessage message, TypedData input) => new()
    {
        ["QueueTrigger"] = input.DataCase == TypedData.DataOneofCase.String ? input : new TypedData { String = message.Body.ToString() },
        ["Id"] = new TypedData { String = message.MessageId },
        ["PopReceipt"] = new TypedData { String = message.PopReceipt },
        ["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["InsertionTime"] = Date(message.InsertedOn),
        ["ExpirationTime"] = Date(message.ExpiresOn),
        ["NextVisibleTime"] = Date(message.NextVisibleOn),
    };

    private static TypedData Date(DateTimeOffset? value) => new() { Json = JsonSerializer.Serialize(value) };
}
