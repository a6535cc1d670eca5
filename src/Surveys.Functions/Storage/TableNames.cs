using System.Globalization;
using System.Text.RegularExpressions;

namespace Surveys.Functions.Storage;

/// <summary>
/// Table and key rules checked before any request, so a bad key fails with the key and character named
/// instead of a bare 400 (or, worse, a URL that addresses a different entity).
/// </summary>
internal static partial class TableNames
{
    /// <summary>1 KiB of UTF-16, the unit the service measures strings in (Azurite: 512 characters).</summary>
    public const int MaxKeyLength = 512;

    public static string CheckTableName(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (!TableNamePattern().IsMatch(tableName))
        {
            throw new ArgumentException(
                $"'{tableName}' is not a valid table name: 3-63 letters and digits, starting with a letter.", nameof(tableName));
        }
        return tableName;
    }

    /// <summary>Forbidden: / \ # ? and the control characters U+0000-U+001F and U+007F-U+009F; at most 1 KiB.</summary>
    public static void CheckKey(string? value, string keyName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(keyName, $"{keyName} must not be null.");
        }
        if (value.Length > MaxKeyLength)
        {
            throw new ArgumentException(
                $"{keyName} is {value.Length} characters long; the limit is 1 KiB of UTF-16 ({MaxKeyLength} characters).", keyName);
        }
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F')
            {
                var shown = char.IsControl(c) ? "control character" : $"'{c}'";
                throw new ArgumentException(
                    $"{keyName} '{Printable(value)}' contains the forbidden {shown} (U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}); " +
                    "keys may not contain / \\ # ? or control characters.", keyName);
            }
        }
    }

    /// <summary>Orders(PartitionKey='..',RowKey='..') with ' doubled and each value percent-encoded (§4.7).</summary>
    public static string EntityPath(string tableName, string partitionKey, string rowKey)
    {
        CheckKey(partitionKey, "PartitionKey");
        CheckKey(rowKey, "RowKey");
        return $"{tableName}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";
    }

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''"));

    private static string Printable(string value) =>
        new(value.Take(60).Select(c => char.IsControl(c) ? '�' : c).ToArray());

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
