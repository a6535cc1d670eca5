using System.Text;

namespace Surveys.Functions.Paper;

/// <summary>One record of a CSV file: its row number as a spreadsheet shows it (the header is row 1, and
/// a quoted value with line breaks stays in one row) and the line of the file it starts on.</summary>
public sealed record CsvRecord(int Row, int Line, IReadOnlyList<string> Fields)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>A file that cannot be read as CSV at all (a quote never closed).</summary>
public sealed class CsvFormatException(int row, int line, string message) : Exception(message)
{
    public int Row { get; } = row;
    public int Line { get; } = line;
}

/// <summary>
/// A small RFC 4180 reader for what spreadsheets save: comma or semicolon separated (Norwegian Excel
/// uses semicolons; the header line decides), values in double quotes may hold separators, line breaks
/// and doubled quotes (<c>""</c>), lines end in CRLF, LF or CR. It is lenient where Excel and hand-edited
/// files differ from the RFC (a stray quote inside an unquoted value is kept as a character) and strict
/// only where leniency would silently swallow data: a quote that is never closed.
/// </summary>
public static class Csv
{
    /// <summary>The separator of the file, read from its first line outside quotes: the more frequent of
    /// <c>;</c> and <c>,</c> (semicolon on a tie, since a comma may be a Norwegian decimal comma).
    /// A one-column header has neither; then it is a comma.</summary>
    public static char DetectDelimiter(string text)
    {
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '\r' or '\n') break;
            else if (!quoted && c == ';') semicolons++;
            else if (!quoted && c == ',') commas++;
        }
        return semicolons == 0 && commas == 0 ? ',' : semicolons >= commas ? ';' : ',';
    }

    /// <summary>Every record, including blank ones (they keep the row numbers as in the file). A final
    /// line break does not start another record.</summary>
    /// <exception cref="CsvFormatException">A quoted value is never closed.</exception>
    public static List<CsvRecord> Parse(string text, char delimiter)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var atFieldStart = true;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            atFieldStart = true;
        }

        void EndRecord()
        {
            EndField();
            records.Add(new CsvRecord(records.Count + 1, recordLine, fields.ToArray()));
            fields.Clear();
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                // A quoted value: up to the closing quote; "" is one quote; anything may be inside.
                var startRow = records.Count + 1;
                var startLine = line;
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    var q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    if (q is '\r' or '\n')
                    {
                        // A line break inside a value is kept as \n, whatever the file used.
                        line++;
                        field.Append('\n');
                        i += q == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                        continue;
                    }
                    field.Append(q);
                    i++;
                }
                if (!closed)
                    throw new CsvFormatException(startRow, startLine, $"A quoted value starting on line {startLine} is never closed.");
                atFieldStart = false;
                continue;
            }

            if (c == delimiter)
            {
                EndField();
                i++;
            }
            else if (c is '\r' or '\n')
            {
                EndRecord();
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
                atFieldStart = false;
                i++;
            }
        }

        if (fields.Count > 0 || field.Length > 0 || !atFieldStart) EndRecord();
        return records;
    }

    /// <summary>Quotes a value when it needs it (for writing templates and tests).</summary>
    public static string Quote(string value, char delimiter) =>
        value.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
