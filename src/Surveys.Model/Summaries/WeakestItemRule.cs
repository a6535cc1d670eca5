namespace Surveys.Model;

/// <summary>
/// A named rule for listing the lowest-scoring items (instruments.md §2, "Lowest-scoring items"); the rule in
/// use is printed above every list (<see cref="Description"/>). Only ordinal items with at least one answer are
/// ranked, and only items on one scale are ranked together (a mean of 4 on 1–5 and on 1–6 mean different things).
/// Comparisons of means and shares are exact (cross-multiplied counts), so equal values tie exactly.
/// </summary>
public sealed class WeakestItemRule
{
    /// <summary><c>LOWEST-MEAN</c>, the default: mean ascending; ties by the larger bottom-two share, then by item id (ordinal).</summary>
    public static readonly WeakestItemRule LowestMean = new("LOWEST-MEAN",
        new LocalizedText(
            "Lavest gjennomsnitt først. Ved likt gjennomsnitt kommer størst andel av de to laveste svarene først, deretter spørsmålets id.",
            "Lowest mean first. Ties are broken by the larger bottom-two share, then by item id."),
        (a, b) => Coalesce(CompareMean(a, b), -CompareBottomTwo(a, b)));

    /// <summary><c>LARGEST-BOTTOM-TWO</c>: bottom-two share descending; ties by the lower mean, then by item id.</summary>
    public static readonly WeakestItemRule LargestBottomTwo = new("LARGEST-BOTTOM-TWO",
        new LocalizedText(
            "Størst andel av de to laveste svarene først. Ved lik andel kommer lavest gjennomsnitt først, deretter spørsmålets id.",
            "Largest bottom-two share first. Ties are broken by the lower mean, then by item id."),
        (a, b) => Coalesce(-CompareBottomTwo(a, b), CompareMean(a, b)));

    private readonly Comparison<ItemSummary> _compare;

    private WeakestItemRule(string id, LocalizedText description, Comparison<ItemSummary> compare)
    {
        Id = id;
        Description = description;
        _compare = compare;
    }

    /// <summary>The rule's stable id.</summary>
    public string Id { get; }

    /// <summary>The rule in words, printed above the list.</summary>
    public LocalizedText Description { get; }

    /// <summary>Every rule, the default first.</summary>
    public static IReadOnlyList<WeakestItemRule> All { get; } = [LowestMean, LargestBottomTwo];

    /// <summary>
    /// The ordinal items of <paramref name="items"/> with at least one answer, weakest first. Throws
    /// <see cref="ArgumentException"/> when they are on more than one scale.
    /// </summary>
    /// <param name="items">Summaries of items of one round.</param>
    public IReadOnlyList<ItemSummary> Rank(IEnumerable<ItemSummary> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var ranked = items.Where(i => i.Scale.IsRankable && i.N > 0).ToList();
        if (ranked.Select(i => i.ScaleId).Distinct().Count() > 1)
        {
            throw new ArgumentException("Items on different scales are not ranked together.", nameof(items));
        }

        ranked.Sort((a, b) => Coalesce(_compare(a, b), string.CompareOrdinal(a.ItemId, b.ItemId)));
        return ranked;
    }

    /// <inheritdoc />
    public override string ToString() => Id;

    private static int Coalesce(int first, int second) => first != 0 ? first : second;

    private static int CompareMean(ItemSummary a, ItemSummary b) =>
        ((System.Int128)a.PositionSum * b.N).CompareTo((System.Int128)b.PositionSum * a.N);

    private static int CompareBottomTwo(ItemSummary a, ItemSummary b) =>
        ((long)a.BottomTwo!.Value.Count * b.N).CompareTo((long)b.BottomTwo!.Value.Count * a.N);
}

/// <summary>The weakest items of one round on one scale, ranked by a named rule.</summary>
/// <param name="Rule">The rule used; print <see cref="WeakestItemRule.Description"/> above the list.</param>
/// <param name="ScaleId">The scale of every item in the list.</param>
/// <param name="Items">The ranked items, weakest first.</param>
public sealed record WeakestItems(WeakestItemRule Rule, string ScaleId, IReadOnlyList<ItemSummary> Items);
