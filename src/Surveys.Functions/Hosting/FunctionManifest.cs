using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Surveys.Functions.Hosting;

/// <summary>What a function is triggered by, read from its <c>function.json</c>.</summary>
public enum TriggerKind { Http, Queue, Timer }

/// <summary>One function as declared for Azure: its folder name and its trigger binding, with
/// <c>%Setting%</c> references already resolved from configuration.</summary>
public sealed record FunctionDeclaration(
    string Name,
    TriggerKind Kind,
    string TriggerBindingName,
    JsonArray Bindings,
    string? Route = null,
    IReadOnlyList<string>? Methods = null,
    string? AuthLevel = null,
    string? QueueName = null,
    string? Connection = null,
    string? Schedule = null,
    bool RunOnStartup = false,
    bool UseMonitor = true)
{
    /// <summary>True when the host forwards the original request (exactly httpTrigger in and http out).</summary>
    public bool IsForwardedHttp =>
        Kind == TriggerKind.Http && Bindings.Count == 2 &&
        Bindings.Any(b => (string?)b?["type"] == "httpTrigger") &&
        Bindings.Any(b => (string?)b?["type"] == "http" && (string?)b?["direction"] == "out");
}

/// <summary>The host's queue-trigger settings (<c>extensions.queues</c>) with the host's defaults.</summary>
public sealed record QueueHostSettings
{
    public int BatchSize { get; init; } = 16;
    public int NewBatchThreshold { get; init; } = 8;
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    /// <summary>Upper bound of the empty-poll back-off; 2 s is the host's local-development value.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);
    public string MessageEncoding { get; init; } = "base64";
}

/// <summary>
/// The Functions app as declared: <c>host.json</c> and every <c>&lt;Name&gt;/function.json</c> under one
/// app root. The local trigger runner, the invocation endpoint and the declaration tests all read
/// this, so what runs locally is exactly what is deployed.
/// </summary>
public sealed partial class FunctionManifest
{
    public required string AppRoot { get; init; }
    public required JsonObject Host { get; init; }
    public required QueueHostSettings Queues { get; init; }
    public required IReadOnlyList<FunctionDeclaration> Functions { get; init; }

    public FunctionDeclaration? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Pairs of an HTTP function whose route would match the invocation path <c>/{Name}</c> of another
    /// function. The host forwards any request matching an HTTP route, so such a route would let a
    /// public request run a queue or timer function; there must be none.
    /// </summary>
    public IReadOnlyList<(FunctionDeclaration Http, FunctionDeclaration Invoked)> InvocationPathCollisions()
    {
        var collisions = new List<(FunctionDeclaration, FunctionDeclaration)>();
        foreach (var http in Functions.Where(f => f.Kind == TriggerKind.Http))
        {
            var matcher = new Microsoft.AspNetCore.Routing.Template.TemplateMatcher(
                Microsoft.AspNetCore.Routing.Template.TemplateParser.Parse(http.Route ?? ""), new RouteValueDictionary());
            foreach (var invoked in Functions)
            {
                if (matcher.TryMatch(new PathString("/" + invoked.Name), new RouteValueDictionary()) ||
                    matcher.TryMatch(new PathString("/" + invoked.Name.ToLowerInvariant()), new RouteValueDictionary()))
                    collisions.Add((http, invoked));
            }
        }
        return collisions;
    }

