using System.Security.Cryptography;
using System.Text;

namespace Surveys.Functions.Access;

/// <summary>
/// Bearer secrets (kiosk tokens, sign-in links, sessions): 256 random bits, URL-safe, shown once;
/// only their SHA-256 is stored, so a leaked table holds nothing usable.
/// </summary>
public static class Secrets
{
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form of a secret: lowercase hex SHA-256 (valid as a table key).</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Secrets are URL-safe base64 of a sane length; anything else is refused before storage is asked.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: >= 16 and <= 128 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Compares two secrets in constant time (by their hashes).</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
