using System.Text.Json.Nodes;
using Surveys.LocalHost.Rpc;

namespace Surveys.LocalHost;

/// <summary>One function as the worker described it, with its trigger binding read from the raw bindings.</summary>
public sealed record FunctionInfo(
    string Name, string FunctionId, string TriggerType, string TriggerName, JsonObject Trigger,
    IReadOnlyList<JsonObject> Bindings, bool IsDisabled, RpcFunctionMetadata Metadata)
{
    public bool IsHttp => TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);
    public bool IsQueue => TriggerType.Equals("queueTrigger", StringComparison.OrdinalIgnoreCase);
    public bool IsTimer => TriggerType.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>The HTTP route as the worker maps it: the binding's route, or the function's name.</summary>
    public string Route => Trigger["route"]?.GetValue<string>() ?? Name;
    public IReadOnlyList<string> Methods => Trigger["methods"]?.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()).ToList() ?? [];
    public string? QueueName => Trigger["queueName"]?.GetValue<string>();
    public string? Schedule => Trigger["schedule"]?.GetValue<string>();
    public bool RunOnStartup => Trigger["runOnStartup"] is { } r && r.ToString().Equals("true", StringComparison.OrdinalIgnoreCase);

    public static FunctionInfo From(RpcFunctionMetadata metadata, HostSettings settings)
    {
        var bindings = metadata.RawBindings.Select(b => JsonNode.Parse(b)!.AsObject()).ToList();
        var trigger = bindings.FirstOrDefault(b => b["type"]?.GetValue<string>().EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true)
            ?? throw new InvalidOperationException($"Function {metadata.Name} has no trigger binding.");
        // The worker needs the bindings map to route HTTP requests; fill it from the raw bindings if it came without.
        if (metadata.Bindings.Count == 0)
            foreach (var b in bindings)
                metadata.Bindings[b["name"]!.GetValue<string>()] = new BindingInfo
                {
                    Type = b["type"]!.GetValue<string>(),
                    Direction = string.Equals(b["direction"]?.GetValue<string>(), "out", StringComparison.OrdinalIgnoreCase)
                        ? BindingInfo.Types.Direction.Out : BindingInfo.Types.Direction.In,
                };
        if (string.IsNullOrEmpty(metadata.FunctionId)) metadata.FunctionId = Guid.NewGuid().ToString();
        return new FunctionInfo(metadata.Name, metadata.FunctionId, trigger["type"]!.GetValue<string>(),
            trigger["name"]!.GetValue<string>(), trigger, bindings, settings.IsDisabled(metadata.Name), metadata);
    }

    /// <summary>The shape of <c>functions.metadata</c> and of the host's <c>GET /admin/functions</c>.</summary>
    public JsonObject Describe() => new()
    {
        ["name"] = Name,
        ["isDisabled"] = IsDisabled,
        ["config"] = new JsonObject { ["bindings"] = new JsonArray(Bindings.Select(b => (JsonNode)b.DeepClone()).ToArray()) },
    };
}

/// <summary>The functions one worker loaded, by name (case-insensitive, as the host's admin API).</summary>
public sealed class FunctionCatalog(IEnumerable<FunctionInfo> functions)
{
    private readonly Dictionary<string, FunctionInfo> _byName = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<FunctionInfo> All => _byName.Values;
    public FunctionInfo? Find(string name) => _byName.GetValueOrDefault(name);
}
