using Azure;

namespace Surveys.Functions.Storage;

public enum TableTransactionActionType
{
    Add,
    UpdateMerge,
    UpdateReplace,
    Delete,
    UpsertMerge,
    UpsertReplace,
}

/// <summary>
/// One operation of an entity group transaction. <paramref name="ETag"/> applies to UpdateMerge, UpdateReplace and
/// Delete; the default means unconditional ("*").
/// </summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
