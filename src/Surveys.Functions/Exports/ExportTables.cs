using System.Globalization;
using System.Text;

namespace Surveys.Functions.Exports;

/// <summary>One cell of an export table: text, a number, a yes/no value, or empty.</summary>
internal readonly record struct Cell(string? Text, double? Number, bool? Flag = null)
{
    public static readonly Cell Empty = new(null, null);

    public static Cell Of(string? text) => new(text, null);

    public static Cell Of(double? number) => new(null, number);

    public static Cell Of(int? number) => new(null, number);

    /// <summary>A yes/no value: JSON <c>true</c>/<c>false</c>, an XLSX boolean cell (TRUE/FALSE, SANN/USANN in Norwegian
    /// Excel), CSV <c>true</c>/<c>false</c>.</summary>
    public static Cell OfFlag(bool? flag) => new(null, null, flag);

    public bool IsEmpty => Text is null && Number is null && Flag is null;
}

/// <summary>A table of an export: an id (the JSON property, the XLSX sheet name), its columns and whether it is
/// the file's main table (the only one a CSV holds).</summary>
internal sealed record TableInfo(string Id, string SheetName, IReadOnlyList<string> Columns, bool Main);

/// <summary>
/// Where the tables of an export go, one row at a time: CSV, JSON or XLSX. Rows are never collected; each sink
/// writes (or flushes) as it goes.
/// </summary>
internal interface ITableSink : IAsyncDisposable
{
    /// <summary>Facts about the export as a whole (survey, language, rules applied); JSON writes them first, XLSX as a sheet.</summary>
    Task HeaderAsync(IReadOnlyList<KeyValuePair<string, string>> facts, CancellationToken ct);

    Task BeginTableAsync(TableInfo table, CancellationToken ct);

    Task RowAsync(IReadOnlyList<Cell> cells, CancellationToken ct);

    Task EndTableAsync(CancellationToken ct);

    /// <summary>Finishes the file (the XLSX package is copied to the output here).</summary>
    Task CompleteAsync(CancellationToken ct);
}

/// <summary>Spreadsheet safety and number text shared by the CSV and XLSX sinks.</summary>
internal static class SpreadsheetText
{
    /// <summary>
    /// Text a spreadsheet would run as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR first) gets a
    /// leading apostrophe, so «=HYPERLINK(…)» in a label or a free-text answer stays text (OWASP «CSV injection»).
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>
    /// A number with at most six decimals (a share of 1/9 is 0.111111, not 0.1111111111111111, and never in
    /// exponent notation a spreadsheet might misread), with a decimal comma when <paramref name="decimalComma"/>.
    /// Counts are always exact; six decimals keep a share exact to well under one respondent in 100,000.
    /// </summary>
    public static string Number(double value, bool decimalComma)
    {
        var text = Math.Round(value, 6, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);
        return decimalComma ? text.Replace('.', ',') : text;
    }

    /// <summary>Removes characters XML 1.0 cannot hold (control characters other than tab, LF and CR, lone surrogates).</summary>
    public static string XmlSafe(string text)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++) clean = IsXmlChar(text, i);
        if (clean) return text;
        var b = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                b.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (IsXmlChar(text, i)) b.Append(text[i]);
        }
        return b.ToString();
    }

    private static bool IsXmlChar(string text, int i)
    {
        var c = text[i];
        if (char.IsSurrogate(c))
        {
            return char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) : i > 0 && char.IsHighSurrogate(text[i - 1]);
        }
        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
    }
}
