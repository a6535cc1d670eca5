using System.Text;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>
/// What the app relies on from storage, through the clients its own registration builds (Azure.Data.Tables and
/// Azure.Storage.Queues on Azurite): keys and values survive, paging goes past 1,000, conflicts are 412,
/// transactions are all or nothing, bad keys never leave the process, and queue messages are what the
/// Functions queue trigger decodes.
/// </summary>
public class StorageTests
{
    private static async Task<TableClient> NewTableAsync(string prefix = "storage")
    {
        var table = TestStorage.Tables.GetTableClient(TestStorage.UniqueName(prefix));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    [Fact]
    public async Task KeysAndValuesWithQuotesAndNonAsciiLetters_RoundTripAndAreFoundByFilter()
    {
        var table = await NewTableAsync();
        const string partitionKey = "Ås'gård";
        const string rowKey = "O'Brien på Å 50% & more=1+1 ''";
        await table.AddEntityAsync(TableKeys.Entity(partitionKey, rowKey).With("Name", "O'Brien på Å «Blåbær»"));
        await table.AddEntityAsync(TableKeys.Entity(partitionKey, "other").With("Name", "OBrien pa A"));

        var read = await table.GetEntityOrNullAsync(partitionKey, rowKey);
        var byName = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and Name eq {"O'Brien på Å «Blåbær»"}")).ToListAsync();
        var byKeys = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey eq {rowKey}")).ToListAsync();

        Assert.NotNull(read);
        Assert.Equal((partitionKey, rowKey, "O'Brien på Å «Blåbær»"), (read.PartitionKey, read.RowKey, read.GetString("Name")));
        Assert.Equal(rowKey, Assert.Single(byName).RowKey);
        Assert.Equal(rowKey, Assert.Single(byKeys).RowKey);

        await table.DeleteEntityAsync(partitionKey, rowKey, read.ETag);
        Assert.Null(await table.GetEntityOrNullAsync(partitionKey, rowKey));
        Assert.NotNull(await table.GetEntityOrNullAsync(partitionKey, "other"));
    }

    [Fact]
    public async Task Query_FollowsContinuationPastOneThousandEntities()
    {
        var table = await NewTableAsync("paging");
        foreach (var chunk in Enumerable.Range(0, 1050).Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(i =>
                new TableTransactionAction(TableTransactionActionType.Add, TableKeys.Entity("p", $"r{i:D5}").With("N", i))));
        }

        var all = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}")).ToListAsync();
        var pages = await table.QueryAsync<TableEntity>(maxPerPage: 400).AsPages().ToListAsync();

