namespace Surveys.Model;

/// <summary>
/// The figures of several items of one scale in one round, pooled over answers (instruments.md §2,
/// "Instrument level (pooled)"): the counts per position are added over the items, so every item answer
/// from every respondent counts once and the denominator is the total number of item answers,
/// <see cref="Answers"/>, which reports must show. When everyone answers every item this equals the
/// unweighted mean of the per-item shares; when items are skipped, pooling over answers is the definition.
/// </summary>
/// <remarks>Items of different scales are never pooled (<c>scale-mismatch</c>), and positions are joined by
/// number, never by label. Definitions and empty-input behaviour as in <see cref="CountsSummary"/>.</remarks>
public sealed class PooledSummary : CountsSummary
{
    private PooledSummary(Scale scale, int[] counts, int nonScale, IReadOnlyList<string> itemIds, IndexDefinition? index)
        : base(scale, counts, nonScale, index)
    {
        ItemIds = itemIds;
    }

    /// <summary>The items pooled, in the order given.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>The total number of item answers on the scale: the denominator of every pooled share (= <see cref="CountsSummary.N"/>).</summary>
    public int Answers => N;

    /// <summary>
    /// Pools <paramref name="items"/>. Throws <see cref="ArgumentException"/> for no items, a free-text scale
    /// or an item given twice, and <see cref="SurveyValidationException"/> (<c>scale-mismatch</c>) when the
    /// items are not all on one scale.
    /// </summary>
    /// <param name="items">The counts of the items to pool, all on one scale.</param>
    /// <param name="index">The 0–100 index definition; <see cref="IndexDefinition.Linear"/> when <c>null</c>.</param>
    public static PooledSummary From(IEnumerable<ItemCounts> items, IndexDefinition? index = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Pooling needs at least one item.", nameof(items));
        }

        if (list.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw new ArgumentException("An item can be pooled only once.", nameof(items));
        }

        var scale = list[0].Scale;
        var mismatches = list.Where(i => i.Scale != scale).Select(i => Problems.ScaleMismatch(i.ItemId)).ToList();
        SurveyValidationException.ThrowIfAny(mismatches);

        var counts = new int[scale.Points];
        foreach (var item in list)
        {
            for (var p = 0; p < counts.Length; p++)
            {
                counts[p] += item.Counts[p];
            }
        }

        return new PooledSummary(scale, counts, list.Sum(i => i.NonScaleCount), list.Select(i => i.ItemId).ToArray(), index);
    }

    /// <summary>Pools every item of <paramref name="round"/> on <paramref name="scale"/> (for example all nine
    /// ethics items). Throws <see cref="ArgumentException"/> when the round has none.</summary>
    /// <param name="round">The round's counts.</param>
    /// <param name="scale">The scale whose items are pooled.</param>
    /// <param name="index">The 0–100 index definition; <see cref="IndexDefinition.Linear"/> when <c>null</c>.</param>
    public static PooledSummary ForScale(RoundAggregate round, Scale scale, IndexDefinition? index = null)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(scale);
        return From(round.Items.Where(i => i.Scale == scale), index);
    }

    /// <inheritdoc />
    public override string ToString() => $"{ScaleId} pooled over {ItemIds.Count} items, {Answers} answers";
}
