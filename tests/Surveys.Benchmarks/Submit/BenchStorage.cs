namespace Surveys.Benchmarks.Submit;

/// <summary>The Azurite that ./scripts/bench.sh starts for this run (connection string in SURVEYS_BENCH_STORAGE).</summary>
internal static class BenchStorage
{
    private const string Variable = "SURVEYS_BENCH_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the benchmarks with ./scripts/bench.sh, which starts an in-memory Azurite on free ports and sets it.");

    /// <summary>A fresh name for tables and queues (lowercase letters and digits), so each benchmark starts on empty tables.</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];
}
