using System.Text.Json;
using Azure.Storage.Blobs;
using NCrontab;
using Surveys.LocalHost.Rpc;

namespace Surveys.LocalHost;

/// <summary>The schedule status the real host keeps per timer (blob <c>azure-webjobs-hosts/timers/{hostId}/{function}/status</c>).</summary>
public sealed record ScheduleStatus(DateTime Last, DateTime Next, DateTime LastUpdated);

/// <summary>
/// Runs one timer function on its NCRONTAB schedule (six fields with seconds, or five), one run at a
/// time; after downtime a missed occurrence gives one past-due run. Admin runs share the same turn.
/// </summary>
public sealed class TimerTrigger(string function, string schedule, bool runOnStartup, TimeZoneInfo zone,
    BlobContainerClient statusContainer, string statusBlob, Invoker invoker, ILogger logger)
{
    private readonly CrontabSchedule _schedule = CrontabSchedule.Parse(schedule,
        new CrontabSchedule.ParseOptions { IncludingSeconds = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });
    private readonly SemaphoreSlim _turn = new(1, 1);
    private ScheduleStatus? _status;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _status = await ReadStatusAsync(stoppingToken);
        var now = DateTime.UtcNow;
        logger.LogInformation("Timer {Function} on '{Schedule}' ({Zone}), next at {Next:o}", function, schedule, zone.Id, NextAfter(now));
        if (runOnStartup) await RunOnceAsync(isPastDue: false, stoppingToken);
        else if (_status is { } s && s.Next < now) await RunOnceAsync(isPastDue: true, stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextAfter(DateTime.UtcNow);
            _status = new ScheduleStatus(_status?.Last ?? default, next, DateTime.UtcNow);
            await WriteStatusAsync(_status, stoppingToken);
            // Short steps, so a wall clock that jumps (sleep, NTP) does not leave the timer far behind.
            while (DateTime.UtcNow < next)
                await Task.Delay(TimeSpan.FromTicks(Math.Min((next - DateTime.UtcNow).Ticks + TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerMinute)), stoppingToken);
            await RunOnceAsync(isPastDue: DateTime.UtcNow - next > TimeSpan.FromSeconds(1), stoppingToken, occurrence: next);
        }
    }

    /// <summary>Runs the function now (the admin API); waits for a run in progress first.</summary>
    public Task RunNowAsync(CancellationToken stoppingToken) => RunOnceAsync(isPastDue: false, stoppingToken);

    private async Task RunOnceAsync(bool isPastDue, CancellationToken stoppingToken, DateTime? occurrence = null)
    {
        await _turn.WaitAsync(stoppingToken);
        try
        {
            var now = DateTime.UtcNow;
            var status = new ScheduleStatus(_status?.Last ?? default, NextAfter(now), now);
            // What the real host passes (WebJobs TimerListener and TimerTriggerBinding): Next is the occurrence being
            // fired, for a past-due run the missed one, and for an admin run the stored one, still to come. The app
            // tells a scheduled run from one by hand by it (Surveys.Functions Scheduling/LocalSchedule).
            var passed = status with { Next = occurrence ?? _status?.Next ?? status.Next };
            var timerInfo = JsonSerializer.Serialize(new { Schedule = new { AdjustForDST = true }, ScheduleStatus = passed, IsPastDue = isPastDue });
            await invoker.InvokeAsync(function, new TypedData { Json = timerInfo }, new Dictionary<string, TypedData>(), stoppingToken);
            _status = status with { Last = occurrence ?? now, LastUpdated = DateTime.UtcNow };
            await WriteStatusAsync(_status, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Timer {Function} run failed: {Reason}", function, e.Message);
        }
        finally { _turn.Release(); }
    }

    /// <summary>The next occurrence after <paramref name="utc"/>, the schedule read in the host's time zone.</summary>
    private DateTime NextAfter(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var next = _schedule.GetNextOccurrence(local);
        return zone.IsInvalidTime(next) ? NextAfter(TimeZoneInfo.ConvertTimeToUtc(next.AddHours(1), zone)) : TimeZoneInfo.ConvertTimeToUtc(next, zone);
    }

    private async Task<ScheduleStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var blob = statusContainer.GetBlobClient(statusBlob);
            if (!await blob.ExistsAsync(cancellationToken)) return null;
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToObjectFromJson<ScheduleStatus>();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not read the schedule status of {Function}: {Reason}", function, e.Message);
            return null;
        }
    }

    private async Task WriteStatusAsync(ScheduleStatus status, CancellationToken cancellationToken)
    {
        try
        {
            await statusContainer.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await statusContainer.GetBlobClient(statusBlob).UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not write the schedule status of {Function}: {Reason}", function, e.Message);
        }
    }
}
