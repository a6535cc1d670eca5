using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Surveys.Functions.Hosting;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Hosting;

/// <summary>The local runner's timers behave as the host's (§12): no overlap, one past-due run, DST-correct schedules.</summary>
[Collection(TimingSensitive.Name)]
public sealed class TimerListenerTests : IAsyncLifetime
{
    private readonly AppStorage _storage = TestStorage.NewAppStorage();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private TimerStatusStore Status => new(_storage, new HostingOptions { HostId = "tests" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        await TestStorage.Tables.DeleteTableAsync(_storage.TableName(TimerStatusStore.Table));
    }

    private static FunctionDeclaration Timer(string schedule, bool runOnStartup = false, bool useMonitor = true) =>
        new("Tick", TriggerKind.Timer, "timer", new JsonArray(), Schedule: schedule, RunOnStartup: runOnStartup, UseMonitor: useMonitor);

    private void Start(FunctionDeclaration function, Func<TimerTrigger, Task> run, TimeZoneInfo? zone = null)
    {
        var listener = new TimerListener(function, Status, (_, t, _) => run(t), zone ?? TimeZoneInfo.Utc, TimeProvider.System, NullLogger.Instance);
        _running.Add(Task.Run(() => listener.RunAsync(_stop.Token)));
    }

    [Fact]
    public async Task RunsNeverOverlap_AndMissedTicksAreNotQueued()
    {
        var active = 0;
        var overlapped = false;
        var runs = new ConcurrentBag<DateTimeOffset>();
        var started = DateTimeOffset.UtcNow;
        Start(Timer("*/1 * * * * *", useMonitor: false), async _ =>
        {
            if (Interlocked.Increment(ref active) > 1) overlapped = true;
            runs.Add(DateTimeOffset.UtcNow);
            await Task.Delay(2500); // far longer than the one-second schedule
            Interlocked.Decrement(ref active);
        });

        await Task.Delay(TimeSpan.FromSeconds(6.5));

        Assert.False(overlapped);
        // Each 2.5 s run is followed by at most one immediate catch-up tick: about 3 runs in 6.5 s, never 6.
        // Counted by when they started, so a late wake-up of this test does not count a run after the window.
        Assert.InRange(runs.Count(r => r < started.AddSeconds(6.5)), 2, 3);
    }

    [Fact]
    public async Task AfterDowntime_ThereIsExactlyOnePastDueRun()
    {
        const string yearly = "0 0 0 1 1 *";
        var missed = DateTimeOffset.UtcNow.AddDays(-3);
        await Status.SaveAsync("Tick", new TimerStatus(missed.AddYears(-1), missed, missed.AddYears(-1), yearly), CancellationToken.None);
        var runs = new ConcurrentBag<TimerTrigger>();

        Start(Timer(yearly), t => { runs.Add(t); return Task.CompletedTask; });

        await Eventually.Until(() => Task.FromResult(!runs.IsEmpty), what: "the past-due run");
        var next = await Eventually.Until(() => Status.GetAsync("Tick", CancellationToken.None), s => s?.Next > DateTimeOffset.UtcNow, what: "the new status");
        var run = Assert.Single(runs);
        Assert.True(run.IsPastDue);
        Assert.Equal(missed.ToUnixTimeSeconds(), run.ScheduleStatus!.Next!.Value.ToUnixTimeSeconds());
        Assert.Equal(new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero), next!.Next);
    }

    [Fact]
    public async Task AChangedSchedule_IsNotPastDue()
    {
        var missed = DateTimeOffset.UtcNow.AddDays(-3);
        await Status.SaveAsync("Tick", new TimerStatus(null, missed, missed, "0 0 0 1 1 *"), CancellationToken.None);
        var runs = 0;

        Start(Timer("0 0 0 1 2 *"), _ => { Interlocked.Increment(ref runs); return Task.CompletedTask; });

        await Eventually.Until(() => Status.GetAsync("Tick", CancellationToken.None), s => s?.Schedule == "0 0 0 1 2 *", what: "the new status");
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task RunOnStartup_RunsOnceAtStart_NotPastDue()
    {
        var runs = new ConcurrentBag<TimerTrigger>();
        Start(Timer("0 0 0 1 1 *", runOnStartup: true), t => { runs.Add(t); return Task.CompletedTask; });

        await Eventually.Until(() => Task.FromResult(!runs.IsEmpty), what: "the startup run");
        await Task.Delay(500);
        Assert.False(Assert.Single(runs).IsPastDue);
    }

    [Fact]
    public async Task AFailedRun_IsLogged_AndTheScheduleGoesOn()
    {
        var runs = 0;
        Start(Timer("*/1 * * * * *", useMonitor: false), _ =>
        {
            Interlocked.Increment(ref runs);
            throw new InvalidOperationException("boom");
        });

        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref runs) >= 2), TimeSpan.FromSeconds(10), "a second run after a failure");
    }

    [Theory]
    // Mondays 07:00 Norwegian time: CET (UTC+1) before the change on 29 March 2026, CEST (UTC+2) after it.
    [InlineData("2026-03-23T06:00:00Z", "2026-03-30T05:00:00Z")]
    [InlineData("2026-03-16T06:00:01Z", "2026-03-23T06:00:00Z")]
    [InlineData("2026-10-19T05:00:00Z", "2026-10-26T06:00:00Z")]
    public void SchedulesAreReadInTheConfiguredTimeZone_AcrossDaylightSavingChanges(string after, string expected)
    {
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var listener = new TimerListener(Timer("0 0 7 * * 1"), Status, (_, _, _) => Task.CompletedTask, oslo, TimeProvider.System, NullLogger.Instance);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            listener.NextOccurrence(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void AWallClockTimeSkippedBySpringForward_MovesToTheNextOccurrence()
    {
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        // 02:30 does not exist in Oslo on 29 March 2026; the next 02:30 is on 30 March (00:30 UTC).
        var listener = new TimerListener(Timer("0 30 2 * * *"), Status, (_, _, _) => Task.CompletedTask, oslo, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero),
            listener.NextOccurrence(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero)));
    }
}
