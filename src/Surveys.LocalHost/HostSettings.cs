using System.Text.Json;
using System.Text.RegularExpressions;

namespace Surveys.LocalHost;

/// <summary>The queue trigger's settings from host.json <c>extensions.queues</c>, with the host's defaults.</summary>
public sealed record QueueSettings(
    int BatchSize, int NewBatchThreshold, int MaxDequeueCount,
    TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval, bool Base64)
{
    public static QueueSettings From(JsonElement? queues)
    {
        string? Get(string name) =>
            queues is { ValueKind: JsonValueKind.Object } q && q.TryGetProperty(name, out var v) ? v.ToString() : null;
        var batchSize = Math.Clamp(int.TryParse(Get("batchSize"), out var b) ? b : 16, 1, 32);
        return new QueueSettings(
            batchSize,
            int.TryParse(Get("newBatchThreshold"), out var t) ? t : batchSize / 2,
            int.TryParse(Get("maxDequeueCount"), out var m) ? m : 5,
            TimeSpan.TryParse(Get("visibilityTimeout"), out var vt) ? vt : TimeSpan.Zero,
            TimeSpan.TryParse(Get("maxPollingInterval"), out var p) ? p : TimeSpan.FromMinutes(1),
            !string.Equals(Get("messageEncoding"), "none", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// What the host reads: the app directory, its host.json, and settings from the host's configuration
/// (environment, command line) and the app's local.settings.json <c>Values</c>, as Core Tools does.
/// </summary>
public sealed partial class HostSettings
{
    private readonly IConfiguration _configuration;
    private readonly IReadOnlyDictionary<string, string> _localValues;
    private readonly IReadOnlyDictionary<string, string> _values;

    /// <param name="values">Settings given in code (tests): seen by the host and set in the worker's environment.</param>
    public HostSettings(IConfiguration configuration, IReadOnlyDictionary<string, string>? values = null)
    {
        _configuration = configuration;
        _values = values ?? new Dictionary<string, string>();
        AppDirectory = Path.GetFullPath((configuration["LocalHost:AppDirectory"] is { } given ? FromRepository(given) : null) ?? FindDefaultAppDirectory()
            ?? throw new InvalidOperationException(
                "No isolated-worker build (a worker.config.json) under src/Surveys.Functions/bin: build it, or pass --app <dir> (LocalHost:AppDirectory)."));
        if (!File.Exists(Path.Combine(AppDirectory, "worker.config.json")))
            throw new InvalidOperationException($"{AppDirectory} has no worker.config.json: is it an isolated worker's build output?");

        _localValues = ReadLocalValues(Path.Combine(AppDirectory, "local.settings.json"));
        using var hostJson = ReadJson(Path.Combine(AppDirectory, "host.json"));
        var root = hostJson?.RootElement;
        JsonElement? extensions = root is { } r && r.TryGetProperty("extensions", out var e) ? e : null;
        JsonElement? http = extensions is { } x && x.TryGetProperty("http", out var h) ? h : null;
        RoutePrefix = http is { } hp && hp.TryGetProperty("routePrefix", out var rp) ? rp.GetString() ?? "" : "api";
        Queues = QueueSettings.From(extensions is { } x2 && x2.TryGetProperty("queues", out var q) ? q.Clone() : null);

        // Flex Consumption (this app's plan) runs schedules in UTC; WEBSITE_TIME_ZONE opts in to a zone.
        TimeZone = Get("WEBSITE_TIME_ZONE") is { Length: > 0 } zone ? TimeZoneInfo.FindSystemTimeZoneById(zone) : TimeZoneInfo.Utc;
        StartupWait = TimeSpan.FromSeconds(double.TryParse(Get("LocalHost:StartupWaitSeconds"), out var s) ? s : 30);
        StorageNetworkTimeout = TimeSpan.FromSeconds(double.TryParse(Get("LocalHost:StorageNetworkTimeoutSeconds"), out var n) ? n : 30);
        QueueLease = TimeSpan.FromSeconds(double.TryParse(Get("LocalHost:QueueLeaseSeconds"), out var l) ? l : 600);
        HostId = Get("LocalHost:HostId") ?? "localhost-" + WorkerName().ToLowerInvariant().Replace('.', '-');
    }

    public string AppDirectory { get; }
    public string RoutePrefix { get; }
    public QueueSettings Queues { get; }
    public TimeZoneInfo TimeZone { get; }
    /// <summary>How long an HTTP request waits for a (re)starting worker before 503.</summary>
    public TimeSpan StartupWait { get; }
    public TimeSpan StorageNetworkTimeout { get; }
    /// <summary>How long a received message stays invisible, renewed at half of it while its function runs (10 min, as the WebJobs SDK).</summary>
    public TimeSpan QueueLease { get; }
    /// <summary>Names the timer status blobs, as the real host's id does.</summary>
    public string HostId { get; }

    public string StorageConnection => Get("AzureWebJobsStorage")
        ?? throw new InvalidOperationException("AzureWebJobsStorage is not set (a connection string, e.g. UseDevelopmentStorage=true).");

    /// <summary>A setting by its app-setting name (<c>A__B</c> and <c>A:B</c> alike); the host's configuration wins over local.settings.json.</summary>
    public string? Get(string name) =>
        (_values.TryGetValue(name, out var given) ? given : null) ?? _configuration[name] ?? _configuration[name.Replace("__", ":")]
        ?? (_localValues.TryGetValue(name, out var v) ? v : null);

    /// <summary>Resolves <c>%Name%</c> placeholders in a queue name or schedule, as the host does (the worker does not).</summary>
    public string Resolve(string value) => Placeholder().Replace(value, m =>
        Get(m.Groups[1].Value) ?? throw new InvalidOperationException($"Setting '{m.Groups[1].Value}' (used as {value}) is not set."));

    /// <summary>The host's <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> setting (also <c>AzureWebJobs__&lt;Name&gt;__Disabled</c>).</summary>
    public bool IsDisabled(string function) =>
        bool.TryParse(Get($"AzureWebJobs.{function}.Disabled") ?? Get($"AzureWebJobs__{function}__Disabled"), out var d) && d;

    /// <summary>The worker's environment: the host's, plus local.settings.json Values that the environment does not set, plus the app directories.</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment()
    {
        var env = new Dictionary<string, string>();
        foreach (var (key, value) in _localValues) env[key] = value;
        foreach (var (key, value) in _values) env[key] = value;
        env["FUNCTIONS_APPLICATION_DIRECTORY"] = AppDirectory;
        env["FUNCTIONS_WORKER_DIRECTORY"] = AppDirectory;
        env["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        return env;
    }

    /// <summary>The worker's assembly name, from worker.config.json.</summary>
    private string WorkerName()
    {
        using var config = ReadJson(Path.Combine(AppDirectory, "worker.config.json"));
        return config?.RootElement.GetProperty("description").TryGetProperty("defaultWorkerPath", out var p) == true
            ? Path.GetFileNameWithoutExtension(p.GetString()!) : "app";
    }

    private static IReadOnlyDictionary<string, string> ReadLocalValues(string path)
    {
        using var doc = ReadJson(path);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (doc?.RootElement.TryGetProperty("Values", out var v) == true && v.ValueKind == JsonValueKind.Object)
            foreach (var p in v.EnumerateObject())
                if (Environment.GetEnvironmentVariable(p.Name) is null) values[p.Name] = p.Value.ToString();
        return values;
    }

    private static JsonDocument? ReadJson(string path) => File.Exists(path)
        ? JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
        : null;

    /// <summary>A relative path from the working directory, else from the repository root (<c>dotnet run --project</c> runs in the project's folder).</summary>
    private static string FromRepository(string path) =>
        Path.IsPathRooted(path) || Directory.Exists(path) ? path
        : RepositoryRoots().Select(root => Path.Combine(root, path)).FirstOrDefault(Directory.Exists) ?? path;

    private static IEnumerable<string> RepositoryRoots() =>
        new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }
            .SelectMany(start => Ancestors(new DirectoryInfo(start)))
            .Where(dir => File.Exists(Path.Combine(dir, "Surveys.sln")))
            .Distinct();

    private static IEnumerable<string> Ancestors(DirectoryInfo? dir)
    {
        for (; dir is not null; dir = dir.Parent) yield return dir.FullName;
    }

    /// <summary>The newest build of src/Surveys.Functions, searched upwards from the working and the host's directory.</summary>
    private static string? FindDefaultAppDirectory() =>
        RepositoryRoots().Select(root => Path.Combine(root, "src", "Surveys.Functions", "bin")).Where(Directory.Exists)
            .SelectMany(bin => Directory.EnumerateFiles(bin, "worker.config.json", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}publish{Path.DirectorySeparatorChar}"))
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .Select(Path.GetDirectoryName).FirstOrDefault();

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Placeholder();
}
