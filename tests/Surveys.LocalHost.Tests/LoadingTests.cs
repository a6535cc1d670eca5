using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Surveys.LocalHost.Tests;

[Collection(nameof(SharedHost))]
public sealed class LoadingTests(SharedHost shared)
{
    [Fact]
    public async Task LoadedFunctions_AreExactlyThoseInTheBuildsFunctionsMetadata()
    {
        var built = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestHost.WorkerDirectory, "functions.metadata")))!.AsArray();
        var loaded = (await shared.Host.Http.GetFromJsonAsync<JsonArray>("/admin/functions"))!;

        Assert.Equal(Describe(built, f => f["bindings"]!), Describe(loaded, f => f["config"]!["bindings"]!));
        Assert.Equal(7, loaded.Count);
    }

    /// <summary>Per function, sorted: name and each binding's type, direction, route, methods, queue and schedule.</summary>
    private static List<string> Describe(JsonArray functions, Func<JsonNode, JsonNode> bindings) =>
        functions.Select(f => f!["name"] + ": " + string.Join("; ", bindings(f!).AsArray().Select(b => string.Join(" ",
                b!["type"], b["direction"]?.ToString().ToLowerInvariant(), b["route"], b["methods"]?.ToJsonString(), b["queueName"], b["schedule"]))))
            .Order(StringComparer.Ordinal).ToList();
}
