using System.Text;
using Azure;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>Queue operations against Azurite (storage-and-email-rest.md §5). Each test uses its own queue.</summary>
public class QueueClientTests
{
    private const string AwkwardText = "Ærlig talt: æøå ÆØÅ <&>\"' ]]> \r\n\ttab 😀 &amp; <MessageText>";

    private static async Task<QueueClient> NewQueueAsync()
    {
        var queue = TestStorage.Account.GetQueueServiceClient().GetQueueClient(TestStorage.UniqueName("jobs"));
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    /// <summary>Polls until the condition holds or the deadline passes; returns the last value seen.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > until)
            {
                return value;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task SendAndReceive_RoundTripsNonAsciiAndXmlSpecialCharacters()
    {
        var queue = await NewQueueAsync();

        var receipt = await queue.SendMessageAsync(AwkwardText);
        var received = Assert.Single(await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30)));

        Assert.Equal(AwkwardText, received.MessageText);
        Assert.Equal(receipt.MessageId, received.MessageId);
        Assert.Equal(1, received.DequeueCount);
        Assert.NotNull(received.InsertedOn);
        Assert.True(received.ExpiresOn > received.InsertedOn);
        Assert.True(received.NextVisibleOn > DateTimeOffset.UtcNow.AddSeconds(20));
    }

    [Fact]
    public async Task Send_PutsBase64OfUtf8OnTheWire()
    {
        var queue = await NewQueueAsync();
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(AwkwardText));

        await queue.SendMessageAsync(AwkwardText);
        var peeked = Assert.Single(await queue.PeekMessagesAsync());
        var rawView = Assert.Single(await queue.WithEncoding(QueueMessageEncoding.None).PeekMessagesAsync());

        Assert.Equal(QueueMessageEncoding.Base64, queue.MessageEncoding);
        Assert.Equal(base64, peeked.RawText);
        Assert.Equal(AwkwardText, peeked.MessageText);
        Assert.Equal(base64, rawView.MessageText);
        Assert.Equal(0, peeked.DequeueCount);
    }

    [Fact]
    public async Task EncodingNone_SendsEscapedText_AndABase64ReaderFailsOnlyWhenDecoding()
    {
        var queue = await NewQueueAsync();
        var plain = queue.WithEncoding(QueueMessageEncoding.None);
        const string text = "<&>\"' æøå not base64";

        await plain.SendMessageAsync(text);
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));   // receiving must not throw

        Assert.Equal(text, received.RawText);
        Assert.Throws<FormatException>(() => received.MessageText);
        Assert.DoesNotContain(text, received.ToString());
    }

    [Fact]
    public async Task ReceivedMessage_IsHiddenForItsVisibilityTimeout()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("once");

        Assert.Single(await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30)));

        Assert.Empty(await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30)));
        Assert.Empty(await queue.PeekMessagesAsync(32));
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task DequeueCount_IncrementsOnEachReceive()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("again");

        var first = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1)));
        var second = await EventuallyAsync(() => queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1)), m => m.Count > 0, TimeSpan.FromSeconds(10));
        var third = await EventuallyAsync(() => queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)), m => m.Count > 0, TimeSpan.FromSeconds(10));

        Assert.Equal(1, first.DequeueCount);
        Assert.Equal(2, Assert.Single(second).DequeueCount);
        Assert.Equal(3, Assert.Single(third).DequeueCount);
        Assert.Equal("again", third[0].MessageText);
    }

    [Fact]
    public async Task Update_ReturnsANewPopReceipt_AndTheOldOneNoLongerDeletes()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("lease me");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));

        var update = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(60));

        Assert.NotEqual(received.PopReceipt, update.PopReceipt);
        Assert.True(update.NextVisibleOn > DateTimeOffset.UtcNow.AddSeconds(45));
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));
        Assert.Equal((400, "PopReceiptMismatch"), (stale.Status, stale.ErrorCode));   // not 404: the message still exists
        await queue.DeleteMessageAsync(received.MessageId, update.PopReceipt);
        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Update_RenewsVisibilityPastTheOriginalTimeout()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("long job");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1)));

        await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));   // past the original 1 s lease: proving absence needs a wait

        Assert.Empty(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Update_WithZeroVisibilityAndNewText_ReleasesTheChangedMessage()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("draft");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));

        await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.Zero, "final <&> æøå");
        var again = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));

        Assert.Equal("final <&> æøå", again.MessageText);
        Assert.Equal(received.MessageId, again.MessageId);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task Delete_RemovesTheMessage()
    {
        var queue = await NewQueueAsync();
        await queue.SendMessageAsync("done soon");
        await queue.SendMessageAsync("stays");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1)));

        await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        await Task.Delay(TimeSpan.FromSeconds(1.5));   // let the 1 s lease run out: a deleted message must not come back

        var remaining = await queue.PeekMessagesAsync(32);
        Assert.Equal(["stays"], remaining.Select(m => m.MessageText));
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task ApproximateCount_CountsSentMessages()
    {
        var queue = await NewQueueAsync();

        Assert.Equal(0, await queue.GetApproximateMessageCountAsync());
        for (var i = 0; i < 3; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }

        Assert.Equal(3, await queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task Send_WithVisibilityTimeout_HidesTheMessageAtFirst()
    {
        var queue = await NewQueueAsync();

        var receipt = await queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromSeconds(30), timeToLive: TimeSpan.FromMinutes(5));

        Assert.Empty(await queue.PeekMessagesAsync());
        Assert.Equal(1, await queue.GetApproximateMessageCountAsync());
        Assert.True(receipt.NextVisibleOn > receipt.InsertedOn!.Value.AddSeconds(25));
        Assert.InRange((receipt.ExpiresOn!.Value - receipt.InsertedOn.Value).TotalMinutes, 4.9, 5.1);
    }

    [Fact]
    public async Task Send_WithInfiniteTimeToLive_NeverExpires()
    {
        var queue = await NewQueueAsync();

        var receipt = await queue.SendMessageAsync("forever", timeToLive: Timeout.InfiniteTimeSpan);

        Assert.True(receipt.ExpiresOn is null || receipt.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100));
    }

    [Fact]
    public async Task Send_ToMissingQueue_Throws404QueueNotFound()
    {
        var queue = TestStorage.Account.GetQueueServiceClient().GetQueueClient(TestStorage.UniqueName("missing"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync("lost"));

        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
        Assert.Contains(queue.Name, error.Message);
    }

    [Fact]
    public async Task CreateExistsAndDelete_AreIdempotent()
    {
        var queue = TestStorage.Account.GetQueueServiceClient().GetQueueClient(TestStorage.UniqueName("lifecycle"));

        Assert.False(await queue.ExistsAsync());
        await queue.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();
        Assert.True(await queue.ExistsAsync());
        await queue.DeleteIfExistsAsync();
        await queue.DeleteIfExistsAsync();
        Assert.False(await queue.ExistsAsync());
    }

    [Fact]
    public async Task InvalidArguments_AreRejectedBeforeSending()
    {
        var service = TestStorage.Account.GetQueueServiceClient();
        var queue = service.GetQueueClient("valid-name");

        Assert.Throws<ArgumentException>(() => service.GetQueueClient("Upper"));
        Assert.Throws<ArgumentException>(() => service.GetQueueClient("double--hyphen"));
        Assert.Throws<ArgumentException>(() => service.GetQueueClient("ab"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(33, TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(0, TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(1, TimeSpan.Zero));
    }
}
