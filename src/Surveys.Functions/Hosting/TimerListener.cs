using NCrontab;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Hosting;

/// <summary>
/// Imitates the host's timer listener for one timer-triggered function (§12): NCRONTAB schedule,
/// runs never overlap (a tick missed during a long run fires once right after it), the next
/// occurrence is computed from the run's start, the status <c>{Last, Next, LastUpdated}</c> is kept
/// in storage, and at start one past-due run happens when the recorded Next has passed under an
/// unchanged schedule. A failed run is logged; the schedule goes on.
/// </summary>
public sealed class TimerListener(
    FunctionDeclaration function,
    TimerStatusStore statusStore,
    Func<FunctionDeclaration, TimerTrigger, CancellationToken, Task> invoke,
    TimeZoneInfo zone,
    TimeProvider time,
    ILogger log)
{
    private static readonly TimeSpan MaxSingleWait = TimeSpan.FromDays(1);
    private readonly CrontabSchedule _schedule = ParseSchedule(function.Schedule!);

    /// <summary>NCRONTAB: six fields include seconds; five do not (any other count is parsed with seconds, as the host does).</summary>
    public static CrontabSchedule ParseSchedule(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields != 5 });
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, computed in the timer's time zone.</summary>
    public DateTimeOffset NextOccurrence(DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        while (true)
        {
            var next = _schedule.GetNextOccurrence(local);
            // A wall-clock time skipped by a daylight-saving change does not exist; take the next one.
            if (zone.IsInvalidTime(next)) { local = next; continue; }
            var offset = zone.IsAmbiguousTime(next) ? zone.GetAmbiguousTimeOffsets(next).Max() : zone.GetUtcOffset(next);
            return new DateTimeOffset(next, offset).ToUniversalTime();
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await RunCoreAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the host ends timers quietly, wherever they are.
        }
    }

    private async Task RunCoreAsync(CancellationToken stop)
    {
        var expression = function.Schedule!;
        var status = function.UseMonitor ? await ReadStatusAsync(stop) : null;
        var now = time.GetUtcNow();
        DateTimeOffset anchor = now;
        DateTimeOffset? last = status?.Last;

        if (status is { Next: { } due } && status.Schedule == expression && due <= now)
        {
            log.LogInformation("{Function} is past due (was due {Due}); running once now", function.Name, due);
            anchor = await FireAsync(isPastDue: true, new ScheduleStatus(status.Last, due, status.LastUpdated), stop);
            last = due;
        }
        else if (function.RunOnStartup)
        {
            anchor = await FireAsync(isPastDue: false, null, stop);
        }

        while (!stop.IsCancellationRequested)
        {
            var next = NextOccurrence(anchor);
            if (function.UseMonitor) await SaveAsync(last, next, expression, stop);

            try
            {
                // Long intervals wait in chunks, as the host chains timers (a single delay is capped near 49 days).
                for (var wait = next - time.GetUtcNow(); wait > TimeSpan.Zero; wait = next - time.GetUtcNow())
                    await Task.Delay(wait < MaxSingleWait ? wait : MaxSingleWait, time, stop);
            }
            catch (OperationCanceledException) { break; }

            anchor = await FireAsync(false, function.UseMonitor ? new ScheduleStatus(last, next, time.GetUtcNow()) : null, stop);
            // Fired early by clock skew: the run still counts as the scheduled one.
            if (anchor < next) anchor = next;
            last = next;
        }
    }

    /// <summary>The recorded status; while storage cannot be read, tries again with back-off (never gives up).</summary>
    private async Task<TimerStatus?> ReadStatusAsync(CancellationToken stop)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await statusStore.GetAsync(function.Name, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogWarning(e, "Could not read the schedule status of {Function}; trying again in {Delay}", function.Name, delay);
                await Task.Delay(delay, time, stop);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Runs the function once and returns when it started (the next occurrence is computed from there).</summary>
    private async Task<DateTimeOffset> FireAsync(bool isPastDue, ScheduleStatus? status, CancellationToken stop)
    {
        var started = time.GetUtcNow();
        try
        {
            await invoke(function, new TimerTrigger(isPastDue, status), stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            log.LogError(e, "Timer function {Function} failed; the schedule continues", function.Name);
        }
        return started;
    }

    private async Task SaveAsync(DateTimeOffset? last, DateTimeOffset next, string expression, CancellationToken stop)
    {
        try
        {
            await statusStore.SaveAsync(function.Name, new TimerStatus(last, next, time.GetUtcNow(), expression), stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not record the schedule status of {Function}", function.Name);
        }
    }
}

/// <summary>A timer's recorded status; <see cref="Schedule"/> detects a changed expression.</summary>
public sealed record TimerStatus(DateTimeOffset? Last, DateTimeOffset? Next, DateTimeOffset LastUpdated, string Schedule);

/// <summary>Timer status records in table storage (the host keeps them as blobs under azure-webjobs-hosts).</summary>
public sealed class TimerStatusStore(AppStorage storage, HostingOptions options)
{
    public const string Table = "TimerStatus";

    public async Task<TimerStatus?> GetAsync(string function, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(options.HostId, function, ct: ct);
        return e is null ? null : new TimerStatus(e.GetDateTimeOffset("Last"), e.GetDateTimeOffset("Next"),
            e.GetDateTimeOffset("LastUpdated") ?? DateTimeOffset.MinValue, e.GetString("Schedule") ?? "");
    }

    public async Task SaveAsync(string function, TimerStatus status, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var entity = new TableEntity(options.HostId, function)
        {
            ["Last"] = status.Last, ["Next"] = status.Next, ["LastUpdated"] = status.LastUpdated, ["Schedule"] = status.Schedule,
        }.Checked();
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }
}
