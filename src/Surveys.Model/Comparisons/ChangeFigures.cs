namespace Surveys.Model;

/// <summary>The change of one band's share between two rounds, after − before, with its Newcombe interval.</summary>
/// <param name="Band">The band (low, middle, high).</param>
/// <param name="Difference">The change in share; <see cref="ProportionDifference.PercentagePoints"/> for display.</param>
public sealed record BandChange(Band Band, ProportionDifference Difference);

/// <summary>
/// The figures of a two-round comparison on one scale, shared by <see cref="ItemChange"/> and
/// <see cref="PooledChange"/> (users.md L-06; statistics.md "Comparing two rounds of one item").
/// Exists only when both rounds reached the minimum group size.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Ordinal scales</b>: <see cref="CliffsDelta"/> on the positions; changes in the band shares, top-two
/// and bottom-two shares, each with a Newcombe hybrid-score interval; the change in mean as context, without a
/// test or interval.</item>
/// <item><b>Yes/no</b>: the change in the share answering "Ja" (<see cref="Yes"/>) with its Newcombe interval,
/// which the verdict uses. <see cref="CliffsDelta"/> is computed on the Ja indicator (Nei &lt; Ja), where it
/// equals that same difference in shares.</item>
/// </list>
/// Positions are joined by number, never by label.
/// </remarks>
public abstract class ChangeFigures
{
    private protected ChangeFigures(CountsSummary before, CountsSummary after, ComparisonOptions options, double designEffectBefore, double designEffectAfter)
    {
        var level = options.ConfidenceLevel;
        CliffsDelta = Model.CliffsDelta.FromCounts(RankOrder(before), RankOrder(after), level, options.CliffsDeltaMethod,
            Math.Max(designEffectBefore, designEffectAfter));
        if (before.Scale.IsRankable)
        {
            TopTwo = ProportionDifference.Newcombe(before.TopTwo!.Value, after.TopTwo!.Value, level, designEffectBefore, designEffectAfter);
            BottomTwo = ProportionDifference.Newcombe(before.BottomTwo!.Value, after.BottomTwo!.Value, level, designEffectBefore, designEffectAfter);
            Bands = before.Bands.Zip(after.Bands, (b, a) => new BandChange(b.Band,
                ProportionDifference.Newcombe(b.Share, a.Share, level, designEffectBefore, designEffectAfter))).ToArray();
            MeanDifference = after.Mean - before.Mean;
            Interval = CliffsDelta.Interval;
            Estimate = CliffsDelta.Estimate;
            Detail = ComparisonTexts.CliffsDeltaDetail(CliffsDelta.Estimate, CliffsDelta.Interval);
        }
        else
        {
            Yes = ProportionDifference.Newcombe(before.Yes!.Value, after.Yes!.Value, level, designEffectBefore, designEffectAfter);
            Bands = [];
            Interval = Yes.Interval;
            Estimate = Yes.Estimate;
            Detail = ComparisonTexts.ShareYesDetail(Yes);
        }
    }

    /// <summary>Cliff's delta of the later round against the earlier, with its interval.</summary>
    public CliffsDeltaResult CliffsDelta { get; }

    /// <summary>Change in the top-two share (ordinal only).</summary>
    public ProportionDifference? TopTwo { get; }

    /// <summary>Change in the bottom-two share (ordinal only).</summary>
    public ProportionDifference? BottomTwo { get; }

    /// <summary>Change in each band's share, lowest band first (ordinal scales with bands; empty otherwise).</summary>
    public IReadOnlyList<BandChange> Bands { get; }

    /// <summary>Change in the share answering "Ja" (yes/no only).</summary>
    public ProportionDifference? Yes { get; }

    /// <summary>after − before mean position, as context only: not tested, no interval (ordinal only).</summary>
    public double? MeanDifference { get; }

    /// <summary>The estimate the verdict is about: Cliff's delta (ordinal) or the change in share "Ja" (yes/no).</summary>
    public double Estimate { get; }

    /// <summary>The interval the verdict uses (see <see cref="Estimate"/>).</summary>
    public ConfidenceInterval? Interval { get; }

    /// <summary>The estimate and interval in words, for the verdict.</summary>
    internal LocalizedText Detail { get; }

    /// <summary>The counts in rank order: ordinal positions as they are; yes/no as [Nei, Ja], so higher = Ja.</summary>
    internal static int[] RankOrder(CountsSummary summary) => summary.Scale.IsRankable
        ? summary.Counts.ToArray()
        : [summary.Counts[Scale.NoCode - 1], summary.Counts[Scale.YesCode - 1]];
}

/// <summary>
/// The figures of one item compared between two rounds (unpaired): the two <see cref="ItemSummary"/> and the
/// change figures, plus the Mann–Whitney test and its Benjamini–Hochberg adjusted p-value.
/// </summary>
public sealed class ItemChange : ChangeFigures
{
    internal ItemChange(ItemSummary before, ItemSummary after, MannWhitneyResult mannWhitney, double? adjustedPValue, ComparisonOptions options)
        : base(before, after, options, 1, 1)
    {
        Before = before;
        After = after;
        MannWhitney = mannWhitney;
        AdjustedPValue = adjustedPValue;
    }

    /// <summary>The item in the earlier round.</summary>
    public ItemSummary Before { get; }

    /// <summary>The item in the later round.</summary>
    public ItemSummary After { get; }

    /// <summary>The Mann–Whitney U test (two-sided; yes/no: on the Ja indicator) with the method used.</summary>
    public MannWhitneyResult MannWhitney { get; }

    /// <summary>The Benjamini–Hochberg adjusted p-value over the items compared; <c>null</c> when not adjusted
    /// (a single item, or adjustment turned off: see <see cref="RoundComparison.IsExploratory"/>).</summary>
    public double? AdjustedPValue { get; }
}

/// <summary>
/// The figures of a scale's items pooled over answers, compared between two rounds. Answers from one person
/// to several items are not independent, so the intervals are computed with a design effect: the variance is
/// multiplied by answers ÷ people (at most the number of items), which is what it would be if each person's
/// answers moved together. This is conservative; no p-value is given for pooled answers.
/// </summary>
public sealed class PooledChange : ChangeFigures
{
    internal PooledChange(PooledSummary before, PooledSummary after, int peopleBefore, int peopleAfter, ComparisonOptions options)
        : base(before, after, options, DesignEffect(before, peopleBefore), DesignEffect(after, peopleAfter))
    {
        Before = before;
        After = after;
        PeopleBefore = peopleBefore;
        PeopleAfter = peopleAfter;
    }

    /// <summary>The pooled figures of the earlier round.</summary>
    public PooledSummary Before { get; }

    /// <summary>The pooled figures of the later round.</summary>
    public PooledSummary After { get; }

    /// <summary>A lower bound on the people behind the earlier round's pooled answers: the largest item n.</summary>
    public int PeopleBefore { get; }

    /// <summary>A lower bound on the people behind the later round's pooled answers: the largest item n.</summary>
    public int PeopleAfter { get; }

    private static double DesignEffect(PooledSummary pooled, int people) => Math.Max(1, (double)pooled.Answers / people);
}
