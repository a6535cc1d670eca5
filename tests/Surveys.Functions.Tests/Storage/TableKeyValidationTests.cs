using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>Forbidden key characters fail before any request is built (the transport must see nothing).</summary>
public class TableKeyValidationTests
{
    public static TheoryData<string, string> ForbiddenCharacters => new()
    {
        { "a/b", "U+002F" }, { "a\\b", "U+005C" }, { "a#b", "U+0023" }, { "a?b", "U+003F" },
        { "a\tb", "U+0009" }, { "line\nbreak", "U+000A" }, { "\0", "U+0000" }, { "a\u007Fb", "U+007F" }, { "a\u0085b", "U+0085" }, { "a\u009Fb", "U+009F" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenCharacters))]
    public async Task ForbiddenCharacterInPartitionKey_IsRejectedBeforeTheRequest(string key, string codePoint)
    {
        var (table, transport) = Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity(key, "r")));

        Assert.Equal("PartitionKey", error.ParamName);
        Assert.Contains("PartitionKey", error.Message);
        Assert.Contains(codePoint, error.Message);
        Assert.Empty(transport.Requests);
    }

    [Theory]
    [MemberData(nameof(ForbiddenCharacters))]
    public async Task ForbiddenCharacterInRowKey_IsRejectedByEveryOperation(string key, string codePoint)
    {
        var (table, transport) = Create();
        var entity = new TableEntity("p", key);

        foreach (var operation in new Func<Task>[]
                 {
                     () => table.AddEntityAsync(entity),
                     () => table.UpsertEntityAsync(entity),
                     () => table.UpdateEntityAsync(entity, Azure.ETag.All),
                     () => table.DeleteEntityAsync("p", key),
                     () => table.GetEntityAsync("p", key),
                     () => table.GetEntityIfExistsAsync("p", key),
                     () => table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, entity)]),
                 })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(operation);
            Assert.Contains("RowKey", error.Message);
            Assert.Contains(codePoint, error.Message);
        }
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task KeyLongerThanOneKiB_IsRejectedBeforeTheRequest()
    {
        var (table, transport) = Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", new string('k', 513))));

        Assert.Contains("RowKey", error.Message);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public void InvalidTableName_IsRejected()
    {
        var (table, _) = Create();
        var service = StorageAccount.Parse("UseDevelopmentStorage=true").GetTableServiceClient();

        Assert.Equal("orders", table.Name);
        Assert.Throws<ArgumentException>(() => service.GetTableClient("1orders"));
        Assert.Throws<ArgumentException>(() => service.GetTableClient("or-ders"));
        Assert.Throws<ArgumentException>(() => service.GetTableClient("ab"));
    }

    [Fact]
    public async Task UpdateWithoutAnETag_IsRefusedRatherThanTreatedAsUnconditional()
    {
        var (table, transport) = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), default));

        Assert.Empty(transport.Requests);
    }

    private static (TableClient, RecordingTransport) Create()
    {
        var transport = new RecordingTransport();
        var account = StorageAccount.Parse("UseDevelopmentStorage=true", new StorageClientOptions { Transport = transport });
        return (account.GetTableServiceClient().GetTableClient("orders"), transport);
    }
}
