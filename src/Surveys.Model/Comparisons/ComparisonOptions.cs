namespace Surveys.Model;

/// <summary>
/// The settings of a round comparison, trend or paired comparison. Every default is the documented one
/// (users.md AN-01 and L-07, instruments.md §2, statistics.md); each setting is named so a report can print
/// what was used.
/// </summary>
public sealed record ComparisonOptions
{
    /// <summary>The lowest minimum group size an organisation may configure (users.md AN-01: "never below 3").</summary>
    public const int LowestMinimumGroupSize = 3;

    /// <summary>The default minimum group size (AN-01).</summary>
    public const int DefaultMinimumGroupSize = 5;

    /// <summary>The default number of answers per round from which a verdict is given (L-07).</summary>
    public const int DefaultVerdictMinimum = 20;

    private readonly int _minimumGroupSize = DefaultMinimumGroupSize;
    private readonly int _verdictMinimum = DefaultVerdictMinimum;
    private readonly double _confidenceLevel = 0.95;

    /// <summary>
    /// Below this many answers to an item in either round, nothing about the item is shown or carried except
    /// "For få svar til å vise resultat" (AN-01, L-07). Default 5; at least <see cref="LowestMinimumGroupSize"/>.
    /// </summary>
    public int MinimumGroupSize
    {
        get => _minimumGroupSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, LowestMinimumGroupSize);
            _minimumGroupSize = value;
        }
    }

    /// <summary>
    /// From this many answers in both rounds a verdict ("Økt", "Redusert", "Ingen tydelig endring …") is
    /// given; below it, figures are shown with "For få svar til å si om noe har endret seg" (L-07). Default 20.
    /// Values below <see cref="MinimumGroupSize"/> act as <see cref="MinimumGroupSize"/>.
    /// </summary>
    public int VerdictMinimum
    {
        get => Math.Max(_verdictMinimum, MinimumGroupSize);
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, LowestMinimumGroupSize);
            _verdictMinimum = value;
        }
    }

    /// <summary>The confidence level of every interval, and 1 − it the level at which adjusted p-values count. Default 0.95.</summary>
    public double ConfidenceLevel
    {
        get => _confidenceLevel;
        init
        {
            Quantiles.CheckLevel(value);
            _confidenceLevel = value;
        }
    }

    /// <summary>How Cliff's delta's interval is computed; default <see cref="CliffsDeltaMethod.Default"/>.</summary>
    public CliffsDeltaMethod CliffsDeltaMethod { get; init; } = CliffsDeltaMethod.Default;

    /// <summary>Exact or approximate rank-test p-values; default <see cref="PValueChoice.Auto"/>.</summary>
    public PValueChoice PValues { get; init; } = PValueChoice.Auto;

    /// <summary>
    /// True (default): when two or more items are compared, their p-values are adjusted with
    /// Benjamini–Hochberg and "Økt"/"Redusert" also needs the adjusted p-value at or below 1 − level.
    /// False: p-values are left raw and the comparison is marked exploratory.
    /// </summary>
    public bool AdjustForMultipleComparisons { get; init; } = true;

    /// <summary>The 0–100 index definition; default <see cref="IndexDefinition.Linear"/> (IDX-LIN).</summary>
    public IndexDefinition Index { get; init; } = IndexDefinition.Linear;

    /// <summary>The rule for the weakest items; default <see cref="WeakestItemRule.LowestMean"/>.</summary>
    public WeakestItemRule WeakestItemRule { get; init; } = WeakestItemRule.LowestMean;

    /// <summary>The number invited per round id, where known: the denominator of the response rate.</summary>
    public IReadOnlyDictionary<string, int> Invited { get; init; } = new Dictionary<string, int>();

    /// <summary>1 − <see cref="ConfidenceLevel"/>.</summary>
    public double Alpha => 1 - ConfidenceLevel;
}
