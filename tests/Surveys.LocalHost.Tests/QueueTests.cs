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

    private static int[] DequeueCounts(IEnumerable<JsonElement> records) =>
        records.Select(r => r.GetProperty("dequeueCount").GetInt32()).Order().ToArray();
}
