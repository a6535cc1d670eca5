namespace Surveys.Model.Tests.Comparisons;

/// <summary>
/// Builds a round's counts directly (through the stored snapshot form), so comparison tests state the counts
/// per position they are about instead of folding hundreds of responses.
/// </summary>
internal sealed class RoundBuilder(string roundId)
{
    private readonly List<ItemCountsSnapshot> _items = [];
    private int? _respondents;

    public RoundBuilder Item(string itemId, Scale scale, params int[] counts) => Item(itemId, scale, 0, counts);

    public RoundBuilder Item(string itemId, Scale scale, int nonScale, int[] counts)
    {
        _items.Add(new ItemCountsSnapshot(itemId, scale.Id, scale.Points, counts, nonScale, 0));
        return this;
    }

    /// <summary>The same counts for each of <paramref name="itemIds"/>.</summary>
    public RoundBuilder Items(IEnumerable<string> itemIds, Scale scale, params int[] counts)
    {
        foreach (var id in itemIds)
        {
            Item(id, scale, counts);
        }

        return this;
    }

    public RoundBuilder Respondents(int respondents)
    {
        _respondents = respondents;
        return this;
    }

    public RoundAggregate Build()
    {
        var respondents = _respondents ?? _items.Select(i => i.Counts.Sum() + i.NonScaleCount).DefaultIfEmpty(0).Max();
        return RoundAggregate.FromSnapshot(new RoundAggregateSnapshot(roundId, respondents,
            new Dictionary<string, int> { [nameof(EntryMode.Kiosk)] = respondents }, 0, 0, _items.ToArray()));
    }
}
