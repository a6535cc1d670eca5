using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>Paging (storage-and-email-rest.md §4.5): at most 1,000 per page, continuation headers, $top per page.</summary>
public class TableQueryTests
{
    private static async Task<TableClient> TableWithAsync(int count, string partitionKey = "p")
    {
        var table = TestStorage.Account.GetTableServiceClient().GetTableClient(TestStorage.UniqueName("paging"));
        await table.CreateIfNotExistsAsync();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(i =>
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partitionKey, $"r{i:D5}") { ["N"] = i })));
        }
        return table;
    }

    [Fact]
    public async Task Query_FollowsContinuationPastOneThousandEntities()
    {
        var table = await TableWithAsync(1050);

        var all = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"p"}")).ToListAsync();

        Assert.Equal(1050, all.Count);
        Assert.Equal(Enumerable.Range(0, 1050), all.Select(e => e.GetInt32("N")!.Value).Order());
    }

    [Fact]
    public async Task QueryPage_StopsAtOneThousandAndHandsBackAContinuation()
    {
        var table = await TableWithAsync(1050);

        var first = await table.QueryPageAsync(null, null, null, null);
        var second = await table.QueryPageAsync(null, null, null, first.Continuation);

        Assert.Equal(1000, first.Entities.Count);
        Assert.NotNull(first.Continuation);
        Assert.Equal(50, second.Entities.Count);
        Assert.Null(second.Continuation);
        Assert.Empty(first.Entities.Select(e => e.RowKey).Intersect(second.Entities.Select(e => e.RowKey)));
    }

    [Fact]
    public async Task Query_WithTop_PagesAndStillReturnsEverything()
    {
        var table = await TableWithAsync(250);

        var pageSizes = new List<int>();
        TableContinuation? continuation = null;
        do
        {
            var page = await table.QueryPageAsync(TableFilter.Create($"N ge {0}"), 100, ["N"], continuation);
            pageSizes.Add(page.Entities.Count);
            continuation = page.Continuation;
        }
        while (continuation is not null && pageSizes.Count < 10);   // bounded: a continuation that does not advance must fail, not hang
        var all = await table.QueryAsync(TableFilter.Create($"N ge {0}"), maxPerPage: 100).ToListAsync();

        Assert.Equal(250, pageSizes.Sum());
        Assert.True(pageSizes.Count >= 3 && pageSizes.All(size => size <= 100), $"page sizes: {string.Join(",", pageSizes)}");
        Assert.Equal(250, all.Count);
        Assert.Equal(250, all.Select(e => e.RowKey).Distinct().Count());
    }

    [Fact]
    public async Task Query_ContinuationAcrossPartitions_ReturnsEveryEntityOnce()
    {
        var table = await TableWithAsync(60, "a");
        foreach (var partition in new[] { "b", "Åse's" })
        {
            await table.SubmitTransactionAsync(Enumerable.Range(0, 60).Select(i =>
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"r{i:D5}"))));
        }

        var all = await table.QueryAsync(maxPerPage: 7).ToListAsync();

        Assert.Equal(180, all.Select(e => (e.PartitionKey, e.RowKey)).Distinct().Count());
    }

    [Fact]
    public async Task Query_DoesNotStopOnAnEmptyPageThatHasAContinuation()
    {
        // Azurite never returns an empty page with a continuation; the service may (5 s per page), so fake it.
        var transport = new RecordingTransport
        {
            Respond = (_, call) => call switch
            {
                1 => new FakeResponse(200, """{"value":[]}""",
                    ("x-ms-continuation-NextPartitionKey", "1!8!cA--"), ("x-ms-continuation-NextRowKey", "1!8!cg--")),
                2 => new FakeResponse(200, """{"value":[{"PartitionKey":"p","RowKey":"r"}]}"""),
                _ => throw new InvalidOperationException("the query should have stopped"),
            },
        };
        var account = StorageAccount.Parse("UseDevelopmentStorage=true", new StorageClientOptions { Transport = transport });
        var table = account.GetTableServiceClient().GetTableClient("orders");

        var all = await table.QueryAsync("N ge 0", maxPerPage: 5).ToListAsync();

        Assert.Equal("r", Assert.Single(all).RowKey);
        Assert.Equal(2, transport.Requests.Count);
        var query = Uri.UnescapeDataString(transport.Requests[1].Uri.Query);
        Assert.Equal("?$filter=N ge 0&$top=5&NextPartitionKey=1!8!cA--&NextRowKey=1!8!cg--", query);
    }

    [Fact]
    public async Task Query_WithSelect_ReturnsOnlyTheSelectedPropertiesButKeepsTheETag()
    {
        var table = await TableWithAsync(3);
        await table.UpsertEntityAsync(new TableEntity("p", "r00000") { ["Extra"] = "x" });

        var all = await table.QueryAsync(select: ["Extra"]).ToListAsync();

        Assert.All(all, e => Assert.False(e.ContainsKey("N")));
        Assert.Equal("x", all.Single(e => e.ContainsKey("Extra")).GetString("Extra"));
        Assert.All(all, e => Assert.NotEqual(default, e.ETag));
    }

    [Fact]
    public async Task QueriedETag_WorksForAConditionalUpdate()
    {
        var table = await TableWithAsync(1);
        var entity = Assert.Single(await table.QueryAsync().ToListAsync());

        entity["N"] = 99;
        await table.UpdateEntityAsync(entity, entity.ETag);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => table.UpdateEntityAsync(entity, entity.ETag));
    }
}
