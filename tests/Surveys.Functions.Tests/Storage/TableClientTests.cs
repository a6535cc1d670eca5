using Azure;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>Single-entity operations against Azurite. Each test uses its own table.</summary>
public class TableClientTests
{
    private static async Task<TableClient> NewTableAsync()
    {
        var table = TestStorage.Account.GetTableServiceClient().GetTableClient(TestStorage.UniqueName("entities"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static TableEntity TypedEntity(string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["Big"] = 9007199254740993L,                                                    // 2^53 + 1: not representable as a JSON double
        ["When"] = new DateTimeOffset(2024, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234567),
        ["Id"] = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
        ["Whole"] = 5.0,
        ["Fraction"] = 0.1,
        ["Done"] = true,
        ["Bytes"] = new byte[] { 0, 1, 2, 254, 255 },
        ["Count"] = 42,
        ["Text"] = "æøå <&>\"'",
        ["Data"] = BinaryData.FromBytes([9, 8, 7]),
        ["Local"] = new DateTime(2024, 1, 1, 12, 0, 0, DateTimeKind.Utc),
    };

    private static void AssertTypedProperties(TableEntity entity)
    {
        Assert.Equal(9007199254740993L, Assert.IsType<long>(entity["Big"]));
        var when = Assert.IsType<DateTimeOffset>(entity["When"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567), when);
        Assert.Equal(TimeSpan.Zero, when.Offset);
        Assert.Equal(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Assert.IsType<Guid>(entity["Id"]));
        Assert.Equal(5.0, Assert.IsType<double>(entity["Whole"]));
        Assert.Equal(0.1, Assert.IsType<double>(entity["Fraction"]));
        Assert.True(Assert.IsType<bool>(entity["Done"]));
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, Assert.IsType<byte[]>(entity["Bytes"]));
        Assert.Equal(42, Assert.IsType<int>(entity["Count"]));
        Assert.Equal("æøå <&>\"'", Assert.IsType<string>(entity["Text"]));
        Assert.Equal(new byte[] { 9, 8, 7 }, entity.GetBinary("Data"));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero), entity.GetDateTimeOffset("Local"));
        Assert.NotNull(entity.Timestamp);
        Assert.NotEqual(default, entity.ETag);
    }

    [Fact]
    public async Task TypedProperties_RoundTripThroughAddAndGet()
    {
        var table = await NewTableAsync();

        var etag = await table.AddEntityAsync(TypedEntity("p", "r"));
        var read = await table.GetEntityAsync("p", "r");

        AssertTypedProperties(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(("p", "r"), (read.PartitionKey, read.RowKey));
    }

    [Fact]
    public async Task TypedProperties_RoundTripThroughQuery()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(TypedEntity("p", "r"));

        var found = await table.QueryAsync(TableFilter.Create($"Big eq {9007199254740993L} and Id eq {Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301")}")).ToListAsync();

        AssertTypedProperties(Assert.Single(found));
    }

    [Fact]
    public async Task Query_ByTypedLiterals_DistinguishesNeighbouringValues()
    {
        var table = await NewTableAsync();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await table.AddEntityAsync(new TableEntity("p", $"r{i}") { ["Big"] = 9007199254740992L + i, ["When"] = start.AddMilliseconds(i), ["Ratio"] = i + 0.5 });
        }

        var bigs = await table.QueryAsync(TableFilter.Create($"Big gt {9007199254740993L}")).Select(e => e.RowKey).ToListAsync();
        var times = await table.QueryAsync(TableFilter.Create($"When ge {start.AddMilliseconds(3)}")).Select(e => e.RowKey).ToListAsync();
        var ratios = await table.QueryAsync(TableFilter.Create($"Ratio lt {2.0}")).Select(e => e.RowKey).ToListAsync();

