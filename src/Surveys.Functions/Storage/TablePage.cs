namespace Surveys.Functions.Storage;

/// <summary>One page of a query. A page may be empty and still have a continuation: keep going until it is null.</summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Entities, TableContinuation? Continuation);

/// <summary>Where the next page starts: the x-ms-continuation-NextPartitionKey/NextRowKey headers, passed back verbatim.</summary>
public sealed record TableContinuation(string NextPartitionKey, string? NextRowKey);

/// <summary>Merge keeps properties the entity does not mention; Replace drops them.</summary>
public enum TableUpdateMode
{
    Merge,
    Replace,
}
