using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Surveys.Functions.Tests.Storage;

/// <summary>
/// A transport that never touches the network: it records each request's headers and URI as they reach the wire
/// and answers with whatever <see cref="Respond"/> returns (200, empty body, by default).
/// </summary>
internal sealed class RecordingTransport : HttpPipelineTransport
{
    public List<RecordedRequest> Requests { get; } = [];

    public Func<HttpMessage, int, FakeResponse> Respond { get; set; } = (_, _) => new FakeResponse(200);

    // The real transport's Request type is fine for building requests; it is never sent.
    public override Request CreateRequest() => new HttpClientTransport().CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        var headers = message.Request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        Requests.Add(new RecordedRequest(message.Request.Method.Method, message.Request.Uri.ToUri(), headers));
        message.Response = Respond(message, Requests.Count);
        return ValueTask.CompletedTask;
    }
}

internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers);

internal sealed class FakeResponse(int status, string body, params (string Name, string Value)[] headers) : Response
{
    public FakeResponse(int status)
        : this(status, "")
    {
    }

    public override int Status => status;

    public override string ReasonPhrase => "";

    public override Stream? ContentStream { get; set; } = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));

    public override string ClientRequestId { get; set; } = "";

    public override void Dispose()
    {
    }

    protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => headers.Select(h => new HttpHeader(h.Name, h.Value));

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
        return value is not null;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = TryGetHeader(name, out var value) ? [value] : null;
        return values is not null;
    }
}
