using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Surveys.Functions.Exports;

/// <summary>
/// XLSX with the Open XML SDK, written SAX-style (<see cref="OpenXmlWriter"/>, inline strings, no shared-string
/// table) so memory stays flat however many rows there are: one sheet per table, then the workbook.
/// The package is written in create mode (<see cref="FileAccess.Write"/>: each part streamed once, nothing
/// buffered) to a temporary file, because System.IO.Packaging writes synchronously and an HTTP response body
/// takes only asynchronous writes; the file is then copied to the output and deleted.
/// Text that a spreadsheet would run as a formula is neutralised as in CSV.
/// </summary>
internal sealed class XlsxTableSink : ITableSink
{
    private readonly Stream _output;
    private readonly FileStream _file;
    private readonly Package _package;
    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbook;
    private readonly List<(string Name, string RelationshipId)> _sheets = [];
    private OpenXmlWriter? _sheet;
    private bool _completed;

    public XlsxTableSink(Stream output)
    {
        _output = output;
        _file = new FileStream(Path.Combine(Path.GetTempPath(), $"surveys-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        _package = Package.Open(new NonClosingStream(_file), FileMode.Create, FileAccess.Write);
        _document = SpreadsheetDocument.Create(_package, SpreadsheetDocumentType.Workbook, autoSave: true);
        _workbook = _document.AddWorkbookPart();
    }

    public async Task HeaderAsync(IReadOnlyList<KeyValuePair<string, string>> facts, CancellationToken ct)
    {
        await BeginTableAsync(new TableInfo("export", "Om", ["key", "value"], Main: false), ct);
        foreach (var (key, value) in facts) await RowAsync([Cell.Of(key), Cell.Of(value)], ct);
        await EndTableAsync(ct);
    }

    public Task BeginTableAsync(TableInfo table, CancellationToken ct)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        _sheets.Add((table.SheetName, _workbook.GetIdOfPart(part)));
        _sheet = OpenXmlWriter.Create(part);
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
        _sheet = null;
        return Task.CompletedTask;
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        using (var writer = OpenXmlWriter.Create(_workbook))
        {
            writer.WriteStartElement(new Workbook());
            writer.WriteStartElement(new Sheets());
            uint id = 1;
            foreach (var (name, relationshipId) in _sheets)
            {
                writer.WriteElement(new Sheet { Name = name, SheetId = id++, Id = relationshipId });
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.Close();
        }
        _document.Dispose();
        _package.Close();
        _completed = true;
        _file.Position = 0;
        await _file.CopyToAsync(_output, 64 * 1024, ct);
    }

    public async ValueTask DisposeAsync()
    {
        _sheet?.Dispose();
        if (!_completed)
        {
            try { _document.Dispose(); }
            catch (IOException) { /* failed half-way: the temporary file goes anyway */ }
            catch (InvalidOperationException) { /* same */ }
        }
        await _file.DisposeAsync(); // DeleteOnClose
    }

    /// <summary>Keeps the package from closing the temporary file, which is read back afterwards.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        private long _written;
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            _written += count;
        }
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _written += buffer.Length;
        }
    }
}