        Assert.Equal(["r2", "r3", "r4"], bigs);
        Assert.Equal(["r3", "r4"], times);
        Assert.Equal(["r0", "r1"], ratios);
    }

    [Fact]
    public async Task KeysAndValuesWithQuotesAndNonAsciiLetters_RoundTripAndAreFoundByFilter()
    {
        var table = await NewTableAsync();
        const string partitionKey = "Ås'gård";
        const string rowKey = "O'Brien på Å 50% & more=1+1 ''";
        await table.AddEntityAsync(new TableEntity(partitionKey, rowKey) { ["Name"] = "O'Brien på Å" });
        await table.AddEntityAsync(new TableEntity(partitionKey, "other") { ["Name"] = "OBrien pa A" });

        var read = await table.GetEntityAsync(partitionKey, rowKey);
        var byName = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {partitionKey} and Name eq {"O'Brien på Å"}")).ToListAsync();
        var byKeys = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {partitionKey} and RowKey eq {rowKey}")).ToListAsync();

        Assert.Equal((partitionKey, rowKey, "O'Brien på Å"), (read.PartitionKey, read.RowKey, read.GetString("Name")));
        Assert.Equal(rowKey, Assert.Single(byName).RowKey);
        Assert.Equal(rowKey, Assert.Single(byKeys).RowKey);

        await table.DeleteEntityAsync(partitionKey, rowKey, read.ETag);
        Assert.Null(await table.GetEntityIfExistsAsync(partitionKey, rowKey));
        Assert.NotNull(await table.GetEntityIfExistsAsync(partitionKey, "other"));
    }

    [Fact]
    public async Task KeyOfExactlyOneKiB_IsAccepted()
    {
        var table = await NewTableAsync();
        var longKey = new string('k', 512);

        await table.AddEntityAsync(new TableEntity("p", longKey));

        Assert.Equal(longKey, (await table.GetEntityAsync("p", longKey)).RowKey);
    }

    [Fact]
    public async Task ForbiddenKeyCharacter_CreatesNothing()
    {
        var table = await NewTableAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("a/b", "r")));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpsertEntityAsync(new TableEntity("p", "a#b")));

        Assert.Empty(await table.QueryAsync().ToListAsync());
    }

    [Fact]
    public async Task Add_ExistingEntity_Throws409EntityAlreadyExists()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Contains("(PartitionKey='p', RowKey='r')", error.Message);
    }

    [Fact]
    public async Task Get_MissingEntity_Throws404ButIfExistsReturnsNull()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("p", "missing"));

        Assert.Equal(404, error.Status);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "missing"));
    }

    [Fact]
    public async Task GetIfExists_OnMissingTable_StillThrows()
    {
        var table = TestStorage.Account.GetTableServiceClient().GetTableClient(TestStorage.UniqueName("missing"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityIfExistsAsync("p", "r"));

        Assert.Equal(404, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task Get_WithSelect_ReturnsOnlyTheSelectedProperties()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = 1, ["B"] = 2, ["C"] = 3 });

        var read = await table.GetEntityAsync("p", "r", select: ["A", "C"]);

        Assert.Equal(["A", "C"], read.Keys.Order());
    }

    [Fact]
    public async Task UpsertMerge_KeepsPropertiesTheEntityDoesNotMention()
    {
        var table = await NewTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = 1, ["B"] = 2 });   // inserts

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = 20, ["C"] = 30 }, TableUpdateMode.Merge);

        var read = await table.GetEntityAsync("p", "r");
        Assert.Equal((1, 20, 30), (read.GetInt32("A"), read.GetInt32("B"), read.GetInt32("C")));
    }

    [Fact]
    public async Task UpsertReplace_DropsPropertiesTheEntityDoesNotMention()
    {
        var table = await NewTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = 1, ["B"] = 2 }, TableUpdateMode.Replace);

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = 20 }, TableUpdateMode.Replace);

        var read = await table.GetEntityAsync("p", "r");
        Assert.Equal(["B"], read.Keys);
        Assert.Equal(20, read.GetInt32("B"));
    }

    [Fact]
    public async Task Update_WithTheReturnedETag_SucceedsAndChainsVerbatim()
    {
        var table = await NewTableAsync();
        var etag = await table.AddEntityAsync(new TableEntity("p", "r") { ["N"] = 1 });

        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["N"] = 2 }, etag, TableUpdateMode.Replace);
        var third = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["M"] = 3 }, second);

        var read = await table.GetEntityAsync("p", "r");
        Assert.Equal((2, 3), (read.GetInt32("N"), read.GetInt32("M")));
        Assert.Equal(third, read.ETag);
        Assert.NotEqual(etag, second);
    }

    [Fact]
    public async Task Update_TwoWritersWithTheSameETag_SecondGetsConcurrencyConflict412()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Votes"] = 0 });
        var writerA = await table.GetEntityAsync("p", "r");
        var writerB = await table.GetEntityAsync("p", "r");

        writerA["Votes"] = 1;
        await table.UpdateEntityAsync(writerA, writerA.ETag);
        writerB["Votes"] = 1;
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => table.UpdateEntityAsync(writerB, writerB.ETag));

        Assert.Equal(412, conflict.Status);
        Assert.Equal("UpdateConditionNotSatisfied", conflict.ErrorCode);
        Assert.Contains("reload", conflict.Message);
        Assert.Equal(1, (await table.GetEntityAsync("p", "r")).GetInt32("Votes"));
    }

    [Fact]
    public async Task Update_MissingEntity_Throws404()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), ETag.All));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task Delete_WithStaleETag_Throws412AndKeepsTheEntity()
    {
        var table = await NewTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("p", "r") { ["N"] = 1 });
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["N"] = 2 });

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => table.DeleteEntityAsync("p", "r", stale));

        Assert.Equal(412, conflict.Status);
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task Delete_WithoutETagOrOnMissingEntity_Succeeds()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        await table.DeleteEntityAsync("p", "r");
        await table.DeleteEntityAsync("p", "r");   // already gone: not an error

        Assert.Null(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task CreateIfNotExists_AndDeleteTable_AreIdempotent()
    {
        var service = TestStorage.Account.GetTableServiceClient();
        var name = TestStorage.UniqueName("lifecycle");

        await service.CreateTableIfNotExistsAsync(name);
        await service.CreateTableIfNotExistsAsync(name);
        await service.GetTableClient(name).AddEntityAsync(new TableEntity("p", "r"));
        await service.DeleteTableAsync(name);
        await service.DeleteTableAsync(name);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => service.GetTableClient(name).AddEntityAsync(new TableEntity("p", "r")));
        Assert.Equal(404, error.Status);
    }
}