    /// <summary>Reads host.json and the function folders under <paramref name="appRoot"/>.
    /// <paramref name="resolveSetting"/> resolves <c>%Name%</c> references as the host does.</summary>
    public static FunctionManifest Load(string appRoot, Func<string, string?> resolveSetting)
    {
        var hostPath = Path.Combine(appRoot, "host.json");
        if (!File.Exists(hostPath))
            throw new InvalidOperationException($"No host.json in the Functions app root '{appRoot}'.");
        var host = ParseObject(hostPath);
        var functions = new List<FunctionDeclaration>();
        foreach (var dir in Directory.EnumerateDirectories(appRoot).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "function.json");
            if (File.Exists(file))
                functions.Add(ParseFunction(Path.GetFileName(dir), ParseObject(file), resolveSetting));
        }
        return new FunctionManifest
        {
            AppRoot = appRoot,
            Host = host,
            Queues = ParseQueues(host["extensions"]?["queues"] as JsonObject),
            Functions = functions,
        };
    }

    /// <summary>Finds the app root: an explicit path, else the Functions host's
    /// <c>FUNCTIONS_APP_ROOT_PATH</c>, else the first of the build output folder and its parent
    /// (the deployed layout keeps the binary in <c>bin/</c>) that holds a host.json.</summary>
    public static string LocateAppRoot(string? configured)
    {
        foreach (var candidate in new[]
                 {
                     configured, Environment.GetEnvironmentVariable("FUNCTIONS_APP_ROOT_PATH"),
                     AppContext.BaseDirectory, Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)),
                 })
        {
            if (!string.IsNullOrWhiteSpace(candidate) && File.Exists(Path.Combine(candidate, "host.json")))
                return Path.GetFullPath(candidate);
        }
        throw new InvalidOperationException(
            "Could not find the Functions app root (a folder with host.json). Set Surveys:Hosting:AppRoot.");
    }

    private static FunctionDeclaration ParseFunction(string name, JsonObject json, Func<string, string?> resolve)
    {
        var bindings = json["bindings"] as JsonArray
            ?? throw new InvalidOperationException($"{name}/function.json has no 'bindings' array.");
        var trigger = bindings.OfType<JsonObject>()
            .SingleOrDefault(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true)
            ?? throw new InvalidOperationException($"{name}/function.json must declare exactly one trigger binding.");
        var type = (string?)trigger["type"];
        var bindingName = (string?)trigger["name"]
            ?? throw new InvalidOperationException($"{name}/function.json: the trigger binding has no name.");
        string? Str(string key) => trigger[key] is JsonValue v && v.TryGetValue(out string? s) ? Resolve(s, resolve, name) : null;
        bool Bool(string key, bool fallback) => trigger[key] is JsonValue v && v.TryGetValue(out bool b) ? b : fallback;

        return type switch
        {
            "httpTrigger" => new FunctionDeclaration(name, TriggerKind.Http, bindingName, bindings,
                Route: Str("route"),
                Methods: (trigger["methods"] as JsonArray)?.Select(m => ((string)m!).ToUpperInvariant()).ToArray() ?? [],
                AuthLevel: Str("authLevel")),
            "queueTrigger" => new FunctionDeclaration(name, TriggerKind.Queue, bindingName, bindings,
                QueueName: Str("queueName") ?? throw new InvalidOperationException($"{name}/function.json: queueTrigger needs queueName."),
                Connection: Str("connection")),
            "timerTrigger" => new FunctionDeclaration(name, TriggerKind.Timer, bindingName, bindings,
                Schedule: Str("schedule") ?? throw new InvalidOperationException($"{name}/function.json: timerTrigger needs schedule."),
                RunOnStartup: Bool("runOnStartup", false),
                UseMonitor: Bool("useMonitor", true)),
            _ => throw new InvalidOperationException($"{name}/function.json: unsupported trigger type '{type}'."),
        };
    }

    /// <summary>Replaces each <c>%Name%</c> with its setting, as the host does; an unresolved one is an error.</summary>
    internal static string Resolve(string value, Func<string, string?> resolve, string function) =>
        SettingReference().Replace(value, m => resolve(m.Groups[1].Value)
            ?? throw new InvalidOperationException($"{function}/function.json: '%{m.Groups[1].Value}%' does not resolve to a setting."));

    private static QueueHostSettings ParseQueues(JsonObject? q)
    {
        var d = new QueueHostSettings();
        if (q is null) return d;
        int Int(string k, int fallback) => q[k] is JsonValue v && v.TryGetValue(out int i) ? i : fallback;
        TimeSpan Span(string k, TimeSpan fallback) => q[k] is JsonValue v && v.TryGetValue(out string? s) && TimeSpan.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : fallback;
        var batch = Math.Clamp(Int("batchSize", d.BatchSize), 1, 32);
        return new QueueHostSettings
        {
            BatchSize = batch,
            NewBatchThreshold = Math.Max(0, Int("newBatchThreshold", batch / 2)),
            MaxDequeueCount = Math.Max(1, Int("maxDequeueCount", d.MaxDequeueCount)),
            VisibilityTimeout = Span("visibilityTimeout", d.VisibilityTimeout),
            MaxPollingInterval = Span("maxPollingInterval", d.MaxPollingInterval),
            MessageEncoding = q["messageEncoding"] is JsonValue e && e.TryGetValue(out string? enc) ? enc : d.MessageEncoding,
        };
    }

    private static JsonObject ParseObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
            }) as JsonObject ?? throw new InvalidOperationException($"{path} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
