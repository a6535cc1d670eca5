using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Surveys.Functions.Storage;

/// <summary>
/// Key rules checked before any request, so a bad key fails with the key and character named instead of a
/// bare 400 from the service (which the app would otherwise have to tell apart from an outage), or a URL
/// that addresses a different entity. The official client sends whatever it is given.
/// </summary>
public static class TableKeys
{
    /// <summary>1 KiB of UTF-16, the unit the service measures strings in (Azurite: 512 characters).</summary>
    public const int MaxLength = 512;

    /// <summary>Forbidden: / \ # ? and the control characters U+0000-U+001F and U+007F-U+009F; at most 1 KiB.</summary>
    /// <exception cref="ArgumentException">The key is not allowed; the message names the key and the character.</exception>
    public static string Check(string? value, string keyName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(keyName, $"{keyName} must not be null.");
        }
        if (value.Length > MaxLength)
        {
            throw new InvalidTableKeyException(
                $"{keyName} is {value.Length} characters long; the limit is 1 KiB of UTF-16 ({MaxLength} characters).", keyName);
        }
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F')
            {
                var shown = char.IsControl(c) ? "control character" : $"'{c}'";
                throw new InvalidTableKeyException(
                    $"{keyName} '{Printable(value)}' contains the forbidden {shown} (U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}); " +
                    "keys may not contain / \\ # ? or control characters.", keyName);
            }
        }
        return value;
    }

    /// <summary>True when <see cref="Check"/> would accept the key.</summary>
    public static bool IsValid(string? value) =>
        value is { Length: <= MaxLength } && !value.Any(c => c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F');

    /// <summary>A new entity whose keys have been checked.</summary>
    public static TableEntity Entity(string partitionKey, string rowKey) =>
        new(Check(partitionKey, "PartitionKey"), Check(rowKey, "RowKey"));

    /// <summary>The entity itself, once its keys have been checked: every entity the app writes passes through this.</summary>
    public static TableEntity Checked(this TableEntity entity)
    {
        Check(entity.PartitionKey, "PartitionKey");
        Check(entity.RowKey, "RowKey");
        return entity;
    }

    /// <summary>
    /// Inserts an entity under keys nobody else can have chosen (a fresh random id, or the hash of a fresh secret) and
    /// returns its ETag. A 409 then means the client's own retry met the first attempt, which storage applied but whose
    /// answer was lost (a network timeout): the stored entity is ours.
    /// </summary>
    public static async Task<ETag> AddNewEntityAsync(this TableClient table, TableEntity entity, CancellationToken ct)
    {
        try
        {
            return (await table.AddEntityAsync(entity.Checked(), ct).ConfigureAwait(false)).NewETag();
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var stored = await table.GetEntityOrNullAsync(entity.PartitionKey, entity.RowKey, ct: ct).ConfigureAwait(false);
            if (stored is null) throw;
            return stored.ETag;
        }
    }

    /// <summary>
    /// The entity, or null when it does not exist (or its table does not). Both keys are checked
    /// first: a forbidden character throws <see cref="ArgumentException"/> and no request is sent.
    /// </summary>
    public static async Task<TableEntity?> GetEntityOrNullAsync(this TableClient table, string partitionKey, string rowKey,
        IEnumerable<string>? select = null, CancellationToken ct = default)
    {
        Check(partitionKey, "PartitionKey");
        Check(rowKey, "RowKey");
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select, ct).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static string Printable(string value) =>
        new(value.Take(60).Select(c => char.IsControl(c) ? '\uFFFD' : c).ToArray());
}

/// <summary>A key that storage cannot hold: no entity can have it, so a lookup by it finds nothing (404).</summary>
public sealed class InvalidTableKeyException(string message, string keyName) : ArgumentException(message, keyName);

/// <summary>Small adapters between the official client's responses and the app's stores.</summary>
public static class TableResponses
{
    /// <summary>The entity's new ETag after a write (the service sends it with every successful insert or update).</summary>
    public static ETag NewETag(this Response response) =>
        response.Headers.ETag ?? throw new InvalidOperationException($"Storage answered {response.Status} to a write without an ETag.");
}
