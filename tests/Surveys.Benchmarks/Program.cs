using BenchmarkDotNet.Running;

namespace Surveys.Benchmarks;

/// <summary>Runs the benchmarks chosen with --filter (see scripts/bench.sh and docs/performance.md). Not named
/// Program: the app and the local host, both referenced, have one each.</summary>
public static class Benchmarks
{
    public static void Main(string[] args)
    {
        // As under a test runner: relative paths from the build output, whatever directory `dotnet run` starts in.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        // ./scripts/bench.sh --export-memory [--responses N]: peak memory of exports (not a BenchmarkDotNet run).
        if (args.Contains("--export-memory"))
        {
            var at = Array.IndexOf(args, "--responses");
            var total = at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var n) ? n : 100_000;
            Environment.Exit(Exports.ExportMemory.RunAsync(total).GetAwaiter().GetResult());
        }
        BenchmarkSwitcher.FromAssembly(typeof(Benchmarks).Assembly).Run(args);
    }
}