        Assert.Equal(Enumerable.Range(0, 1050), all.Select(e => e.GetInt32("N")!.Value).Order());
        Assert.Equal([400, 400, 250], pages.Select(p => p.Values.Count));
    }

    [Fact]
    public async Task TwoWritersWithTheSameETag_TheSecondGets412AndChangesNothing()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(TableKeys.Entity("p", "r").With("V", 1));
        var read = (await table.GetEntityOrNullAsync("p", "r"))!;

        await table.UpdateEntityAsync(TableKeys.Entity("p", "r").With("V", 2), read.ETag, TableUpdateMode.Replace);
        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() =>
            table.UpdateEntityAsync(TableKeys.Entity("p", "r").With("V", 3), read.ETag, TableUpdateMode.Replace));

        Assert.Equal(412, conflict.Status);
        Assert.Equal(2, (await table.GetEntityOrNullAsync("p", "r"))!.GetInt32("V"));
    }

    [Fact]
    public async Task ATransactionWithOneFailingAction_AppliesNothing_AndNamesTheAction()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(TableKeys.Entity("p", "taken"));

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, TableKeys.Entity("p", "new")),
            new TableTransactionAction(TableTransactionActionType.Add, TableKeys.Entity("p", "taken")),
        ]));

        Assert.Equal(409, failure.Status);
        Assert.Equal(1, failure.FailedTransactionActionIndex);
        Assert.Null(await table.GetEntityOrNullAsync("p", "new"));
    }

    public static TheoryData<string, string> ForbiddenCharacters => new()
    {
        { "a/b", "U+002F" }, { "a\\b", "U+005C" }, { "a#b", "U+0023" }, { "a?b", "U+003F" },
        { "a\tb", "U+0009" }, { "line\nbreak", "U+000A" }, { "\0", "U+0000" }, { "a\u007Fb", "U+007F" }, { "a\u009Fb", "U+009F" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenCharacters))]
    public async Task ForbiddenKeyCharacters_AreRefusedWithTheCharacterNamed_BeforeAnyRequest(string key, string codePoint)
    {
        // Nothing listens on this port: had a request been sent, the client would fail with a connection error instead.
        await using var nowhere = TestStorage.ServicesFor(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Convert.ToBase64String(new byte[64]) +
            ";TableEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1");
        var table = nowhere.GetRequiredService<TableServiceClient>().GetTableClient("nowhere");

        var read = await Assert.ThrowsAsync<InvalidTableKeyException>(() => table.GetEntityOrNullAsync("p", key));
        var made = Assert.Throws<InvalidTableKeyException>(() => TableKeys.Entity(key, "r"));

        Assert.Equal("RowKey", read.ParamName);
        Assert.Contains(codePoint, read.Message);
        Assert.Equal("PartitionKey", made.ParamName);
        Assert.Contains(codePoint, made.Message);
    }

    [Fact]
    public void AKeyLongerThanOneKiB_IsRefused_AndOneOfExactlyOneKiBIsNot()
    {
        Assert.Throws<InvalidTableKeyException>(() => TableKeys.Entity("p", new string('k', 513)));
        Assert.Equal(512, TableKeys.Entity("p", new string('k', 512)).RowKey.Length);
    }

    [Fact]
    public async Task AnInsertUnderFreshKeys_ThatMeetsItsOwnEarlierAttempt_IsTheSameWrite_AndOtherwiseConflictsStay409()
    {
        // The client retries an insert whose answer was lost; the retry meets the row the first attempt wrote.
        var table = await NewTableAsync();
        var first = await table.AddNewEntityAsync(TableKeys.Entity("p", "fresh").With("V", 1), default);

        var again = await table.AddNewEntityAsync(TableKeys.Entity("p", "fresh").With("V", 1), default);
        var plain = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(TableKeys.Entity("p", "fresh")));

        Assert.Equal(first, again);
        Assert.Equal(409, plain.Status);
        Assert.Equal(1, (await table.GetEntityOrNullAsync("p", "fresh"))!.GetInt32("V"));
    }

    [Fact]
    public void EveryEntityTheAppWrites_HasItsKeysChecked()
    {
        var error = Assert.Throws<InvalidTableKeyException>(() => new TableEntity("org-1", "a/b") { ["Name"] = "x" }.Checked());

        Assert.Equal("RowKey", error.ParamName);
        Assert.Equal("org-1", new TableEntity("org-1", "Blåbær 'x'").Checked().PartitionKey);
    }

    [Fact]
    public async Task MessagesTheAppSends_AreBase64OfUtf8OnTheWire_AsTheQueueTriggerExpects()
    {
        var storage = TestStorage.NewAppStorage();
        var name = TestStorage.UniqueName("wire");
        var queue = await storage.QueueAsync(name);
        try
        {
            const string text = """{"roundId":"før","note":"<&> «Blåbær»"}""";
            await queue.SendMessageAsync(text);

            var raw = (await new QueueClient(TestStorage.ConnectionString, name).PeekMessagesAsync()).Value.Single().Body.ToString();

            Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), raw);
        }
        finally
        {
            await queue.DeleteIfExistsAsync();
        }
    }
}

/// <summary>Test shorthand for building entities.</summary>
internal static class EntityBuilding
{
    public static TableEntity With(this TableEntity entity, string property, object value)
    {
        entity[property] = value;
        return entity;
    }
}
