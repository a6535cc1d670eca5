using System.Globalization;

namespace Surveys.Functions.Storage;

/// <summary>
/// Builds OData $filter strings from interpolated strings, formatting each value as a literal
/// (like Azure.Data.Tables' TableClient.CreateQueryFilter), so values are never spliced in raw:
/// <c>TableFilter.Create($"PartitionKey eq {pk} and Qty ge {10L}")</c>.
/// </summary>
public static class TableFilter
{
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var literals = filter.GetArguments().Select(Literal).ToArray<object?>();
        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    /// <summary>One value as an OData literal (§4.6).</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "'" + s.Replace("'", "''") + "'",
        char c => "'" + (c == '\'' ? "''" : c.ToString()) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => DoubleLiteral(d),
        DateTimeOffset dto => $"datetime'{TableEntityJson.FormatDateTime(dto.UtcDateTime)}'",
        DateTime { Kind: DateTimeKind.Unspecified } => throw new ArgumentException(
            "A DateTime with Kind Unspecified is ambiguous in a filter; use DateTimeKind.Utc or a DateTimeOffset."),
        DateTime dt => $"datetime'{TableEntityJson.FormatDateTime(dt.ToUniversalTime())}'",
        Guid g => $"guid'{g:D}'",
        byte[] bytes => $"X'{Convert.ToHexStringLower(bytes)}'",
        BinaryData data => $"X'{Convert.ToHexStringLower(data.ToMemory().Span)}'",
        _ => throw new ArgumentException($"{value.GetType().Name} has no OData literal form; convert it to a table property type first."),
    };

    private static string DoubleLiteral(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentException($"{d} cannot be written as an OData literal.");
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        // "5" would be read as an Int32 literal; keep it a Double.
        return text.AsSpan().IndexOfAny('.', 'E', 'e') < 0 ? text + ".0" : text;
    }
}
