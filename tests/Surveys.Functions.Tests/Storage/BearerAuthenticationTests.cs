using Azure.Core;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>Managed identity: what goes on the wire when the account is built from a TokenCredential.</summary>
public class BearerAuthenticationTests
{
    [Fact]
    public async Task TableRequest_WithTokenCredential_CarriesBearerTokenAndVersion()
    {
        var (account, transport, credential) = Create();
        var table = account.GetTableServiceClient().GetTableClient("orders");
        transport.Respond = (_, _) => new FakeResponse(204);

        await table.DeleteEntityAsync("p'1", "r");

        var sent = Assert.Single(transport.Requests);
        Assert.Equal("Bearer fake-token", sent.Headers["Authorization"]);
        Assert.Equal("2019-02-02", sent.Headers["x-ms-version"]);
        Assert.Equal("*", sent.Headers["If-Match"]);
        Assert.False(sent.Headers.ContainsKey("x-ms-date"));   // no Shared Key signing mixed in
        Assert.Equal("https://acct.table.core.windows.net/orders(PartitionKey='p%27%271',RowKey='r')", sent.Uri.AbsoluteUri);
        Assert.Equal(["https://storage.azure.com/.default"], credential.RequestedScopes.Distinct());
    }

    [Fact]
    public async Task QueueRequest_WithTokenCredential_CarriesBearerTokenAndVersion()
    {
        var (account, transport, _) = Create();
        var queue = account.GetQueueServiceClient().GetQueueClient("jobs");

        Assert.True(await queue.ExistsAsync());

        var sent = Assert.Single(transport.Requests);
        Assert.Equal("Bearer fake-token", sent.Headers["Authorization"]);
        Assert.Equal("2021-12-02", sent.Headers["x-ms-version"]);
        Assert.Equal("https://acct.queue.core.windows.net/jobs?comp=metadata", sent.Uri.AbsoluteUri);
    }

    private static (StorageAccount, RecordingTransport, FakeTokenCredential) Create()
    {
        var transport = new RecordingTransport();
        var credential = new FakeTokenCredential();
        var account = StorageAccount.FromCredential("acct", credential, new StorageClientOptions { Transport = transport });
        return (account, transport, credential);
    }
}

internal sealed class FakeTokenCredential : TokenCredential
{
    public List<string> RequestedScopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        RequestedScopes.AddRange(requestContext.Scopes);
        return new AccessToken("fake-token", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
