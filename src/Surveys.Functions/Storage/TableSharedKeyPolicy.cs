using Azure.Core;
using Azure.Core.Pipeline;

namespace Surveys.Functions.Storage;

/// <summary>
/// Signs Table requests with Shared Key Lite, the scheme Azure.Data.Tables uses (storage-and-email-rest.md §2.3).
/// Added at <see cref="HttpPipelinePosition.PerRetry"/>, so every attempt gets a fresh x-ms-date and signature.
/// </summary>
internal sealed class TableSharedKeyPolicy(string accountName, byte[] accountKey) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var date = SharedKeySignature.Now();
        message.Request.Headers.SetValue("x-ms-date", date);
        var signature = Sign(accountKey, SharedKeyLiteStringToSign(accountName, date, message.Request.Uri.ToUri()));
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {accountName}:{signature}");
    }

    /// <summary>Shared Key Lite for Table: date + "\n" + canonicalized resource.</summary>
    public static string SharedKeyLiteStringToSign(string accountName, string date, Uri uri) =>
        date + "\n" + CanonicalizedResource(accountName, uri);

    /// <summary>
    /// Shared Key (full) for Table (§2.2). Not used by the policy; kept tested so switching scheme is a one-line change
    /// if a deployment ever refuses Shared Key Lite.
    /// </summary>
    public static string SharedKeyStringToSign(string accountName, string method, string contentMd5, string contentType, string date, Uri uri) =>
        string.Join("\n", method, contentMd5, contentType, date, CanonicalizedResource(accountName, uri));

    public static string Sign(byte[] accountKey, string stringToSign) => SharedKeySignature.Sign(accountKey, stringToSign);

    /// <summary>The Table schemes include only the comp query parameter in the resource.</summary>
    private static string CanonicalizedResource(string accountName, Uri uri)
    {
        var resource = SharedKeySignature.CanonicalizedResourcePath(accountName, uri);
        foreach (var (name, value) in SharedKeySignature.QueryParameters(uri))
        {
            if (name == "comp")
            {
                return resource + "?comp=" + value;
            }
        }
        return resource;
    }
}
