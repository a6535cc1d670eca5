using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Surveys.Functions.Storage;

/// <summary>
/// A storage account's Table and Queue endpoints plus how to authorize against them: Shared Key from a
/// connection string (Azurite, simple deployments) or a <see cref="TokenCredential"/> (managed identity).
/// One pipeline per service is built lazily and shared by every client handed out.
/// </summary>
public sealed partial class StorageAccount
{
    internal const string DevelopmentAccountName = "devstoreaccount1";
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    internal const string StorageScope = "https://storage.azure.com/.default";

    private readonly Lazy<HttpPipeline> _tablePipeline;
    private readonly Lazy<HttpPipeline> _queuePipeline;

    private StorageAccount(string accountName, Uri tableEndpoint, Uri queueEndpoint,
        Func<HttpPipelinePolicy> tableAuth, Func<HttpPipelinePolicy> queueAuth, StorageClientOptions? options)
    {
        AccountName = accountName;
        TableEndpoint = tableEndpoint;
        QueueEndpoint = queueEndpoint;
        options ??= new StorageClientOptions();
        _tablePipeline = new(() => BuildPipeline(options, tableAuth()));
        _queuePipeline = new(() => BuildPipeline(options, queueAuth()));
    }

    public string AccountName { get; }

    /// <summary>The Table service root, without a trailing slash (path-style for Azurite: http://127.0.0.1:10002/devstoreaccount1).</summary>
    public Uri TableEndpoint { get; }

    /// <summary>The Queue service root, without a trailing slash.</summary>
    public Uri QueueEndpoint { get; }

    public TableServiceClient GetTableServiceClient() => new(_tablePipeline.Value, TableEndpoint);

    public QueueServiceClient GetQueueServiceClient() => new(_queuePipeline.Value, QueueEndpoint);

    /// <summary>
    /// Parses "UseDevelopmentStorage=true" or
    /// "DefaultEndpointsProtocol=..;AccountName=..;AccountKey=..;[EndpointSuffix=..];[TableEndpoint=..];[QueueEndpoint=..];[BlobEndpoint=..]".
    /// </summary>
    /// <exception cref="FormatException">The string is malformed or lacks a setting; the message never repeats the key.</exception>
    public static StorageAccount Parse(string connectionString, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var settings = ConnectionStringSettings(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!development.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"Storage connection string: UseDevelopmentStorage must be 'true', not '{development}'.");
            }
            if (settings.Count > 1)
            {
                throw new FormatException(
                    "Storage connection string: UseDevelopmentStorage=true cannot be combined with other settings; " +
                    "for an emulator on other ports give the full form with AccountName, AccountKey, TableEndpoint and QueueEndpoint.");
            }
            return WithSharedKey(DevelopmentAccountName, DevelopmentAccountKey,
                new Uri("http://127.0.0.1:10002/" + DevelopmentAccountName),
                new Uri("http://127.0.0.1:10001/" + DevelopmentAccountName), options);
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("Storage connection string: SharedAccessSignature is not supported; use an account key or a managed identity.");
        }
        var accountName = Required(settings, "AccountName");
        var accountKey = Required(settings, "AccountKey");
        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
        if (protocol is not ("http" or "https"))
        {
            throw new FormatException($"Storage connection string: DefaultEndpointsProtocol must be http or https, not '{protocol}'.");
        }
        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net").Trim('.');

        var table = Endpoint(settings, "TableEndpoint", $"{protocol}://{accountName}.table.{suffix}");
        var queue = Endpoint(settings, "QueueEndpoint", $"{protocol}://{accountName}.queue.{suffix}");
        return WithSharedKey(accountName, accountKey, table, queue, options);
    }

    /// <summary>Azure endpoints https://{account}.table/queue.core.windows.net with Bearer tokens for https://storage.azure.com/.default.</summary>
    public static StorageAccount FromCredential(string accountName, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(accountName);
        if (!AccountNamePattern().IsMatch(accountName))
        {
            throw new ArgumentException($"'{accountName}' is not a storage account name (3-24 lowercase letters and digits).", nameof(accountName));
        }
        return FromCredential(
            new Uri($"https://{accountName}.table.core.windows.net"),
            new Uri($"https://{accountName}.queue.core.windows.net"),
            credential, options);
    }

    /// <summary>Explicit endpoints (sovereign clouds, private endpoints) with Bearer tokens. Both must be https: bearer tokens never travel in clear text.</summary>
    public static StorageAccount FromCredential(Uri tableEndpoint, Uri queueEndpoint, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        foreach (var (endpoint, name) in new[] { (tableEndpoint, nameof(tableEndpoint)), (queueEndpoint, nameof(queueEndpoint)) })
        {
            if (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps)
            {
                throw new ArgumentException($"'{endpoint}' must be an absolute https URI: bearer tokens are only sent over TLS.", name);
            }
        }
        var table = Normalize(tableEndpoint);
        return new StorageAccount(AccountNameOf(table), table, Normalize(queueEndpoint),
            () => new BearerTokenAuthenticationPolicy(credential, StorageScope),
            () => new BearerTokenAuthenticationPolicy(credential, StorageScope),
            options);
    }

    private static StorageAccount WithSharedKey(string accountName, string accountKey, Uri table, Uri queue, StorageClientOptions? options)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            throw new FormatException($"Storage connection string: the AccountKey of '{accountName}' is not valid base64.");
        }
        return new StorageAccount(accountName, Normalize(table), Normalize(queue),
            () => new TableSharedKeyPolicy(accountName, key),
            () => new QueueSharedKeyPolicy(accountName, key),
            options);
    }

    /// <summary>The auth policy runs per retry, so every attempt is signed (or carries a token) afresh.</summary>
    private static HttpPipeline BuildPipeline(StorageClientOptions options, HttpPipelinePolicy auth) =>
        HttpPipelineBuilder.Build(options, perCallPolicies: [], perRetryPolicies: [auth], new ResponseClassifier());

    private static Dictionary<string, string> ConnectionStringSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=');   // values (keys, endpoints with queries) may contain '=' themselves
            if (equals <= 0)
            {
                throw new FormatException($"Storage connection string: expected 'Name=value' segments separated by ';', found a segment without a name or '='.");
            }
            var name = segment[..equals].Trim();
            if (!settings.TryAdd(name, segment[(equals + 1)..].Trim()))
            {
                throw new FormatException($"Storage connection string: '{name}' appears more than once.");
            }
        }
        if (settings.Count == 0)
        {
            throw new FormatException("Storage connection string is empty; expected 'UseDevelopmentStorage=true' or 'AccountName=..;AccountKey=..'.");
        }
        return settings;
    }

    private static string Required(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"Storage connection string: '{name}' is missing.");

    private static Uri Endpoint(Dictionary<string, string> settings, string name, string fallback)
    {
        var text = settings.GetValueOrDefault(name, fallback);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"Storage connection string: {name} '{text}' is not an absolute http(s) URI.");
        }
        return uri;
    }

    /// <summary>Drops query, fragment and trailing slash so request paths can be appended as "/" + path.</summary>
    private static Uri Normalize(Uri endpoint) =>
        new(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'));

    /// <summary>Path-style endpoints (IP address or localhost, as Azurite uses) carry the account in the first path segment; otherwise it is the first host label.</summary>
    private static string AccountNameOf(Uri endpoint) =>
        endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || endpoint.IsLoopback
            ? endpoint.AbsolutePath.Trim('/').Split('/')[0]
            : endpoint.Host.Split('.')[0];

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountNamePattern();
}
