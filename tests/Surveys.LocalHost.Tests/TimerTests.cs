using System.Text.Json;
using Azure.Storage.Blobs;

namespace Surveys.LocalHost.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task Timer_RunsOnItsPercentSettingSchedule_OneRunAtATime()
    {
        // Every second, each run taking 1.5 s: overlapping runs would start less than 1.5 s apart.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string> { ["TickSchedule"] = "* * * * * *", ["TickDelayMs"] = "1500" });

        await Eventually.TrueAsync(async () => (await host.RecordsAsync(host.TickMarker)).Count >= 3, TimeSpan.FromSeconds(20), "three runs");

        var runs = await host.RecordsAsync(host.TickMarker);
        var starts = runs.Select(r => r.GetProperty("at").GetDateTimeOffset()).Order().ToList();
        // As the real host: a scheduled run's status names the occurrence being fired, not the one after it.
        Assert.All(runs, r => Assert.True(r.GetProperty("next").GetDateTimeOffset() <= r.GetProperty("at").GetDateTimeOffset().AddMilliseconds(500),
            $"next {r.GetProperty("next")} after the run's start {r.GetProperty("at")}"));
        Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(1.5), $"{pair.First:o} then {pair.Second:o}"));
    }

    [Fact]
    public async Task MissedOccurrenceDuringDowntime_GivesOnePastDueRun()
    {
        // The status the host keeps per timer says the next run was an hour ago.
        var hostId = $"test-{Guid.NewGuid():N}"[..20];
        var container = new BlobServiceClient(TestHost.TestStorage).GetBlobContainerClient("azure-webjobs-hosts");
        await container.CreateIfNotExistsAsync();
        var lastRun = DateTime.UtcNow.AddHours(-2);
        await container.GetBlobClient($"timers/{hostId}/Surveys.LocalHost.TestWorker.TimerFunctions.Tick/status")
            .UploadAsync(BinaryData.FromObjectAsJson(new { Last = lastRun, Next = lastRun.AddHours(1), LastUpdated = lastRun }));

        await using var host = await TestHost.StartAsync(new Dictionary<string, string> { ["LocalHost:HostId"] = hostId });

        var records = await Eventually.ValueAsync(async () => (await host.RecordsAsync(host.TickMarker)) is { Count: > 0 } r ? r : null,
            TimeSpan.FromSeconds(20), "the past-due run");
        var run = Assert.Single(records);
        Assert.True(run.GetProperty("isPastDue").GetBoolean());
        // As the real host: the past-due run's status names the missed occurrence (the app decides by it).
        var next = run.GetProperty("next").GetDateTimeOffset().UtcDateTime;
        Assert.True((next - lastRun.AddHours(1)).Duration() < TimeSpan.FromSeconds(1), $"next {next:o}, missed {lastRun.AddHours(1):o}");
    }
}
