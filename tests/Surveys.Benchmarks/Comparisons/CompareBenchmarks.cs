using BenchmarkDotNet.Attributes;
using Surveys.Model;

namespace Surveys.Benchmarks.Comparisons;

/// <summary>
/// <see cref="RoundComparison.Compare(RoundAggregate, RoundAggregate, Survey, ComparisonOptions?)"/> for ETHICS
/// (9 items, 5 points) with the same number of answers per item in both rounds. The counts are built through
/// snapshots, as stored: a comparison only ever sees counts per position, so its cost should not grow with
/// the number of answers, except where the Mann–Whitney p-value is exact (below
/// <see cref="MannWhitney.ExactLimit"/> answers per round), whose dynamic programme grows with n.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class CompareBenchmarks
{
    // Shares per position 1..5 before and after (a modest shift upwards); each item rotates them a little.
    private static readonly double[] BeforeShares = [0.10, 0.20, 0.30, 0.25, 0.15];
    private static readonly double[] AfterShares = [0.05, 0.15, 0.30, 0.30, 0.20];

    private Survey _survey = null!;
    private RoundAggregate _before = null!;
    private RoundAggregate _after = null!;
    private ComparisonOptions _normal = null!;

    /// <summary>Answers per item per round. 10 and 49: exact p-values (49 is the largest exact case);
    /// 50 and up: normal approximation.</summary>
    [Params(10, 49, 50, 1_000, 100_000)]
    public int AnswersPerRound { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _survey = Survey.FromInstrument("survey-1", "org-1", Instruments.Ethics, "Etikk", "Fjordtun AS");
        _survey.AddRound("round-1", "før", new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.FromHours(1)), invited: AnswersPerRound);
        _survey.AddRound("round-2", "etter", new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.FromHours(2)), invited: AnswersPerRound);
        _before = Round("round-1", BeforeShares);
        _after = Round("round-2", AfterShares);
        _normal = new ComparisonOptions { PValues = PValueChoice.NormalApproximation };
    }

    /// <summary>The comparison as the app makes it (default options: exact p-values below 50 answers per round).</summary>
    [Benchmark(Baseline = true)]
    public RoundComparison Compare() => RoundComparison.Compare(_before, _after, _survey);

    /// <summary>The same with the normal approximation forced, to separate the exact test's cost from the rest.</summary>
    [Benchmark]
    public RoundComparison CompareNormalApproximation() => RoundComparison.Compare(_before, _after, _survey, _normal);

    private RoundAggregate Round(string roundId, double[] shares)
    {
        var items = _survey.Items.Select((item, index) =>
        {
            var rotated = shares.Select((_, p) => shares[(p + index % 2) % shares.Length]).ToArray();
            return new ItemCountsSnapshot(item.Id, item.Scale.Id, item.Scale.Points, Split(AnswersPerRound, rotated), 0, 0);
        }).ToArray();
        return RoundAggregate.FromSnapshot(new RoundAggregateSnapshot(roundId, AnswersPerRound,
            new Dictionary<string, int> { [nameof(EntryMode.Kiosk)] = AnswersPerRound }, 0, 0, items));
    }

    /// <summary>Splits <paramref name="n"/> answers by <paramref name="shares"/> (largest remainder), so the counts sum to n exactly.</summary>
    private static int[] Split(int n, double[] shares)
    {
        var counts = shares.Select(s => (int)Math.Floor(s * n)).ToArray();
        foreach (var p in Enumerable.Range(0, shares.Length).OrderByDescending(p => shares[p] * n - counts[p]).Take(n - counts.Sum()))
            counts[p]++;
        return counts;
    }
}
