using Azure;
using Azure.Core;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>The regression vectors of storage-and-email-rest.md §2.4, plus the request details the formulas depend on.</summary>
public class SharedKeySigningTests
{
    private const string Account = "devstoreaccount1";
    private const string Date = "Mon, 01 Jan 2024 00:00:00 GMT";
    private static readonly byte[] AzuriteKey = Convert.FromBase64String(
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==");

    [Fact]
    public void TableSharedKeyLite_PathStyleUrl_MatchesDocVector1()
    {
        var stringToSign = TableSharedKeyPolicy.SharedKeyLiteStringToSign(Account, Date, new Uri("http://127.0.0.1:10002/devstoreaccount1/orders()"));

        Assert.Equal("Mon, 01 Jan 2024 00:00:00 GMT\n/devstoreaccount1/devstoreaccount1/orders()", stringToSign);
        Assert.Equal("AKPb+d8k3BbwxlBD6afmEt7Hp0vmoDPXw7voTVpxUhM=", TableSharedKeyPolicy.Sign(AzuriteKey, stringToSign));
    }

    [Fact]
    public void TableSharedKey_PathStyleUrl_MatchesDocVector2()
    {
        var stringToSign = TableSharedKeyPolicy.SharedKeyStringToSign(Account, "POST", "", "application/json", Date,
            new Uri("http://127.0.0.1:10002/devstoreaccount1/orders"));

        Assert.Equal("POST\n\napplication/json\nMon, 01 Jan 2024 00:00:00 GMT\n/devstoreaccount1/devstoreaccount1/orders", stringToSign);
        Assert.Equal("w8NWio8BVaYrbfDhR/dKD2cV/fptDBNAo4t+O1R1UU0=", TableSharedKeyPolicy.Sign(AzuriteKey, stringToSign));
    }

    [Fact]
    public void QueueSharedKey_GetMessages_MatchesDocVector3()
    {
        var stringToSign = QueueSharedKeyPolicy.StringToSign(Account, "GET",
            new Uri("http://127.0.0.1:10001/devstoreaccount1/orders-in/messages?numofmessages=16&visibilitytimeout=600"),
            [new HttpHeader("x-ms-version", "2021-12-02"), new HttpHeader("x-ms-date", Date)],
            contentLength: null);

        Assert.Equal(
            "GET" + new string('\n', 12) +
            "x-ms-date:Mon, 01 Jan 2024 00:00:00 GMT\nx-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/orders-in/messages\nnumofmessages:16\nvisibilitytimeout:600",
            stringToSign);
        Assert.Equal("qPiXdM9szwNBj/iuqhezL2+HhnSUgku8DjreEODMYos=", QueueSharedKeyPolicy.Sign(AzuriteKey, stringToSign));
    }

    [Fact]
    public void TableSharedKeyLite_IncludesOnlyTheCompParameter()
    {
        var stringToSign = TableSharedKeyPolicy.SharedKeyLiteStringToSign(Account, Date,
            new Uri("https://acct.table.core.windows.net/Tables?$filter=x&comp=acl"));

        Assert.Equal(Date + "\n/devstoreaccount1/Tables?comp=acl", stringToSign);
    }

    [Fact]
    public void QueueSharedKey_CanonicalizesEveryXmsHeaderSortedAndDecodesQueryValues()
    {
        var stringToSign = QueueSharedKeyPolicy.StringToSign(Account, "PUT",
            new Uri("http://127.0.0.1:10001/devstoreaccount1/q/messages/id1?visibilitytimeout=0&popreceipt=AgAAAA%2BB%2FC%3D%3D"),
            [
                new HttpHeader("x-ms-version", "2021-12-02"),
                new HttpHeader("X-MS-Client-Request-Id", "abc"),
                new HttpHeader("x-ms-date", Date),
                new HttpHeader("x-ms-return-client-request-id", "true"),
                new HttpHeader("Content-Type", "application/xml; charset=utf-8"),
                new HttpHeader("User-Agent", "not signed"),
            ],
            contentLength: 42);

        Assert.Equal(
            "PUT\n\n\n42\n\napplication/xml; charset=utf-8\n\n\n\n\n\n\n" +
            "x-ms-client-request-id:abc\nx-ms-date:" + Date + "\nx-ms-return-client-request-id:true\nx-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/q/messages/id1\npopreceipt:AgAAAA+B/C==\nvisibilitytimeout:0",
            stringToSign);
    }

    [Fact]
    public void QueueSharedKey_ZeroContentLength_IsAnEmptyLine()
    {
        var stringToSign = QueueSharedKeyPolicy.StringToSign(Account, "PUT", new Uri("http://h/devstoreaccount1/q"), [], contentLength: 0);

        Assert.StartsWith("PUT\n\n\n\n", stringToSign);
    }

    [Fact]
    public async Task TablePolicy_ReSignsEveryRetryAttempt()
    {
        var transport = new RecordingTransport();
        transport.Respond = (message, attempt) =>
        {
            if (attempt == 1)
            {
                // If the policy ran only once (per call), the retry would go out without these.
                message.Request.Headers.Remove("Authorization");
                message.Request.Headers.Remove("x-ms-date");
                return new FakeResponse(503);
            }
            return new FakeResponse(204);
        };
        var table = AccountWith(transport).GetTableServiceClient().GetTableClient("orders");

        await table.DeleteEntityAsync("p", "r");

        Assert.Equal(2, transport.Requests.Count);
        var retry = transport.Requests[1];
        var expected = TableSharedKeyPolicy.Sign(AzuriteKey,
            TableSharedKeyPolicy.SharedKeyLiteStringToSign(Account, retry.Headers["x-ms-date"], retry.Uri));
        Assert.Equal($"SharedKeyLite {Account}:{expected}", retry.Headers["Authorization"]);
        Assert.Equal("/devstoreaccount1/orders(PartitionKey='p',RowKey='r')", retry.Uri.AbsolutePath);
    }

    [Fact]
    public async Task QueuePolicy_SignsTheClientRequestIdHeaderAzureCoreAdds()
    {
        var transport = new RecordingTransport();
        var queue = AccountWith(transport).GetQueueServiceClient().GetQueueClient("jobs");

        await queue.ExistsAsync();

        var sent = Assert.Single(transport.Requests);
        Assert.True(sent.Headers.ContainsKey("x-ms-client-request-id"));
        var stringToSign = QueueSharedKeyPolicy.StringToSign(Account, sent.Method, sent.Uri,
            sent.Headers.Select(h => new HttpHeader(h.Key, h.Value)), contentLength: null);
        Assert.Contains("x-ms-client-request-id:" + sent.Headers["x-ms-client-request-id"] + "\n", stringToSign);
        Assert.Equal($"SharedKey {Account}:{QueueSharedKeyPolicy.Sign(AzuriteKey, stringToSign)}", sent.Headers["Authorization"]);
    }

    private static StorageAccount AccountWith(RecordingTransport transport)
    {
        var options = new StorageClientOptions { Transport = transport };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        return StorageAccount.Parse("UseDevelopmentStorage=true", options);
    }
}
