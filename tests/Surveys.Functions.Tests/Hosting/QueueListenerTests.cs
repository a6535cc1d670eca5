using System.Text;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Surveys.Functions.Hosting;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Hosting;

/// <summary>The local runner's queue listener does what the Functions host does (§10, §11), against Azurite.</summary>
[Collection(TimingSensitive.Name)]
public sealed class QueueListenerTests : IAsyncLifetime
{
    // The listener reads the wire text and decodes it itself, as the host does; tests send through the app's base64 client.
    private static readonly AppStorage Storage = TestStorage.NewAppStorage();
    private readonly string _name = TestStorage.UniqueName("work");
    private QueueClient Queue => TestStorage.Queues.GetQueueClient(_name);
    private QueueClient RawQueue => Storage.RawQueue(_name);
    private QueueClient Poison => Storage.RawQueue(_name + "-poison");
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    private static readonly FunctionDeclaration Function =
        new("Work", TriggerKind.Queue, "message", new JsonArray(), QueueName: "work");

    public Task InitializeAsync() => Queue.CreateIfNotExistsAsync();

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        await Queue.DeleteIfExistsAsync();
        await Poison.DeleteIfExistsAsync();
    }

    private void Start(Func<QueueTrigger, Task> function, QueueHostSettings? settings = null, TimeSpan? lease = null)
    {
        var listener = new QueueListener(Function, RawQueue, Poison,
            settings ?? new QueueHostSettings { MaxPollingInterval = TimeSpan.FromMilliseconds(200) },
            lease ?? TimeSpan.FromMinutes(10), (_, m, _) => function(m), new QueueWakeup(), TimeProvider.System,
            NullLogger.Instance);
        _running.Add(Task.Run(() => listener.RunAsync(_stop.Token)));
    }

    private static Task<int> CountAsync(QueueClient q) => q.CountAsync();

    [Fact]
    public async Task ASuccessfulInvocation_DeletesTheMessage()
    {
        var seen = new ConcurrentBag<string>();
        Start(m => { seen.Add(m.MessageText); return Task.CompletedTask; });
        await Queue.SendMessageAsync("""{"x":"Blåbær"}""");

        await Eventually.Until(() => Task.FromResult(seen.Count == 1), what: "the invocation");
        await Eventually.Until(async () => await CountAsync(Queue) == 0, what: "the message to be deleted");
        Assert.Equal("""{"x":"Blåbær"}""", Assert.Single(seen));
    }

    [Fact]
    public async Task ATransientFailure_IsRetried_AndSucceeds()
    {
        var attempts = new ConcurrentBag<long>();
        Start(m =>
        {
            attempts.Add(m.DequeueCount);
            return m.DequeueCount < 3 ? throw new TimeoutException("transient") : Task.CompletedTask;
        });
        await Queue.SendMessageAsync("retry me");

        await Eventually.Until(() => Task.FromResult(attempts.Count == 3), what: "three attempts");
        await Eventually.Until(async () => await CountAsync(Queue) == 0, what: "the message to be deleted");
        Assert.Equal([1L, 2L, 3L], attempts.Order());
        Assert.Equal(0, await CountAsync(Poison));
    }

    [Fact]
    public async Task AMessageThatAlwaysFails_GoesToThePoisonQueue_AfterMaxDequeueCountAttempts_WithItsBodyUnchanged()
    {
        var attempts = 0;
        Start(_ => { Interlocked.Increment(ref attempts); throw new InvalidOperationException("always"); });
        await Queue.SendMessageAsync("""{"poison":true}""");

        await Eventually.Until(async () => (await Poison.ExistsAsync()).Value, what: "the poison queue");
        await Eventually.Until(async () => await CountAsync(Poison) == 1, what: "the poisoned message");
        var message = Assert.Single((await Poison.PeekMessagesAsync(5)).Value);
        Assert.Equal("""{"poison":true}""", Encoding.UTF8.GetString(Convert.FromBase64String(message.Body.ToString())));
        Assert.Equal(5, Volatile.Read(ref attempts));
        Assert.Equal(0, await CountAsync(Queue));
    }

    [Fact]
    public async Task AMessageThatCannotBeDecoded_EndsInThePoisonQueue()
    {
        var invoked = 0;
        Start(_ => { Interlocked.Increment(ref invoked); return Task.CompletedTask; },
            new QueueHostSettings { MaxDequeueCount = 2, MaxPollingInterval = TimeSpan.FromMilliseconds(200) });
        await RawQueue.SendMessageAsync("not base64 at all!");

        await Eventually.Until(async () => await CountAsync(Poison) == 1, what: "the poisoned message");
        Assert.Equal(0, invoked);
        Assert.Equal("not base64 at all!", Assert.Single((await Poison.PeekMessagesAsync(5)).Value).Body.ToString());
    }

    [Fact]
    public async Task LongWork_RenewsTheLease_SoNoOtherListenerGetsTheMessage()
    {
        // Renewal at half the lease leaves 3 s of slack for a busy machine; the work outlasts two leases.
        var invocations = 0;
        var lease = TimeSpan.FromSeconds(6);
        Func<QueueTrigger, Task> slow = async _ => { Interlocked.Increment(ref invocations); await Task.Delay(TimeSpan.FromSeconds(13)); };
        Start(slow, lease: lease);
        Start(slow, lease: lease); // a second instance polling the same queue
        await Queue.SendMessageAsync("slow");

        await Eventually.Until(async () => await CountAsync(Queue) == 0, TimeSpan.FromSeconds(40), "the message to be deleted");
        Assert.Equal(1, Volatile.Read(ref invocations));
    }

    [Fact]
    public async Task WorkThatEndsWhileARenewalIsInFlight_StillDeletesTheMessage_SoItRunsOnce()
    {
        // The service applies the renewal (and replaces the pop receipt) before its answer arrives.
        // Abandoning that answer when the work ends left the delete with a stale receipt, and the
        // message ran again after its lease: CI saw exactly this as a second invocation. Signals, not
        // timing, put the end of the work inside the renewal's round trip; the 10 s lease is slack.
        var slowAnswers = new SlowRenewalAnswers();
        // The one client built outside the app's registration: it needs a policy that holds answers back.
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        options.AddPolicy(slowAnswers, HttpPipelinePosition.PerCall);
        var queue = new QueueClient(TestStorage.ConnectionString, _name, options);
        var invocations = 0;
        var listener = new QueueListener(Function, queue, Poison,
            new QueueHostSettings { MaxPollingInterval = TimeSpan.FromMilliseconds(200) }, TimeSpan.FromSeconds(10),
            async (_, _, _) =>
            {
                Interlocked.Increment(ref invocations);
                await slowAnswers.RenewalApplied.Task;   // the renewal reached the service; its answer is held back
                slowAnswers.WorkDone.TrySetResult();     // the work ends now, while the answer is on its way
            },
            new QueueWakeup(), TimeProvider.System, NullLogger.Instance);
        _running.Add(Task.Run(() => listener.RunAsync(_stop.Token)));
        await Queue.SendMessageAsync("renewed at 5 s; the work ends before the renewal's answer arrives");

        await Eventually.Until(async () => await CountAsync(Queue) == 0, TimeSpan.FromSeconds(60), "the message to be deleted");
        Assert.Equal(1, Volatile.Read(ref invocations));
        Assert.Equal(0, await CountAsync(Poison));
    }

    /// <summary>
    /// Holds back the answer to the first lease renewal (PUT …/messages/{id} with a visibility timeout) after the
    /// service has applied it, until the work is done and half a second more.
    /// </summary>
    private sealed class SlowRenewalAnswers : HttpPipelinePolicy
    {
        public TaskCompletionSource RenewalApplied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource WorkDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("async only");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            var uri = message.Request.Uri.ToUri();
            if (message.Request.Method == RequestMethod.Put && uri.AbsolutePath.Contains("/messages/", StringComparison.Ordinal)
                && uri.Query.Contains("visibilitytimeout=", StringComparison.Ordinal) && !uri.Query.Contains("visibilitytimeout=0", StringComparison.Ordinal)
                && RenewalApplied.TrySetResult())
            {
                await WorkDone.Task.WaitAsync(message.CancellationToken);
                await Task.Delay(500, message.CancellationToken);
            }
        }
    }

    [Fact]
    public async Task AtMostBatchSizePlusThresholdMessages_AreInFlight()
    {
        var settings = new QueueHostSettings { BatchSize = 4, NewBatchThreshold = 2, MaxPollingInterval = TimeSpan.FromMilliseconds(200) };
        var current = 0;
        var peak = 0;
        var done = 0;
        Start(async _ =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Delay(300);
            Interlocked.Decrement(ref current);
            Interlocked.Increment(ref done);
        }, settings);
        for (var i = 0; i < 20; i++) await Queue.SendMessageAsync("m" + i);

        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref done) == 20), TimeSpan.FromSeconds(30), "all messages");
        Assert.InRange(peak, 2, settings.BatchSize + settings.NewBatchThreshold);
    }

    [Fact]
    public void EmptyPolls_BackOffExponentially_UpToTheMaximumInterval()
    {
        var listener = new QueueListener(Function, RawQueue, Poison,
            new QueueHostSettings { MaxPollingInterval = TimeSpan.FromSeconds(2) }, TimeSpan.FromMinutes(10),
            (_, _, _) => Task.CompletedTask, new QueueWakeup(), TimeProvider.System, NullLogger.Instance);
        var delays = Enumerable.Range(0, 8).Select(_ => listener.NextEmptyDelay().TotalMilliseconds).ToArray();

        Assert.InRange(delays[0], 180, 220);   // 100 + 0.8..1.2 × 100
        Assert.InRange(delays[2], 420, 580);   // 100 + 0.8..1.2 × 400
        Assert.Equal(2000, delays[^1]);         // capped
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
