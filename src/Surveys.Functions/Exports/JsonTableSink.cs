using System.Text.Encodings.Web;
using System.Text.Json;

namespace Surveys.Functions.Exports;

/// <summary>
/// JSON, streamed with <see cref="Utf8JsonWriter"/>: <c>{"export": {facts}, "table id": [{column: value}, …], …}</c>.
/// Values stay raw (no apostrophes: JSON is not opened by a spreadsheet); empty cells are <c>null</c>.
/// The writer is flushed to the output every 32 KiB.
/// </summary>
internal sealed class JsonTableSink(Stream output) : ITableSink
{
    private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false });
    private IReadOnlyList<string> _columns = [];
    private bool _started;

    public async Task HeaderAsync(IReadOnlyList<KeyValuePair<string, string>> facts, CancellationToken ct)
    {
        Start();
        _json.WriteStartObject("export");
        foreach (var (key, value) in facts) _json.WriteString(key, value);
        _json.WriteEndObject();
        await _json.FlushAsync(ct);
    }

    public Task BeginTableAsync(TableInfo table, CancellationToken ct)
    {
        Start();
        _columns = table.Columns;
        _json.WriteStartArray(table.Id);
        return Task.CompletedTask;
    }

    public async Task RowAsync(IReadOnlyList<Cell> cells, CancellationToken ct)
    {
        _json.WriteStartObject();
        for (var i = 0; i < _columns.Count; i++)
        {
            var cell = i < cells.Count ? cells[i] : Cell.Empty;
            if (cell.Number is { } n) _json.WriteNumber(_columns[i], n);
            else if (cell.Text is { } t) _json.WriteString(_columns[i], t);
            else if (cell.Flag is { } f) _json.WriteBoolean(_columns[i], f);
            else _json.WriteNull(_columns[i]);
        }
        _json.WriteEndObject();
        if (_json.BytesPending > 32 * 1024) await _json.FlushAsync(ct);
    }

    public async Task EndTableAsync(CancellationToken ct)
    {
        _json.WriteEndArray();
        await _json.FlushAsync(ct);
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        Start();
        _json.WriteEndObject();
        await _json.FlushAsync(ct);
    }

    public ValueTask DisposeAsync() => _json.DisposeAsync();

    private void Start()
    {
        if (_started) return;
        _started = true;
        _json.WriteStartObject();
    }
}
