using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Surveys.Model;

namespace Surveys.Benchmarks.Aggregates;

/// <summary>
/// Folding responses into a round's counts (<see cref="RoundAggregate.Fold"/>), and the snapshot
/// round-trip FoldResponse does around every fold: read the stored JSON, restore, fold one response,
/// snapshot, write JSON (Aggregation/AggregateStore.cs, without the storage calls).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class FoldBenchmarks
{
    /// <summary>Responses folded per invocation of <see cref="Fold"/>: one fresh aggregate per batch,
    /// because an aggregate remembers the ids it folded and would skip a response the second time.</summary>
    public const int Batch = 1_000;

    private Survey _survey = null!;
    private Round _round = null!;
    private Response[] _responses = null!;
    private string _snapshotJson = null!;
    private int _next;

    /// <summary>WELLBEING: 4 smiley items. EMPLOYEE: 20 five-point items (the two optional ones included) and a free-text item, left empty.</summary>
    [Params("WELLBEING", "EMPLOYEE")]
    public string Survey { get; set; } = "WELLBEING";

    [GlobalSetup]
    public void Setup()
    {
        _survey = Survey == "EMPLOYEE"
            ? Model.Survey.FromInstrument("survey-1", "org-1", Instruments.Employee, "Medarbeiderundersøkelse", "Fjordtun AS", ["EMPLOYEE-19", "EMPLOYEE-20"])
            : Model.Survey.FromInstrument("survey-1", "org-1", Instruments.Wellbeing, "Trivsel", "Fjordtun AS");
        _round = _survey.AddRound("round-1", "før", Responses.Now.AddDays(-7));
        _responses = Responses.Random(_survey, _round, Batch, seed: 1);

        var folded = RoundAggregate.For(_survey, _round);
        foreach (var response in _responses) folded.Fold(response);
        _snapshotJson = JsonSerializer.Serialize(folded.ToSnapshot());
    }

    /// <summary>One response folded into an aggregate held in memory (per response, amortised over <see cref="Batch"/>).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public RoundAggregate Fold()
    {
        var aggregate = RoundAggregate.For(_survey, _round);
        foreach (var response in _responses) aggregate.Fold(response);
        return aggregate;
    }

    /// <summary>Stored JSON → <see cref="RoundAggregate.FromSnapshot"/> → <see cref="RoundAggregate.ToSnapshot"/> → JSON, no fold.</summary>
    [Benchmark]
    public string SnapshotRoundTrip()
    {
        var aggregate = RoundAggregate.FromSnapshot(JsonSerializer.Deserialize<RoundAggregateSnapshot>(_snapshotJson)!);
        return JsonSerializer.Serialize(aggregate.ToSnapshot());
    }

    /// <summary>What FoldResponse computes per message: the round-trip with one fold in the middle.</summary>
    [Benchmark]
    public string FoldAsTheAppDoes()
    {
        var aggregate = RoundAggregate.FromSnapshot(JsonSerializer.Deserialize<RoundAggregateSnapshot>(_snapshotJson)!);
        aggregate.Fold(_responses[_next++ % _responses.Length]);
        return JsonSerializer.Serialize(aggregate.ToSnapshot());
    }
}
