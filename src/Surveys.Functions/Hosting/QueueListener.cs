using System.Text;
using Azure;
using Azure.Storage.Queues.Models;

namespace Surveys.Functions.Hosting;

/// <summary>
/// Imitates the Functions host's queue listener for one queue-triggered function
/// (functions-custom-handler.md §11): batch fetch with a lease, randomized exponential back-off on
/// empty polls, at most <c>batchSize + newBatchThreshold</c> messages in flight, lease renewal while
/// work runs, delete on success, retry after <c>visibilityTimeout</c> on failure, and the
/// <c>&lt;queue&gt;-poison</c> queue after <c>maxDequeueCount</c> attempts. Both clients leave message text as
/// it is on the wire; the listener decodes it as the host does (host.json <c>messageEncoding</c>). Storage
/// trouble of any kind only makes it back off: it resumes by itself when storage answers again.
/// </summary>
public sealed class QueueListener(
    FunctionDeclaration function,
    QueueClient queue,
    QueueClient poisonQueue,
    QueueHostSettings settings,
    TimeSpan lease,
    Func<FunctionDeclaration, QueueTrigger, CancellationToken, Task> invoke,
    QueueWakeup wakeup,
    TimeProvider time,
    ILogger log)
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);
    private int _emptyPolls;

    public async Task RunAsync(CancellationToken stop)
    {
        var inFlight = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            IReadOnlyList<QueueMessage> batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(settings.BatchSize, lease, stop)).Value;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // The queue does not exist yet: look again later. The listener never creates the queue
                // (the host does not either).
                batch = [];
            }
            catch (Exception e)
            {
                // Whatever the client throws (an outage ends in an AggregateException of the attempts once its
                // retries are spent): log, back off and look again. The listener never stops by itself.
                log.LogWarning(e, "{Function}: could not read queue {Queue}; trying again", function.Name, queue.Name);
                batch = [];
            }

            if (batch.Count == 0)
            {
                await WaitAsync(NextEmptyDelay(), stop);
                continue;
            }

            _emptyPolls = 0;
            foreach (var message in batch)
                inFlight.Add(ProcessAsync(message, stop));

            // Fetch again only once in-flight work is at or below the threshold.
            inFlight.RemoveAll(t => t.IsCompleted);
            while (inFlight.Count > settings.NewBatchThreshold && !stop.IsCancellationRequested)
            {
                await Task.WhenAny(inFlight);
                inFlight.RemoveAll(t => t.IsCompleted);
            }
            await WaitAsync(MinimumInterval, stop);
        }
        await Task.WhenAll(inFlight);
    }

    /// <summary>100 ms + rand(0.8..1.2) × 2^(n−1) × 100 ms, capped at maxPollingInterval (§11.3).</summary>
    internal TimeSpan NextEmptyDelay()
    {
        _emptyPolls = Math.Min(_emptyPolls + 1, 30);
        var factor = 0.8 + Random.Shared.NextDouble() * 0.4;
        var delay = MinimumInterval + TimeSpan.FromMilliseconds(factor * Math.Pow(2, _emptyPolls - 1) * 100);
        return delay < settings.MaxPollingInterval ? delay : settings.MaxPollingInterval;
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            // A function in this app that enqueues to this queue wakes the listener at once.
            await Task.WhenAny(Task.Delay(delay, time, stop), wakeup.WaitAsync(queue.Name, stop));
        }
        catch (OperationCanceledException) { }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stop)
    {
        await Task.Yield();
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, message.PopReceipt, stop);
                return;
            }

            var receipt = new LeaseReceipt(message.PopReceipt);
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var renewing = RenewAsync(message.MessageId, receipt, renewal.Token, stop);
            Exception? failure = null;
            try
            {
                // An undecodable message fails like any other invocation and ends in the poison queue.
                var trigger = new QueueTrigger(Decode(message.Body.ToString()), message.DequeueCount, message.MessageId,
                    message.InsertedOn, message.ExpiresOn, message.NextVisibleOn, message.PopReceipt);
                await invoke(function, trigger, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                failure = e;
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing;
            }

            if (stop.IsCancellationRequested && failure is null) stop.ThrowIfCancellationRequested();
            if (failure is null)
            {
                await DeleteAsync(message.MessageId, receipt.Current);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                log.LogError(failure, "{Function} failed on attempt {Attempt} of {Max}; moving message {MessageId} to {PoisonQueue}",
                    function.Name, message.DequeueCount, settings.MaxDequeueCount, message.MessageId, poisonQueue.Name);
                await MoveToPoisonAsync(message, receipt.Current, CancellationToken.None);
            }
            else
            {
                log.LogWarning(failure, "{Function} failed on attempt {Attempt} of {Max}; message {MessageId} will be retried",
                    function.Name, message.DequeueCount, settings.MaxDequeueCount, message.MessageId);
                await IgnoreGone(() => queue.UpdateMessageAsync(message.MessageId, receipt.Current, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: the message reappears when its lease runs out, as after a host restart.
        }
        catch (Exception e)
        {
            // Storage trouble while settling a message: it reappears after its lease and is retried.
            log.LogError(e, "{Function}: could not settle message {MessageId}", function.Name, message.MessageId);
        }
    }

    /// <summary>
    /// Renews the lease at half its length while the function runs, sooner after a failed renewal.
    /// <paramref name="done"/> ends the waiting between renewals but never a renewal already sent: the
    /// service replaces the pop receipt when it applies the update, so abandoning the response would leave
    /// the delete holding a stale receipt, the message would reappear after its lease and be run again.
    /// </summary>
    private async Task RenewAsync(string messageId, LeaseReceipt receipt, CancellationToken done, CancellationToken stop)
    {
        var interval = lease / 2;
        while (!done.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, done);
                var updated = await queue.UpdateMessageAsync(messageId, receipt.Current, visibilityTimeout: lease, cancellationToken: stop);
                receipt.Current = updated.Value.PopReceipt;
                interval = lease / 2;
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested || stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // Including a request that timed out: renewing stops only when the work is done or the app stops.
                log.LogWarning(e, "{Function}: renewing the lease of message {MessageId} failed", function.Name, messageId);
                interval = TimeSpan.FromTicks(Math.Max(interval.Ticks / 2, Math.Min(TimeSpan.FromMinutes(1).Ticks, lease.Ticks / 4)));
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string popReceipt, CancellationToken ct)
    {
        // The same body goes to <queue>-poison: the raw wire text, not re-encoded.
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: ct);
        await poisonQueue.SendMessageAsync(message.Body, cancellationToken: ct);
        await IgnoreGone(() => queue.DeleteMessageAsync(message.MessageId, popReceipt, ct));
    }

    private async Task DeleteAsync(string messageId, string popReceipt)
    {
        try
        {
            await queue.DeleteMessageAsync(messageId, popReceipt, CancellationToken.None);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            // Gone already, or the lease was lost (a renewal failed for longer than the lease): the message
            // reappears and runs again, which the functions' idempotency keys make harmless. Say so.
            log.LogWarning("{Function}: message {MessageId} could not be deleted after success ({Status} {Code}); it may run again",
                function.Name, messageId, e.Status, e.ErrorCode);
        }
    }

    /// <summary>The message text as the function sees it; text that is not base64 fails like a throwing function.</summary>
    private string Decode(string raw) =>
        settings.MessageEncoding.Equals("base64", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(raw))
            : raw;

    private static async Task IgnoreGone(Func<Task> action)
    {
        try { await action(); }
        catch (RequestFailedException e) when (e.Status is 404 or 400) { /* pop receipt mismatch or already gone */ }
    }

    private sealed class LeaseReceipt(string popReceipt)
    {
        public string Current { get; set; } = popReceipt;
    }
}

/// <summary>Wakes a queue listener when a function in this app enqueues to its queue (§11.3).</summary>
public sealed class QueueWakeup
{
    private readonly Dictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Notify(string queueName)
    {
        lock (_lock)
        {
            if (_waiters.Remove(queueName, out var tcs)) tcs.TrySetResult();
        }
    }

    public Task WaitAsync(string queueName, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_waiters.TryGetValue(queueName, out var tcs))
                _waiters[queueName] = tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return tcs.Task.WaitAsync(ct);
        }
    }
}
