using System.Security.Cryptography;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests;

/// <summary>The Azurite that ./scripts/test.sh starts for this run, and names that keep parallel tests apart.</summary>
public static class TestStorage
{
    private const string Variable = "SURVEYS_TEST_STORAGE";
    private static readonly Lazy<StorageAccount> LazyAccount = new(() => StorageAccount.Parse(ConnectionString));

    /// <summary>The connection string from SURVEYS_TEST_STORAGE.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with ./scripts/test.sh, which starts an in-memory Azurite on free ports and sets it.");

    public static StorageAccount Account => LazyAccount.Value;

    /// <summary>prefix (letters only) + 10 random lowercase letters and digits: valid as a table name and as a queue name.</summary>
    public static string UniqueName(string prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Length > 53 || !prefix.All(char.IsAsciiLetter))
        {
            throw new ArgumentException("The prefix must be 1-53 ASCII letters.", nameof(prefix));
        }
        return prefix.ToLowerInvariant() + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 10);
    }
}
