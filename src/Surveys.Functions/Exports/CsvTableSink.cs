using System.Text;

namespace Surveys.Functions.Exports;

/// <summary>
/// CSV (RFC 4180): UTF-8 with a byte-order mark (so Excel reads æøå), CRLF line ends, fields quoted when they hold
/// the separator, a quote, CR or LF. Only the main table is written: one rectangular table that Excel, R and SPSS
/// read as is (the codebook and free text are in the XLSX and JSON files). With <c>;</c> numbers get a decimal
/// comma (Norwegian Excel), with <c>,</c> a decimal point.
/// </summary>
internal sealed class CsvTableSink(Stream output, char separator) : ITableSink
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 32 * 1024, leaveOpen: true) { NewLine = "\r\n" };
    private readonly StringBuilder _line = new();
    private bool _started;
    private bool _inMain;

    public Task HeaderAsync(IReadOnlyList<KeyValuePair<string, string>> facts, CancellationToken ct) => Task.CompletedTask;

    public async Task BeginTableAsync(TableInfo table, CancellationToken ct)
    {
        _inMain = table.Main;
        if (!_inMain) return;
        await StartAsync(ct);
        await LineAsync(table.Columns.Select(Cell.Of).ToArray(), ct);
    }

    public Task RowAsync(IReadOnlyList<Cell> cells, CancellationToken ct) => _inMain ? LineAsync(cells, ct) : Task.CompletedTask;

    public Task EndTableAsync(CancellationToken ct)
    {
        _inMain = false;
        return Task.CompletedTask;
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await StartAsync(ct);
        await _writer.FlushAsync(ct);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task StartAsync(CancellationToken ct)
    {
        if (_started) return;
        _started = true;
        await output.WriteAsync(Bom, ct);
    }

    private async Task LineAsync(IReadOnlyList<Cell> cells, CancellationToken ct)
    {
        _line.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) _line.Append(separator);
            var cell = cells[i];
            if (cell.Number is { } n) _line.Append(SpreadsheetText.Number(n, decimalComma: separator == ';'));
            else if (cell.Text is { } t) Field(SpreadsheetText.Neutralise(t));
            else if (cell.Flag is { } f) _line.Append(f ? "true" : "false");
        }
        _line.Append("\r\n");
        await _writer.WriteAsync(_line, ct); // StreamWriter passes its 32 KiB buffer on when it fills
    }

    private void Field(string text)
    {
        if (text.AsSpan().IndexOfAny([separator, '"', '\r', '\n']) < 0)
        {
            _line.Append(text);
            return;
        }
        _line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
