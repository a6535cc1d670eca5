using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Surveys.Functions.Exports;

/// <summary>
/// XLSX, written SAX-style with the Open XML SDK's <see cref="OpenXmlWriter"/> (inline strings, no shared-string
/// table), one sheet per table, so memory stays flat however many rows there are.
/// </summary>
/// <remarks>
/// The SDK's own package (<c>SpreadsheetDocument.Create</c>) needs read access to the package, which puts
/// System.IO.Packaging's zip in update mode, and that keeps every part in memory until the package closes (a
/// 100,000-row sheet would be held whole). So the package is a plain <see cref="ZipArchive"/> in create mode
/// (each entry streamed once), the sheet and workbook parts are written by <see cref="OpenXmlWriter"/>, and the
/// three small package files ([Content_Types].xml and the two relationship parts) are written here. The zip goes
/// to a temporary file (zip writing is synchronous; an HTTP response body takes only asynchronous writes), which
/// is copied to the output and deleted. Text a spreadsheet would run as a formula is neutralised as in CSV.
/// </remarks>
internal sealed class XlsxTableSink : ITableSink
{
    private const string RelationshipNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string WorksheetType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
    private const string DocumentType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

    private readonly Stream _output;
    private readonly FileStream _file;
    private readonly ZipArchive _zip;
    private readonly List<string> _sheets = [];
    private Stream? _entry;
    private OpenXmlWriter? _sheet;
    private bool _completed;

    public XlsxTableSink(Stream output)
    {
        _output = output;
        _file = new FileStream(Path.Combine(Path.GetTempPath(), $"surveys-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            _zip = new ZipArchive(_file, ZipArchiveMode.Create, leaveOpen: true);
        }
        catch
        {
            _file.Dispose(); // DeleteOnClose: no temporary file is left behind
            throw;
        }
    }

    public async Task HeaderAsync(IReadOnlyList<KeyValuePair<string, string>> facts, CancellationToken ct)
    {
        // The facts sheet's name in the export's one language (the other sheets take theirs from the service).
        var english = facts.Any(f => f.Key == "language" && f.Value == "en");
        await BeginTableAsync(new TableInfo("export", english ? "About" : "Om", ["key", "value"], Main: false), ct);
        foreach (var (key, value) in facts) await RowAsync([Cell.Of(key), Cell.Of(value)], ct);
        await EndTableAsync(ct);
    }

    public Task BeginTableAsync(TableInfo table, CancellationToken ct)
    {
        _sheets.Add(table.SheetName);
        _entry = _zip.CreateEntry($"xl/worksheets/sheet{_sheets.Count}.xml", CompressionLevel.Fastest).Open();
        _sheet = OpenXmlWriter.Create(_entry, Encoding.UTF8);
        _sheet.WriteStartDocument();
        _sheet.WriteStartElement(new Worksheet());
        _sheet.WriteStartElement(new SheetData());
        return RowAsync(table.Columns.Select(Cell.Of).ToArray(), ct);
    }

    public Task RowAsync(IReadOnlyList<Cell> cells, CancellationToken ct)
    {
        var sheet = _sheet ?? throw new InvalidOperationException("No sheet is open.");
        sheet.WriteStartElement(new Row());
        foreach (var cell in cells)
        {
            if (cell.Number is { } n)
            {
                sheet.WriteElement(new DocumentFormat.OpenXml.Spreadsheet.Cell { CellValue = new CellValue(SpreadsheetText.Number(n, decimalComma: false)) });
            }
            else if (cell.Text is { Length: > 0 } t)
            {
                sheet.WriteElement(new DocumentFormat.OpenXml.Spreadsheet.Cell
                {
                    DataType = CellValues.InlineString,
                    InlineString = new InlineString(new Text(SpreadsheetText.XmlSafe(SpreadsheetText.Neutralise(t))) { Space = SpaceProcessingModeValues.Preserve }),
                });
            }
            else if (cell.Flag is { } f)
            {
                sheet.WriteElement(new DocumentFormat.OpenXml.Spreadsheet.Cell { DataType = CellValues.Boolean, CellValue = new CellValue(f ? "1" : "0") });
            }
            else
            {
                sheet.WriteElement(new DocumentFormat.OpenXml.Spreadsheet.Cell());
            }
        }
        sheet.WriteEndElement();
        return Task.CompletedTask;
    }

    public Task EndTableAsync(CancellationToken ct)
    {
        if (_sheet is { } sheet)
        {
            sheet.WriteEndElement(); // SheetData
            sheet.WriteEndElement(); // Worksheet
            sheet.Close();
            sheet.Dispose();
        }
        _entry?.Dispose();
        _sheet = null;
        _entry = null;
        return Task.CompletedTask;
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        using (var entry = _zip.CreateEntry("xl/workbook.xml", CompressionLevel.Fastest).Open())
        using (var writer = OpenXmlWriter.Create(entry, Encoding.UTF8))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(new Workbook());
            writer.WriteStartElement(new Sheets());
            for (var i = 0; i < _sheets.Count; i++)
            {
                writer.WriteElement(new Sheet { Name = SheetName(_sheets[i]), SheetId = (uint)(i + 1), Id = $"rId{i + 1}" });
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.Close();
        }
        Write("xl/_rels/workbook.xml.rels", $"<Relationships xmlns=\"{RelationshipNs}\">"
            + string.Concat(_sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"{WorksheetType}\" Target=\"worksheets/sheet{i + 1}.xml\"/>"))
            + "</Relationships>");
        Write("_rels/.rels", $"<Relationships xmlns=\"{RelationshipNs}\"><Relationship Id=\"rId1\" Type=\"{DocumentType}\" Target=\"xl/workbook.xml\"/></Relationships>");
        Write("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + string.Concat(_sheets.Select((_, i) => $"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))
            + "</Types>");
        _zip.Dispose();
        _completed = true;
        _file.Position = 0;
        await _file.CopyToAsync(_output, 64 * 1024, ct);
    }

    public async ValueTask DisposeAsync()
    {
        _sheet?.Dispose();
        _entry?.Dispose();
        if (!_completed) _zip.Dispose();
        await _file.DisposeAsync(); // FileOptions.DeleteOnClose removes it
    }

    private void Write(string name, string xml)
    {
        using var entry = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + xml);
        entry.Write(bytes);
    }

    /// <summary>Excel's sheet-name rules: at most 31 characters, none of <c>[]:*?/\</c>.</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' ? ' ' : c).ToArray()).Trim();
        return clean.Length == 0 ? "Ark" : clean.Length > 31 ? clean[..31] : clean;
    }
}
