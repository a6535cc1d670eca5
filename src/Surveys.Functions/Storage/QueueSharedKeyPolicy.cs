using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Surveys.Functions.Storage;

/// <summary>
/// Signs Queue requests with Shared Key (storage-and-email-rest.md §2.1). Added at
/// <see cref="HttpPipelinePosition.PerRetry"/>, after Azure.Core has added its own x-ms-* headers
/// (client request id), so every x-ms-* header actually sent is canonicalized.
/// </summary>
internal sealed class QueueSharedKeyPolicy(string accountName, byte[] accountKey) : HttpPipelineSynchronousPolicy
{
    // The standard headers in string-to-sign order. Content-Encoding and Content-Language are never sent
    // (Azurite swaps their order), so both lines are always empty.
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", SharedKeySignature.Now());
        long? contentLength = request.Content is not null && request.Content.TryComputeLength(out var length) ? length : null;
        var stringToSign = StringToSign(accountName, request.Method.Method, request.Uri.ToUri(), request.Headers, contentLength);
        request.Headers.SetValue("Authorization", $"SharedKey {accountName}:{Sign(accountKey, stringToSign)}");
    }

    public static string Sign(byte[] accountKey, string stringToSign) => SharedKeySignature.Sign(accountKey, stringToSign);

    public static string StringToSign(string accountName, string method, Uri uri, IEnumerable<HttpHeader> headers, long? contentLength)
    {
        var all = headers.ToList();
        var builder = new StringBuilder(method.ToUpperInvariant()).Append('\n');
        foreach (var name in StandardHeaders)
        {
            var value = name == "Content-Length"
                ? (contentLength is > 0 ? contentLength.Value.ToString(CultureInfo.InvariantCulture) : "") // empty when 0 (2015-02-21+)
                : all.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value ?? "";
            builder.Append(value).Append('\n');
        }

        foreach (var header in all
                     .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        builder.Append(SharedKeySignature.CanonicalizedResourcePath(accountName, uri));
        foreach (var parameter in SharedKeySignature.QueryParameters(uri)
                     .GroupBy(p => p.Name)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            builder.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(",", parameter.Select(p => p.Value)));
        }
        return builder.ToString();
    }
}
