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

        var starts = (await host.RecordsAsync(host.TickMarker)).Select(r => r.GetProperty("at").GetDateTimeOffset()).Order().ToList();
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
        Assert.True(Assert.Single(records).GetProperty("isPastDue").GetBoolean());
    }
}
