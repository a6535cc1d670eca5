using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Azure;

namespace Surveys.Functions.Storage;

/// <summary>
/// A table row: the system properties as typed members, the user properties as a case-sensitive dictionary.
/// Supported values: string, bool, int, long, double, DateTimeOffset, DateTime (Utc or Local; Unspecified is
/// rejected because it would be stored at the wrong instant), Guid, byte[] and BinaryData. Setting a property
/// to null removes it. Read back, Edm.DateTime becomes a UTC DateTimeOffset and Edm.Binary a byte[].
/// </summary>
/// <remarks>
/// The system names (PartitionKey, RowKey, Timestamp, odata.etag) are not part of the dictionary; using them as
/// keys throws instead of silently reading null or writing a property the service would reject.
/// </remarks>
public sealed class TableEntity : IDictionary<string, object?>
{
    private static readonly HashSet<string> SystemNames = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    public TableEntity()
    {
    }

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    /// <summary>As last read from the service; sent back verbatim in If-Match.</summary>
    public ETag ETag { get; set; }

    /// <summary>Server-maintained; ignored on writes.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Like Azure.Data.Tables: a missing property reads as null; setting null removes the property.</summary>
    public object? this[string key]
    {
        get => _properties.GetValueOrDefault(CheckName(key));
        set
        {
            if (value is null)
            {
                _properties.Remove(CheckName(key));
            }
            else
            {
                _properties[CheckName(key)] = CheckValue(key, value);
            }
        }
    }

    public string? GetString(string key) => (string?)GetObject<string>(key);

    public int? GetInt32(string key) => Get<int>(key);

    /// <summary>Also reads an Int32 (widening is lossless; an unannotated integer comes back as Int32).</summary>
    public long? GetInt64(string key) => this[key] is int i ? i : Get<long>(key);

    /// <summary>Also reads an Int32 (lossless).</summary>
    public double? GetDouble(string key) => this[key] is int i ? i : Get<double>(key);

    public bool? GetBoolean(string key) => Get<bool>(key);

    /// <summary>Also reads a DateTime set locally, as UTC.</summary>
    public DateTimeOffset? GetDateTimeOffset(string key) =>
        this[key] is DateTime d ? new DateTimeOffset(d.ToUniversalTime(), TimeSpan.Zero) : Get<DateTimeOffset>(key);

    public Guid? GetGuid(string key) => Get<Guid>(key);

    /// <summary>Also reads BinaryData.</summary>
    public byte[]? GetBinary(string key) => this[key] is BinaryData b ? b.ToArray() : (byte[]?)GetObject<byte[]>(key);

    private T? Get<T>(string key) where T : struct => (T?)GetObject<T>(key);

    private object? GetObject<T>(string key) => this[key] switch
    {
        null => null,
        T value => value,
        var other => throw new InvalidOperationException(
            $"Property '{key}' holds a {other.GetType().Name}, not a {typeof(T).Name}."),
    };

    public ICollection<string> Keys => _properties.Keys;

    public ICollection<object?> Values => _properties.Values.ToList<object?>();

    public int Count => _properties.Count;

    public bool IsReadOnly => false;

    /// <exception cref="ArgumentNullException">value is null: a null property is simply absent.</exception>
    public void Add(string key, object? value) =>
        _properties.Add(CheckName(key), CheckValue(key, value ?? throw new ArgumentNullException(nameof(value), $"Property '{key}': null is not storable; leave the property out instead.")));

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool Remove(string key) => _properties.Remove(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var found = _properties.TryGetValue(key, out var v);
        value = v;
        return found;
    }

    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    public void Clear() => _properties.Clear();

    public bool Contains(KeyValuePair<string, object?> item) =>
        _properties.TryGetValue(item.Key, out var v) && Equals(v, item.Value);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public bool Remove(KeyValuePair<string, object?> item) => Contains(item) && _properties.Remove(item.Key);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        _properties.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Stores a value read from the service, bypassing the checks meant for callers.</summary>
    internal void SetRaw(string key, object value) => _properties[key] = value;

    private static string CheckName(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (SystemNames.Contains(key))
        {
            throw new ArgumentException($"'{key}' is a system property; use the entity's {key.Replace("odata.etag", "ETag")} member.", nameof(key));
        }
        return key;
    }

    private static object CheckValue(string key, object value) => value switch
    {
        string or bool or int or long or double or DateTimeOffset or Guid or byte[] or BinaryData => value,
        DateTime { Kind: DateTimeKind.Unspecified } => throw new ArgumentException(
            $"Property '{key}': DateTime with Kind Unspecified is ambiguous; use DateTimeKind.Utc or a DateTimeOffset.", nameof(value)),
        DateTime => value,
        _ => throw new ArgumentException(
            $"Property '{key}': {value.GetType().Name} is not a table property type " +
            "(string, bool, int, long, double, DateTimeOffset, DateTime, Guid, byte[], BinaryData).", nameof(value)),
    };
}
