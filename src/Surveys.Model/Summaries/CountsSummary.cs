namespace Surveys.Model;

/// <summary>A position of the scale with its answers and their exact share of the item's answers.</summary>
/// <param name="Position">The scale position, 1..k.</param>
/// <param name="Share">Answers at the position out of all answers on the scale.</param>
public sealed record PositionShare(int Position, Proportion Share);

/// <summary>A band of positions with its answers and their exact share.</summary>
/// <param name="Band">The band (low, middle, high) with its report label.</param>
/// <param name="Share">Answers in the band out of all answers on the scale.</param>
public sealed record BandShare(Band Band, Proportion Share);

/// <summary>
/// The figures of one count vector on one scale (instruments.md §2), shared by <see cref="ItemSummary"/>
/// (one item in one round) and <see cref="PooledSummary"/> (several items of one scale pooled over answers).
/// </summary>
/// <remarks>
/// <para><b>Denominator.</b> Every share and the mean are over <see cref="N"/>, the answers at positions 1..k.
/// The non-scale code (9) is counted in <see cref="NonScaleCount"/> and "not answered" apart; both are
/// excluded from every denominator.</para>
/// <para><b>Exactness.</b> Shares are exact (<see cref="Proportion"/>); rounding happens once, at display,
/// with <see cref="DistributionPercentages"/> and <see cref="BandPercentages"/> (largest remainder, sum 100).</para>
/// <para><b>Kinds of scale.</b> Ordinal scales get bands, top-two, bottom-two, mean, SD and index; yes/no
/// scales get <see cref="Yes"/> (share answering "Ja") and nothing ordinal; free text has no figures and is
/// refused.</para>
/// <para><b>Empty input.</b> With N = 0 every share <see cref="Proportion.Value"/>, the mean, the SD and the
/// index are <c>null</c>, and the display percentages are all 0. The SD needs N ≥ 2.</para>
/// <para>No suppression is applied here: show these figures only behind the minimum-group-size gate
/// (<see cref="RoundComparison"/>, <see cref="Trend"/> apply it).</para>
/// </remarks>
public abstract class CountsSummary
{
    private readonly int[] _counts;

    private protected CountsSummary(Scale scale, IReadOnlyList<int> counts, int nonScaleCount, IndexDefinition? index)
    {
        ArgumentNullException.ThrowIfNull(scale);
        if (scale.Kind == ScaleKind.FreeText)
        {
            throw new ArgumentException("Free-text items have no figures, only a count of answers.", nameof(scale));
        }

        Scale = scale;
        _counts = counts.ToArray();
        NonScaleCount = nonScaleCount;
        N = _counts.Sum();
        Distribution = _counts.Select((c, i) => new PositionShare(i + 1, new Proportion(c, N))).ToArray();
        Bands = scale.Bands.Select(b => new BandShare(b, new Proportion(Sum(b.Positions), N))).ToArray();
        PositionSum = _counts.Select((c, i) => (long)c * (i + 1)).Sum();

        if (scale.IsRankable)
        {
            TopTwo = new Proportion(Sum(scale.TopTwo), N);
            BottomTwo = new Proportion(Sum(scale.BottomTwo), N);
            if (N > 0)
            {
                var mean = (double)PositionSum / N;
                Mean = mean;
                if (N >= 2)
                {
                    var squares = _counts.Select((c, i) => c * (i + 1 - mean) * (i + 1 - mean)).Sum();
                    StandardDeviation = Math.Sqrt(squares / (N - 1));
                }

                index ??= IndexDefinition.Linear;
                Index = new IndexValue(index, index.Apply(mean, scale.Points));
            }
        }
        else if (scale.Kind == ScaleKind.YesNo)
        {
            Yes = new Proportion(_counts[Scale.YesCode - 1], N);
        }
    }

    /// <summary>The scale the counts are on.</summary>
    public Scale Scale { get; }

    /// <summary>The scale id, part of the comparison join key (item id, scale id, position).</summary>
    public string ScaleId => Scale.Id;

    /// <summary>Answers per position, position 1 first; every position present, zeros included.</summary>
    public IReadOnlyList<int> Counts => Array.AsReadOnly(_counts);

    /// <summary>n: the answers at positions 1..k, the denominator of every share and of the mean.</summary>
    public int N { get; }

    /// <summary>Answers with the non-scale code (9 = "Ikke aktuelt" / "Vet ikke"), shown separately; not in <see cref="N"/>.</summary>
    public int NonScaleCount { get; }

    /// <summary>Count and exact share per position, in scale order, zero positions included.</summary>
    public IReadOnlyList<PositionShare> Distribution { get; }

    /// <summary>The named band split (<c>BANDS-KNOW5-212</c>, <c>BANDS-SAT6-222</c>, …); <c>null</c> when the scale has no bands.</summary>
    public string? BandSplitId => Scale.BandSplitId;

    /// <summary>Count and exact share per band (low, middle, high) with the scale's band labels; empty for yes/no.</summary>
    public IReadOnlyList<BandShare> Bands { get; }

    /// <summary>The share at the two highest positions (4–5 of 5, 5–6 of 6); <c>null</c> unless ordinal.</summary>
    public Proportion? TopTwo { get; }

    /// <summary>The share at positions 1–2; <c>null</c> unless ordinal.</summary>
    public Proportion? BottomTwo { get; }

    /// <summary>The mean position, Σ position·count / N; <c>null</c> when N = 0 or the scale is not ordinal.</summary>
    public double? Mean { get; }

    /// <summary>The sample standard deviation of the positions, normaliser N − 1; <c>null</c> when N &lt; 2.</summary>
    public double? StandardDeviation { get; }

    /// <summary>The 0–100 index of <see cref="Mean"/> with its definition (default <see cref="IndexDefinition.Linear"/>);
    /// <c>null</c> when there is no mean.</summary>
    public IndexValue? Index { get; }

    /// <summary>Yes/no scales: the share answering "Ja" (code 1) among those who answered; otherwise <c>null</c>.</summary>
    public Proportion? Yes { get; }

    /// <summary>The mean formatted for reports, "x,x av k" in bokmål and "x.x of k" in English; <c>null</c> without a mean.</summary>
    public LocalizedText? MeanText => Mean is { } m
        ? new LocalizedText($"{Format.Decimal(m, 1, Language.Norwegian)} av {Scale.Points}", $"{Format.Decimal(m, 1, Language.English)} of {Scale.Points}")
        : null;

    /// <summary>Integer percentages per position for display (largest remainder; sum 100, or all 0 when N = 0).</summary>
    public IReadOnlyList<int> DistributionPercentages => Rounding.LargestRemainder(_counts);

    /// <summary>Integer percentages per band for display, rounded from the band counts (not from rounded positions).</summary>
    public IReadOnlyList<int> BandPercentages => Rounding.LargestRemainder(Bands.Select(b => b.Share.Count).ToArray());

    /// <summary>Σ position·count, for exact comparisons of means (a/b &lt; c/d ⇔ a·d &lt; c·b).</summary>
    internal long PositionSum { get; }

    private int Sum(IEnumerable<int> positions) => positions.Sum(p => _counts[p - 1]);
}
