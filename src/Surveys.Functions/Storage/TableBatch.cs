using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;

namespace Surveys.Functions.Storage;

/// <summary>
/// The $batch wire format (storage-and-email-rest.md §4.10): one changeset in a multipart/mixed body with CRLF
/// line breaks; the 202 response holds one inner HTTP response per operation, or a single error part.
/// </summary>
internal static class TableBatch
{
    public const int MaxActions = 100;
    public const int MaxBodyBytes = 4 * 1024 * 1024;
    private const string Crlf = "\r\n";

    public sealed record Request(byte[] Body, string ContentType);

    /// <summary>Validates the actions (nothing is sent if they break a batch rule) and builds the body.</summary>
    public static Request Build(Uri endpoint, string tableName, IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} actions, not {actions.Count}.", nameof(actions));
        }
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        var partitionKey = actions[0]?.Entity?.PartitionKey;
        for (var i = 0; i < actions.Count; i++)
        {
            var entity = actions[i]?.Entity ?? throw new ArgumentException($"Action {i} or its entity is null.", nameof(actions));
            TableNames.CheckKey(entity.PartitionKey, "PartitionKey");
            TableNames.CheckKey(entity.RowKey, "RowKey");
            if (entity.PartitionKey != partitionKey)
            {
                throw new ArgumentException(
                    $"Action {i} targets PartitionKey '{entity.PartitionKey}' but action 0 targets '{partitionKey}'; a transaction covers one partition.", nameof(actions));
            }
            if (!rowKeys.Add(entity.RowKey))
            {
                throw new ArgumentException($"Action {i} repeats RowKey '{entity.RowKey}'; a transaction may touch each entity once.", nameof(actions));
            }
        }

        var batchBoundary = "batch_" + Guid.NewGuid().ToString("D");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("D");
        var body = new StringBuilder()
            .Append("--").Append(batchBoundary).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append(Crlf)
            .Append(Crlf);
        var tableUrl = endpoint.AbsoluteUri.TrimEnd('/') + "/" + tableName;
        foreach (var action in actions)
        {
            AppendOperation(body, changesetBoundary, endpoint, tableUrl, tableName, action);
        }
        body.Append("--").Append(changesetBoundary).Append("--").Append(Crlf)
            .Append("--").Append(batchBoundary).Append("--").Append(Crlf);

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        if (bytes.Length > MaxBodyBytes)
        {
            throw new ArgumentException($"The transaction is {bytes.Length} bytes; the service accepts at most 4 MiB.", nameof(actions));
        }
        return new Request(bytes, "multipart/mixed; boundary=" + batchBoundary);
    }

    private static void AppendOperation(StringBuilder body, string boundary, Uri endpoint, string tableUrl, string tableName, TableTransactionAction action)
    {
        var entity = action.Entity;
        var entityUrl = endpoint.AbsoluteUri.TrimEnd('/') + "/" + TableNames.EntityPath(tableName, entity.PartitionKey, entity.RowKey);
        var (method, url, ifMatch, hasBody) = action.ActionType switch
        {
            TableTransactionActionType.Add => ("POST", tableUrl, null, true),
            TableTransactionActionType.UpdateMerge => ("MERGE", entityUrl, TableClient.IfMatchValue(action.ETag), true),
            TableTransactionActionType.UpdateReplace => ("PUT", entityUrl, TableClient.IfMatchValue(action.ETag), true),
            TableTransactionActionType.Delete => ("DELETE", entityUrl, TableClient.IfMatchValue(action.ETag), false),
            TableTransactionActionType.UpsertMerge => ("MERGE", entityUrl, (string?)null, true),
            TableTransactionActionType.UpsertReplace => ("PUT", entityUrl, null, true),
            _ => throw new ArgumentException($"Unknown action type {action.ActionType}.", nameof(action)),
        };

        body.Append("--").Append(boundary).Append(Crlf)
            .Append("Content-Type: application/http").Append(Crlf)
            .Append("Content-Transfer-Encoding: binary").Append(Crlf)
            .Append(Crlf)
            .Append(method).Append(' ').Append(url).Append(" HTTP/1.1").Append(Crlf)
            .Append("Accept: application/json;odata=minimalmetadata").Append(Crlf)
            .Append("DataServiceVersion: 3.0").Append(Crlf);
        if (action.ActionType == TableTransactionActionType.Add)
        {
            body.Append("Prefer: return-no-content").Append(Crlf);
        }
        if (ifMatch is not null)
        {
            body.Append("If-Match: ").Append(ifMatch).Append(Crlf);
        }
        if (hasBody)
        {
            // The serializer writes one ASCII line; Azurite finds the body by matching {...} on a single line.
            body.Append("Content-Type: application/json").Append(Crlf)
                .Append(Crlf)
                .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(entity))).Append(Crlf);
        }
        else
        {
            body.Append(Crlf);
        }
    }

    /// <summary>
    /// Reads the inner responses. The outer 202 says only that the batch was processed: a failed batch carries a single
    /// error part whose message starts with the failing action's index ("1:The specified entity already exists.").
    /// </summary>
    public static IReadOnlyList<Response> ParseResponse(Response response, string tableName, int actionCount)
    {
        var parts = ReadParts(response.Content.ToString());
        var failed = parts.FirstOrDefault(p => p.Status >= 400);
        if (failed is not null)
        {
            string? code = null, message = null;
            try
            {
                (code, message) = StorageErrors.FromJson(failed.Body);
            }
            catch (JsonException)
            {
                message = failed.Body;
            }
            int? index = null;
            var colon = message?.IndexOf(':') ?? -1;
            if (colon > 0 && int.TryParse(message![..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                index = parsed;
                message = message[(colon + 1)..];
            }
            var what = $"Table '{tableName}': transaction of {actionCount} actions{(index is null ? "" : $" (action {index})")}";
            throw new TableTransactionFailedException(failed.Status, StorageErrors.Describe(what, failed.Status, code, message), code, index);
        }
        if (parts.Count != actionCount)
        {
            throw new RequestFailedException(response.Status,
                $"Table '{tableName}': transaction of {actionCount} actions returned {parts.Count} responses; the outcome is unknown.",
                errorCode: null, innerException: null);
        }
        return parts.Select(p => (Response)new BatchItemResponse(p.Status, p.Reason, p.Headers, p.Body)).ToList();
    }

    private sealed record Part(int Status, string Reason, List<HttpHeader> Headers, string Body);

    /// <summary>Finds each "HTTP/1.1 status reason" line, the headers after it and the body up to the next boundary.</summary>
    private static List<Part> ReadParts(string multipart)
    {
        var lines = multipart.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var parts = new List<Part>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                continue;
            }
            var statusLine = lines[i]["HTTP/1.1 ".Length..];
            var status = int.Parse(statusLine[..3], CultureInfo.InvariantCulture);
            var headers = new List<HttpHeader>();
            for (i++; i < lines.Length && lines[i].Length > 0; i++)
            {
                var colon = lines[i].IndexOf(':');
                if (colon > 0)
                {
                    headers.Add(new HttpHeader(lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
                }
            }
            var body = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                body.Append(lines[i]).Append('\n');
            }
            i--;   // let the outer loop see the boundary line
            parts.Add(new Part(status, statusLine.Length > 4 ? statusLine[4..] : "", headers, body.ToString().Trim()));
        }
        return parts;
    }
}
