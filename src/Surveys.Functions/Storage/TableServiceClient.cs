using Azure.Core.Pipeline;

namespace Surveys.Functions.Storage;

/// <summary>The Table service of one account. Cheap to create; shares the account's pipeline.</summary>
public class TableServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    internal TableServiceClient(HttpPipeline pipeline, Uri endpoint)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
    }

    /// <summary>For test doubles.</summary>
    protected TableServiceClient()
    {
        _pipeline = null!;
        _endpoint = null!;
    }

    /// <exception cref="ArgumentException">The name is not 3-63 letters and digits starting with a letter.</exception>
    public virtual TableClient GetTableClient(string tableName) => new(_pipeline, _endpoint, tableName);

    public virtual Task CreateTableIfNotExistsAsync(string tableName, CancellationToken ct = default) =>
        GetTableClient(tableName).CreateIfNotExistsAsync(ct);

    /// <summary>Deletes the table; a table that does not exist is not an error.</summary>
    public virtual Task DeleteTableAsync(string tableName, CancellationToken ct = default) =>
        GetTableClient(tableName).DeleteAsync(ct);
}
