using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace Surveys.Functions.Storage;

/// <summary>
/// Entity bodies in the Table service's JSON (storage-and-email-rest.md §4.9): types JSON cannot carry
/// (Int64, DateTime, Guid, Binary, integral Double) go with an "@odata.type" annotation, and come back
/// annotated because reads ask for odata=minimalmetadata.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static byte[] Serialize(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Compact and ASCII-only (the default encoder escapes the rest): a $batch part must keep its JSON on one line.
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity)
            {
                WriteProperty(writer, name, value!);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                // JSON numbers lose precision past 2^53, so Int64 travels as a string.
                writer.WriteString(name + TypeSuffix, "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                // Always annotated: an integral 5.0 would otherwise be stored as Int32.
                writer.WriteString(name + TypeSuffix, "Edm.Double");
                if (double.IsFinite(d))
                {
                    writer.WriteNumber(name, d);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }
                break;
            case DateTimeOffset dto:
                WriteDateTime(writer, name, dto.UtcDateTime);
                break;
            case DateTime dt:
                WriteDateTime(writer, name, dt.ToUniversalTime());
                break;
            case Guid g:
                writer.WriteString(name + TypeSuffix, "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            case BinaryData data:
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                writer.WriteBase64String(name, data.ToMemory().Span);
                break;
            default:
                throw new InvalidOperationException($"Property '{name}': unsupported type {value.GetType().Name}.");
        }
    }

    private static void WriteDateTime(Utf8JsonWriter writer, string name, DateTime utc)
    {
        writer.WriteString(name + TypeSuffix, "Edm.DateTime");
        writer.WriteString(name, FormatDateTime(utc));
    }

    public static string FormatDateTime(DateTime utc) => utc.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads one entity object; the ETag comes from "odata.etag" unless the caller has the response header.</summary>
    public static TableEntity Deserialize(JsonElement json)
    {
        // Annotations may precede or follow their value, so collect them first.
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
            {
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
            }
        }

        var entity = new TableEntity();
        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            var isMetadata = name.Contains('@') || (name.StartsWith("odata.", StringComparison.Ordinal) && name != "odata.etag");
            if (isMetadata || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            switch (name)
            {
                case "odata.etag":
                    entity.ETag = new ETag(property.Value.GetString()!);
                    break;
                case "PartitionKey":
                    entity.PartitionKey = property.Value.GetString()!;
                    break;
                case "RowKey":
                    entity.RowKey = property.Value.GetString()!;
                    break;
                case "Timestamp":
                    entity.Timestamp = ParseDateTime(property.Value.GetString()!);
                    break;
                default:
                    entity.SetRaw(name, ReadValue(property.Value, types.GetValueOrDefault(name)));
                    break;
            }
        }
        return entity;
    }

    private static object ReadValue(JsonElement value, string? edmType) => edmType switch
    {
        "Edm.Int64" => value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64(),
        "Edm.Int32" => value.ValueKind == JsonValueKind.String ? int.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt32(),
        "Edm.Double" => ReadDouble(value),
        "Edm.DateTime" => ParseDateTime(value.GetString()!),
        "Edm.Guid" => Guid.Parse(value.GetString()!),
        "Edm.Binary" => value.GetBytesFromBase64(),
        "Edm.Boolean" => value.GetBoolean(),
        "Edm.String" => value.GetString()!,
        null => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Unannotated integers are Int32; anything with a fraction or exponent ("5.0", "1e-7") is a Double.
            JsonValueKind.Number => value.TryGetInt32(out var i) ? (object)i : value.GetDouble(),   // (object): keep Int32 boxed as int, not widened
            _ => throw new FormatException($"Unexpected JSON {value.ValueKind} in an entity."),
        },
        _ => throw new FormatException($"Unsupported property type '{edmType}'."),
    };

    private static double ReadDouble(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        }
        : value.GetDouble();

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
