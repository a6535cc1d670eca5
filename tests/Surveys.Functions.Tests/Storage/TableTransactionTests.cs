using Azure;
using Surveys.Functions.Storage;
using static Surveys.Functions.Storage.TableTransactionActionType;

namespace Surveys.Functions.Tests.Storage;

/// <summary>Entity group transactions ($batch, storage-and-email-rest.md §4.10): all or nothing, inner statuses parsed.</summary>
public class TableTransactionTests
{
    private static async Task<TableClient> NewTableAsync()
    {
        var table = TestStorage.Account.GetTableServiceClient().GetTableClient(TestStorage.UniqueName("batch"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static TableTransactionAction Act(TableTransactionActionType type, string rowKey, int n = 0, ETag etag = default) =>
        new(type, new TableEntity("p", rowKey) { ["N"] = n }, etag);

    [Fact]
    public async Task Transaction_SecondActionAddsAnExistingEntity_FailsAtIndex1AndAppliesNothing()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r2"));

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() =>
            table.SubmitTransactionAsync([Act(Add, "r1"), Act(Add, "r2"), Act(Add, "r3")]));

        Assert.Equal(1, error.FailedIndex);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "r1"));
        Assert.Null(await table.GetEntityIfExistsAsync("p", "r3"));
    }

    [Fact]
    public async Task Transaction_StaleETag_Fails412AtItsIndexAndAppliesNothing()
    {
        var table = await NewTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("p", "r1") { ["N"] = 1 });
        await table.UpsertEntityAsync(new TableEntity("p", "r1") { ["N"] = 2 });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() =>
            table.SubmitTransactionAsync([Act(Add, "r0"), Act(UpsertMerge, "r5"), Act(UpdateMerge, "r1", 3, stale)]));

        Assert.Equal(2, error.FailedIndex);
        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.Equal(2, (await table.GetEntityAsync("p", "r1")).GetInt32("N"));
        Assert.Empty(await table.QueryAsync(TableFilter.Create($"RowKey eq {"r0"} or RowKey eq {"r5"}")).ToListAsync());
    }

    [Fact]
    public async Task Transaction_OfOneHundredActions_Succeeds()
    {
        var table = await NewTableAsync();

        var responses = await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i => Act(Add, $"r{i:D3}", i)));

        Assert.Equal(100, responses.Count);
        Assert.All(responses, r => Assert.Equal(204, r.Status));
        Assert.All(responses, r => Assert.NotNull(r.Headers.ETag));
        Assert.Equal(100, (await table.QueryAsync().ToListAsync()).Count);
    }

    [Fact]
    public async Task Transaction_EveryActionType_AppliesAndReturnsUsableETags()
    {
        var table = await NewTableAsync();
        var mergeTag = await table.AddEntityAsync(new TableEntity("p", "merge") { ["N"] = 1, ["Keep"] = "yes" });
        var replaceTag = await table.AddEntityAsync(new TableEntity("p", "replace") { ["N"] = 1, ["Drop"] = "yes" });
        await table.AddEntityAsync(new TableEntity("p", "upsertmerge") { ["Keep"] = "yes" });
        await table.AddEntityAsync(new TableEntity("p", "upsertreplace") { ["Drop"] = "yes" });
        var deleteTag = await table.AddEntityAsync(new TableEntity("p", "delete"));

        var responses = await table.SubmitTransactionAsync(
        [
            Act(Add, "add", 1),
            Act(UpdateMerge, "merge", 2, mergeTag),
            Act(UpdateReplace, "replace", 2, replaceTag),
            Act(UpsertMerge, "upsertmerge", 2),
            Act(UpsertReplace, "upsertreplace", 2),
            Act(Delete, "delete", etag: deleteTag),   // last, with no body: the form Azurite parses most loosely
        ]);

        Assert.Equal(6, responses.Count);
        var all = (await table.QueryAsync().ToListAsync()).ToDictionary(e => e.RowKey);
        Assert.Equal(["add", "merge", "replace", "upsertmerge", "upsertreplace"], all.Keys.Order());
        Assert.Equal((2, "yes"), (all["merge"].GetInt32("N"), all["merge"].GetString("Keep")));
        Assert.Equal((2, false), (all["replace"].GetInt32("N"), all["replace"].ContainsKey("Drop")));
        Assert.Equal((2, "yes"), (all["upsertmerge"].GetInt32("N"), all["upsertmerge"].GetString("Keep")));
        Assert.Equal((2, false), (all["upsertreplace"].GetInt32("N"), all["upsertreplace"].ContainsKey("Drop")));
        Assert.Equal(all["merge"].ETag, responses[1].Headers.ETag);
        await table.UpdateEntityAsync(new TableEntity("p", "add") { ["N"] = 3 }, responses[0].Headers.ETag!.Value);
    }

    [Fact]
    public async Task Transaction_WithQuotesAndNonAsciiKeys_Succeeds()
    {
        var table = await NewTableAsync();
        TableTransactionAction Add(string rowKey) => new(TableTransactionActionType.Add, new TableEntity("Ås'gård", rowKey) { ["Name"] = "O'Brien på Å" });

        await table.SubmitTransactionAsync([Add("O'Brien"), Add("på Å"), Add("50% & more")]);
        await table.SubmitTransactionAsync([new TableTransactionAction(Delete, new TableEntity("Ås'gård", "O'Brien"))]);

        var rows = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"Ås'gård"} and Name eq {"O'Brien på Å"}")).Select(e => e.RowKey).ToListAsync();
        Assert.Equal(["50% & more", "på Å"], rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Transaction_BreakingABatchRule_IsRejectedBeforeSending()
    {
        var transport = new RecordingTransport();
        var account = StorageAccount.Parse("UseDevelopmentStorage=true", new StorageClientOptions { Transport = transport });
        var table = account.GetTableServiceClient().GetTableClient("orders");

        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() =>
            table.SubmitTransactionAsync(Enumerable.Range(0, 101).Select(i => Act(Add, $"r{i}"))));
        var mixed = await Assert.ThrowsAsync<ArgumentException>(() =>
            table.SubmitTransactionAsync([Act(Add, "r1"), new TableTransactionAction(Add, new TableEntity("other", "r2"))]));
        var twice = await Assert.ThrowsAsync<ArgumentException>(() =>
            table.SubmitTransactionAsync([Act(Add, "r1"), Act(Delete, "r1")]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));

        Assert.Contains("100", tooMany.Message);
        Assert.Contains("other", mixed.Message);
        Assert.Contains("r1", twice.Message);
        Assert.Empty(transport.Requests);
    }
}
