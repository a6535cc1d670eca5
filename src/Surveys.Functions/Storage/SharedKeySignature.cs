using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Surveys.Functions.Storage;

/// <summary>The HMAC step every Shared Key scheme shares (storage-and-email-rest.md §2).</summary>
internal static class SharedKeySignature
{
    /// <summary>Base64(HMAC-SHA256(accountKey, UTF8(stringToSign))).</summary>
    public static string Sign(byte[] accountKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>The x-ms-date value: RFC 1123, taken fresh for every attempt so retries are not rejected as stale.</summary>
    public static string Now() => DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>"/" + account + the escaped path exactly as sent; path-style (Azurite) URLs therefore name the account twice.</summary>
    public static string CanonicalizedResourcePath(string accountName, Uri uri) => "/" + accountName + uri.AbsolutePath;

    /// <summary>Decoded query parameters with their names lowercased, in the order they appear.</summary>
    public static IEnumerable<(string Name, string Value)> QueryParameters(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            yield break;
        }
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            yield return (Uri.UnescapeDataString(name).ToLowerInvariant(), Uri.UnescapeDataString(value));
        }
    }
}
