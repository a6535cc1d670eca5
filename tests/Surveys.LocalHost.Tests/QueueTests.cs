using System.Text.Json;

namespace Surveys.LocalHost.Tests;

[Collection(nameof(SharedHost))]
public sealed class QueueTests(SharedHost shared)
{
    private TestHost Host => shared.Host;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Message_IsProcessedOnceThenDeleted()
    {
        var marker = Guid.NewGuid().ToString("N");
        var id = await Host.SendWorkAsync(marker, fail: 0);

        await Eventually.TrueAsync(async () => (await Host.RecordsAsync(marker)).Count > 0, Deadline, "the message to be processed");
        await Eventually.TrueAsync(async () => await Host.CountAsync(Host.WorkQueue) == 0, Deadline, "the message to be deleted");

        var record = Assert.Single(await Host.RecordsAsync(marker));
        Assert.Equal(id, record.GetProperty("id").GetString());
        Assert.Equal(1, record.GetProperty("dequeueCount").GetInt32());
    }

    [Fact]
    public async Task MessageThatFailsOnce_SucceedsOnItsSecondDelivery()
    {
        var marker = Guid.NewGuid().ToString("N");
        await Host.SendWorkAsync(marker, fail: 1);

        await Eventually.TrueAsync(async () => (await Host.RecordsAsync(marker)).Count == 2, Deadline, "a second delivery");
        await Eventually.TrueAsync(async () => await Host.CountAsync(Host.WorkQueue) == 0, Deadline, "the message to be deleted");

        Assert.Equal(new[] { 1, 2 }, DequeueCounts(await Host.RecordsAsync(marker)));
        Assert.Equal(0, await Host.CountAsync(Host.WorkQueue + "-poison"));
    }

    [Fact]
    public async Task MessageThatAlwaysFails_IsTriedMaxDequeueCountTimesThenMovedToPoison()
    {
        var marker = Guid.NewGuid().ToString("N");
        await Host.SendWorkAsync(marker, fail: 99);

        var poison = Host.Queues.GetQueueClient(Host.WorkQueue + "-poison");
        var moved = await Eventually.ValueAsync(async () =>
            await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(32)).Value.FirstOrDefault(m => m.Body.ToString().Contains(marker)) : null,
            Deadline, "the message in the poison queue");

        Assert.Equal(new[] { 1, 2, 3 }, DequeueCounts(await Host.RecordsAsync(marker))); // host.json maxDequeueCount: 3
        Assert.Equal(marker, JsonDocument.Parse(moved.Body.ToString()).RootElement.GetProperty("marker").GetString());
        await Eventually.TrueAsync(async () => await Host.CountAsync(Host.WorkQueue) == 0, Deadline, "the message to leave the work queue");
    }

    [Fact]
    public async Task MessageOutlivingItsLease_IsRenewedNotDeliveredAgain()
    {
        // Its own host: a 2 s lease (10 min in the host's default) under a 5 s function.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string> { ["LocalHost:QueueLeaseSeconds"] = "2" });
        var marker = Guid.NewGuid().ToString("N");
        await host.SendWorkAsync(marker, fail: 0, delayMs: 5000);

        await Eventually.TrueAsync(async () => (await host.RecordsAsync(marker)).Count > 0, Deadline, "the message to be taken");
        await Eventually.TrueAsync(async () => await host.CountAsync(host.WorkQueue) == 0, Deadline, "the message to be deleted");

        Assert.Equal(new[] { 1 }, DequeueCounts(await host.RecordsAsync(marker)));
    }

    private static int[] DequeueCounts(IEnumerable<JsonElement> records) =>
        records.Select(r => r.GetProperty("dequeueCount").GetInt32()).Order().ToArray();
}
