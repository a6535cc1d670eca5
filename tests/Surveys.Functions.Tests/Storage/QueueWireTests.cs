using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>Queue request details Azurite cannot reveal (its pop receipts happen to be URL-safe); no I/O.</summary>
public class QueueWireTests
{
    [Fact]
    public async Task PopReceipt_IsPercentEncodedInTheQuery()
    {
        var (queue, transport) = Create();
        transport.Respond = (_, _) => new FakeResponse(204);

        await queue.DeleteMessageAsync("id-1", "AgAAAA+B/C==");

        var sent = Assert.Single(transport.Requests);
        Assert.Equal("DELETE", sent.Method);
        Assert.Equal("/devstoreaccount1/jobs/messages/id-1", sent.Uri.AbsolutePath);
        Assert.Equal("?popreceipt=AgAAAA%2BB%2FC%3D%3D", sent.Uri.Query);
    }

    [Fact]
    public async Task Update_KeepsTheNewPopReceiptFromTheResponseHeaders()
    {
        var (queue, transport) = Create();
        transport.Respond = (_, _) => new FakeResponse(204, "",
            ("x-ms-popreceipt", "new+receipt=="), ("x-ms-time-next-visible", "Mon, 01 Jan 2024 00:00:30 GMT"));

        var receipt = await queue.UpdateMessageAsync("id-1", "old/receipt", TimeSpan.FromSeconds(30));

        Assert.Equal(new UpdateReceipt("new+receipt==", new DateTimeOffset(2024, 1, 1, 0, 0, 30, TimeSpan.Zero)), receipt);
        Assert.Equal("?popreceipt=old%2Freceipt&visibilitytimeout=30", transport.Requests[0].Uri.Query);
    }

    [Fact]
    public async Task UnencodedTextWithCharactersXmlCannotCarry_IsRejectedBeforeSending()
    {
        var (queue, transport) = Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => queue.WithEncoding(QueueMessageEncoding.None).SendMessageAsync("bell \u0007"));

        Assert.Contains("Base64", error.Message);
        Assert.Empty(transport.Requests);
        Assert.Equal(QueueMessageEncoding.Base64, queue.MessageEncoding);
    }

    [Fact]
    public void MessageText_DecodesBase64OfUtf8OnDemand()
    {
        var good = new PeekedMessage("id", 0, null, null, Convert.ToBase64String("æøå"u8.ToArray()), QueueMessageEncoding.Base64);
        var notBase64 = good with { RawText = "not base64!" };
        var notUtf8 = good with { RawText = Convert.ToBase64String([0xFF, 0xFE]) };

        Assert.Equal("æøå", good.MessageText);
        Assert.Throws<FormatException>(() => notBase64.MessageText);
        Assert.Throws<FormatException>(() => notUtf8.MessageText);
        Assert.Equal("not base64!", (notBase64 with { Encoding = QueueMessageEncoding.None }).MessageText);
    }

    private static (QueueClient, RecordingTransport) Create()
    {
        var transport = new RecordingTransport();
        var account = StorageAccount.Parse("UseDevelopmentStorage=true", new StorageClientOptions { Transport = transport });
        return (account.GetQueueServiceClient().GetQueueClient("jobs"), transport);
    }
}
