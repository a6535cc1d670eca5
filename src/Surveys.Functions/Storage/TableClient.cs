using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Surveys.Functions.Storage;

/// <summary>
/// One table, over the Table service REST API (storage-and-email-rest.md §4), shaped like Azure.Data.Tables' TableClient.
/// Keys are validated before any request. Writes return the new ETag; pass it back for optimistic concurrency.
/// </summary>
public class TableClient
{
    internal const string ServiceVersion = "2019-02-02";
    private static readonly RequestMethod Merge = new("MERGE");

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    internal TableClient(HttpPipeline pipeline, Uri endpoint, string tableName)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = TableNames.CheckTableName(tableName);
    }

    /// <summary>For test doubles.</summary>
    protected TableClient()
    {
        _pipeline = null!;
        _endpoint = null!;
        Name = "";
    }

    public string Name { get; }

    /// <summary>Creates the table; one that already exists is fine.</summary>
    public virtual async Task CreateIfNotExistsAsync(CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Post, "Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonContent(message, JsonSerializer.SerializeToUtf8Bytes(new { TableName = Name }));
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is 201 or 204 || IsError(response, 409, "TableAlreadyExists"))
        {
            return;
        }
        throw Failure(response, "create table");
    }

    /// <summary>Deletes the table; one that does not exist is fine.</summary>
    public virtual async Task DeleteAsync(CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, $"Tables('{Name}')");
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is 204 or 404)
        {
            return;
        }
        throw Failure(response, "delete table");
    }

    /// <summary>Inserts a new entity.</summary>
    /// <exception cref="RequestFailedException">409 EntityAlreadyExists when the keys are taken.</exception>
    public virtual async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken ct = default)
    {
        CheckKeys(entity);
        using var message = CreateMessage(RequestMethod.Post, Name);
        message.Request.Headers.SetValue("Prefer", "return-no-content");   // 204 + ETag instead of echoing the entity
        SetJsonContent(message, TableEntityJson.Serialize(entity));
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        return response.Status is 201 or 204 ? ETagOf(response) : throw Failure(response, "insert", entity);
    }

    /// <summary>Inserts or, when the entity exists, merges into or replaces it. Never conditional.</summary>
    public virtual Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken ct = default) =>
        WriteEntityAsync(entity, ifMatch: null, mode, "upsert", ct);

    /// <summary>
    /// Updates an existing entity if its ETag still matches; <see cref="ETag.All"/> updates unconditionally.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">Another writer changed the entity: reload and retry.</exception>
    /// <exception cref="RequestFailedException">404 when the entity does not exist.</exception>
    public virtual Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken ct = default)
    {
        // A default ETag usually means "forgot to read it": refusing beats silently overwriting someone else's change.
        if (ifMatch == default)
        {
            throw new ArgumentException("Pass the ETag read with the entity, or ETag.All to update unconditionally.", nameof(ifMatch));
        }
        return WriteEntityAsync(entity, ifMatch.ToString(), mode, "update", ct);
    }

    /// <summary>Deletes an entity. A missing entity is not an error. The default ETag deletes unconditionally.</summary>
    /// <exception cref="ConcurrencyConflictException">The entity changed since <paramref name="ifMatch"/> was read.</exception>
    public virtual async Task DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, TableNames.EntityPath(Name, partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", IfMatchValue(ifMatch));   // required by the service
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status == 204 || IsError(response, 404, "ResourceNotFound"))
        {
            return;
        }
        throw Failure(response, "delete", partitionKey, rowKey);
    }

    /// <exception cref="RequestFailedException">404 when the entity does not exist.</exception>
    public virtual async Task<TableEntity> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken ct = default) =>
        (await GetEntityCoreAsync(partitionKey, rowKey, select, throwIfMissing: true, ct).ConfigureAwait(false))!;   // throws rather than return null

    /// <summary>The entity, or null when it does not exist. A missing table is still an error.</summary>
    public virtual Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken ct = default) =>
        GetEntityCoreAsync(partitionKey, rowKey, select, throwIfMissing: false, ct);

    /// <summary>
    /// Every entity matching <paramref name="filter"/> (build it with <see cref="TableFilter.Create"/>), following
    /// continuations until the service gives none; empty pages do not end the query.
    /// </summary>
    public virtual async IAsyncEnumerable<TableEntity> QueryAsync(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var selected = select?.ToList();
        TableContinuation? continuation = null;
        do
        {
            var page = await QueryPageAsync(filter, maxPerPage, selected, continuation, ct).ConfigureAwait(false);
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }
            // A continuation that does not move would loop forever; fail loudly instead.
            if (page.Continuation is not null && page.Continuation == continuation)
            {
                throw new InvalidOperationException($"Table '{Name}': the query returned the same continuation twice ({continuation}).");
            }
            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    /// <summary>One page: at most <paramref name="maxPerPage"/> (1-1000) entities, possibly none, plus where the next page starts.</summary>
    public virtual async Task<TablePage> QueryPageAsync(string? filter, int? maxPerPage, IEnumerable<string>? select, TableContinuation? continuation,
        CancellationToken ct = default)
    {
        if (maxPerPage is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "A page holds 1 to 1000 entities.");
        }
        using var message = CreateMessage(RequestMethod.Get, Name + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter);
        }
        AppendSelect(uri, select);
        if (maxPerPage is not null)
        {
            uri.AppendQuery("$top", maxPerPage.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (continuation is not null)
        {
            uri.AppendQuery("NextPartitionKey", continuation.NextPartitionKey);
            if (continuation.NextRowKey is not null)
            {
                uri.AppendQuery("NextRowKey", continuation.NextRowKey);
            }
        }

        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw Failure(response, "query");
        }
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var entities = json.RootElement.GetProperty("value").EnumerateArray().Select(TableEntityJson.Deserialize).ToList();
        var next = response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPartitionKey)
            ? new TableContinuation(nextPartitionKey, response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRowKey) ? nextRowKey : null)
            : null;
        return new TablePage(entities, next);
    }

    /// <summary>
    /// Applies up to 100 actions on one partition all-or-nothing. Returns one response per action, in order.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, more than 100 actions, mixed partitions, an entity twice, or a bad key; nothing is sent.</exception>
    /// <exception cref="TableTransactionFailedException">The service rejected the batch; nothing was applied.</exception>
    public virtual async Task<IReadOnlyList<Response>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions.ToList();
        var batch = TableBatch.Build(_endpoint, Name, list);
        using var message = CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Content = RequestContent.Create(batch.Body);
        message.Request.Headers.SetValue("Content-Type", batch.ContentType);
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 202)
        {
            throw Failure(response, $"transaction of {list.Count} actions");
        }
        return TableBatch.ParseResponse(response, Name, list.Count);
    }

    private async Task<ETag> WriteEntityAsync(TableEntity entity, string? ifMatch, TableUpdateMode mode, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var method = mode == TableUpdateMode.Replace ? RequestMethod.Put : Merge;
        using var message = CreateMessage(method, TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey));
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue("If-Match", ifMatch);   // without If-Match, PUT and MERGE are upserts
        }
        SetJsonContent(message, TableEntityJson.Serialize(entity));
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        return response.Status == 204 ? ETagOf(response) : throw Failure(response, what, entity);
    }

    private async Task<TableEntity?> GetEntityCoreAsync(string partitionKey, string rowKey, IEnumerable<string>? select, bool throwIfMissing, CancellationToken ct)
    {
        using var message = CreateMessage(RequestMethod.Get, TableNames.EntityPath(Name, partitionKey, rowKey));
        AppendSelect(message.Request.Uri, select);
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status == 200)
        {
            using var json = JsonDocument.Parse(response.Content.ToMemory());
            var entity = TableEntityJson.Deserialize(json.RootElement);
            if (response.Headers.TryGetValue("ETag", out var etag))
            {
                entity.ETag = new ETag(etag);
            }
            return entity;
        }
        if (!throwIfMissing && IsError(response, 404, "ResourceNotFound"))
        {
            return null;
        }
        throw Failure(response, "get", partitionKey, rowKey);
    }

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_endpoint);
        request.Uri.AppendPath("/" + path, escape: false);   // keys are escaped by TableNames.EntityPath
        request.Headers.SetValue("x-ms-version", ServiceVersion);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        // minimalmetadata: each entity carries odata.etag and the type annotations for Int64, DateTime, Guid, Binary.
        request.Headers.SetValue("Accept", "application/json;odata=minimalmetadata");
        return message;
    }

    private static void SetJsonContent(HttpMessage message, byte[] body)
    {
        message.Request.Content = RequestContent.Create(body);
        message.Request.Headers.SetValue("Content-Type", "application/json");
    }

    private static void AppendSelect(RequestUriBuilder uri, IEnumerable<string>? select)
    {
        var names = select?.ToList();
        if (names is { Count: > 0 })
        {
            uri.AppendQuery("$select", string.Join(",", names));
        }
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken ct)
    {
        await _pipeline.SendAsync(message, ct).ConfigureAwait(false);
        return message.Response;
    }

    private static void CheckKeys(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableNames.CheckKey(entity.PartitionKey, "PartitionKey");
        TableNames.CheckKey(entity.RowKey, "RowKey");
    }

    internal static string IfMatchValue(ETag etag) => etag == default ? "*" : etag.ToString();

    private static ETag ETagOf(Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) ? new ETag(etag) : default;

    private static bool IsError(Response response, int status, string code) =>
        response.Status == status && StorageErrors.Read(response).Code == code;

    private Exception Failure(Response response, string operation, TableEntity entity) =>
        Failure(response, operation, entity.PartitionKey, entity.RowKey);

    private Exception Failure(Response response, string operation, string? partitionKey = null, string? rowKey = null)
    {
        var (code, detail) = StorageErrors.Read(response);
        var what = partitionKey is null
            ? $"Table '{Name}': {operation}"
            : $"Table '{Name}': {operation} of (PartitionKey='{partitionKey}', RowKey='{rowKey}')";
        var message = StorageErrors.Describe(what, response.Status, code, detail);
        return response.Status == 412
            ? new ConcurrencyConflictException(
                message + " Another writer changed or deleted the entity since its ETag was read: reload it, re-apply the change and retry.",
                code)
            : new RequestFailedException(response.Status, message, code, innerException: null);
    }
}
