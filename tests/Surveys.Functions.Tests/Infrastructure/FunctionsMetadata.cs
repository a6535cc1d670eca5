using System.Text.Json.Nodes;
using Surveys.Tests.Shared;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>One function as the build declares it in functions.metadata (written by the Worker SDK from the [Function]s).</summary>
public sealed record DeclaredFunction(string Name, string Trigger, string? Route, IReadOnlyList<string> Methods, string? Queue, string? Schedule);

/// <summary>The functions.metadata of the worker build the tests run.</summary>
public static class FunctionsMetadata
{
    public static IReadOnlyList<DeclaredFunction> Functions { get; } = Load(Path.Combine(WorkerApp.WorkerDirectory, "functions.metadata"));

    public static IEnumerable<DeclaredFunction> Http => Functions.Where(f => f.Trigger == "httpTrigger");

    public static IReadOnlyList<DeclaredFunction> Load(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(f =>
        {
            var trigger = f!["bindings"]!.AsArray().Single(b => ((string?)b!["type"])!.EndsWith("Trigger", StringComparison.Ordinal))!;
            return new DeclaredFunction(
                (string)f["name"]!,
                (string)trigger["type"]!,
                (string?)trigger["route"],
                trigger["methods"]?.AsArray().Select(m => ((string)m!).ToUpperInvariant()).ToList() ?? [],
                (string?)trigger["queueName"],
                (string?)trigger["schedule"]);
        }).ToList();
}
