namespace Surveys.Model;

/// <summary>
/// One ordinal item compared over answers that participants chose to link between two rounds with a
/// self-made code (statistics.md, "Paired rounds"): the Wilcoxon signed-rank test with Pratt's handling of
/// zero differences, and the number of linked pairs. Unlinked answers still belong in the unpaired
/// <see cref="RoundComparison"/>; this is the individual-change view that comparison cannot give.
/// </summary>
/// <remarks>
/// <para>Fewer linked pairs than the minimum group size: nothing but "For få svar til å vise resultat" (no
/// count, no test). Fewer than the verdict minimum: the test with "For få svar til å si om noe har endret
/// seg". Otherwise: "Økt"/"Redusert" when the two-sided p-value is at or below 1 − level (direction from
/// V against its expectation), else "Ingen tydelig endring, for få svar til å si sikkert". No interval is
/// computed for linked answers, so this verdict rests on the test; <see cref="Verdict.Detail"/> states the
/// share of pairs that moved up and down and the p-value.</para>
/// </remarks>
public sealed class PairedComparison
{
    private PairedComparison(string itemId, string scaleId, ComparisonStatus status, Verdict verdict, WilcoxonSignedRankResult? test,
        double? up, double? down)
    {
        ItemId = itemId;
        ScaleId = scaleId;
        Status = status;
        Verdict = verdict;
        Test = test;
        ShareUp = up;
        ShareDown = down;
    }

    /// <summary>The item.</summary>
    public string ItemId { get; }

    /// <summary>The item's scale.</summary>
    public string ScaleId { get; }

    /// <summary>Compared or suppressed.</summary>
    public ComparisonStatus Status { get; }

    /// <summary>What may be said.</summary>
    public Verdict Verdict { get; }

    /// <summary>The signed-rank test; <c>null</c> when suppressed.</summary>
    public WilcoxonSignedRankResult? Test { get; }

    /// <summary>The number of linked pairs; <c>null</c> when suppressed.</summary>
    public int? Pairs => Test?.Pairs;

    /// <summary>"Koblede svar: n par" / "Linked answers: n pairs", or "færre enn 5" when suppressed.</summary>
    public LocalizedText? PairsText { get; private init; }

    /// <summary>The share of pairs whose later answer is higher; <c>null</c> when suppressed.</summary>
    public double? ShareUp { get; }

    /// <summary>The share of pairs whose later answer is lower; <c>null</c> when suppressed.</summary>
    public double? ShareDown { get; }

    /// <summary>
    /// Compares the linked answers to <paramref name="itemId"/>. Throws <see cref="ArgumentException"/> when
    /// the scale is not ordinal or a position is off the scale.
    /// </summary>
    /// <param name="itemId">The item.</param>
    /// <param name="scale">The item's scale (the same in both rounds).</param>
    /// <param name="pairs">One (before, after) pair of positions per linked participant who answered both times.</param>
    /// <param name="options">Settings; the defaults when <c>null</c>.</param>
    public static PairedComparison Compare(string itemId, Scale scale, IEnumerable<(int Before, int After)> pairs, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(pairs);
        options ??= new ComparisonOptions();
        if (!scale.IsRankable)
        {
            throw new ArgumentException("Linked answers are compared only on ordinal scales.", nameof(scale));
        }

        var list = pairs.ToList();
        if (list.Any(p => !scale.IsPosition(p.Before) || !scale.IsPosition(p.After)))
        {
            throw new ArgumentException($"Every position must be 1..{scale.Points}.", nameof(pairs));
        }

        if (list.Count < options.MinimumGroupSize)
        {
            return new PairedComparison(itemId, scale.Id, ComparisonStatus.Suppressed, Verdict.TooFewToShow, null, null, null)
            {
                PairsText = ComparisonTexts.FewerThan(options.MinimumGroupSize),
            };
        }

        var test = WilcoxonSignedRank.Test(list, options.PValues);
        double up = list.Count(p => p.After > p.Before) / (double)list.Count, down = list.Count(p => p.After < p.Before) / (double)list.Count;
        Verdict verdict;
        if (list.Count < options.VerdictMinimum)
        {
            verdict = Verdict.TooFewToSay;
        }
        else
        {
            var detail = Detail(up, down, test.PValue);
            verdict = test.PValue <= options.Alpha && test.V != test.Expected
                ? Verdict.Change(test.V > test.Expected, detail)
                : Verdict.NoClearChange(detail);
        }

        return new PairedComparison(itemId, scale.Id, ComparisonStatus.Compared, verdict, test, up, down)
        {
            PairsText = ComparisonTexts.LinkedPairs(list.Count),
        };
    }

    private static LocalizedText Detail(double up, double down, double p) => new(
        $"{Format.Decimal(100 * up, 0, Language.Norwegian)} % svarte høyere og {Format.Decimal(100 * down, 0, Language.Norwegian)} % lavere (Wilcoxon, p = {Format.Decimal(p, 3, Language.Norwegian)})",
        $"{Format.Decimal(100 * up, 0, Language.English)}% answered higher and {Format.Decimal(100 * down, 0, Language.English)}% lower (Wilcoxon, p = {Format.Decimal(p, 3, Language.English)})");
}
