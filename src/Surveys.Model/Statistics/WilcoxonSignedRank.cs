namespace Surveys.Model;

/// <summary>
/// The Wilcoxon signed-rank test for linked (paired) answers, with Pratt's (1959) handling of zero
/// differences: the differences d = after − before of all pairs, zeros included, are ranked by |d| (ties
/// get mid-ranks); the zeros' ranks are then dropped, and V = the sum of the ranks of the positive
/// differences. Under "no change" each non-zero difference is positive or negative with probability ½,
/// independently, given the observed ranks.
/// </summary>
/// <remarks>
/// <para>Pratt's method keeps the zeros in the ranking (so pairs that did not move still count towards the
/// size of the others' ranks); Wilcoxon's original method drops zero pairs before ranking, as R's
/// <c>wilcox.test</c> does. <c>coin::wilcoxsign_test(zero.method = "Pratt")</c> and SciPy's
/// <c>wilcoxon(zero_method = "pratt")</c> use Pratt's method.</para>
/// <para><b>Two-sided p-value</b> = P(|V − E V| ≥ |v − E V|) with E V = Σr/2 over the non-zero ranks.</para>
/// <para><b>Exact</b>: the distribution of V over the 2^m sign patterns of the m non-zero differences, by
/// dynamic programming over the distinct |d| (each group of g pairs with rank r adds j·r with probability
/// C(g, j)/2^g). <see cref="PValueChoice.Auto"/> uses it when there are fewer than <see cref="ExactLimit"/>
/// pairs (R's limit). <b>Normal approximation</b>: z = (v − Σr/2 − sign·½)/√(Σr²/4), the variance taken
/// from the actual mid-ranks (so it is tie-corrected), with the continuity correction of ½ unless turned off.</para>
/// <para><b>Empty input.</b> No pairs: <see cref="ArgumentException"/>. All differences zero: p = 1.</para>
/// </remarks>
public static class WilcoxonSignedRank
{
    /// <summary><see cref="PValueChoice.Auto"/> is exact below this many pairs.</summary>
    public const int ExactLimit = 50;

    /// <summary><see cref="PValueChoice.Exact"/> is refused above this many pairs.</summary>
    public const int ExactHardLimit = 400;

    /// <summary>The signed-rank test of the pairs' differences after − before.</summary>
    /// <param name="pairs">The linked answers: each pair's position before and after.</param>
    /// <param name="choice">Exact, normal approximation, or decide by size (the default).</param>
    /// <param name="continuityCorrection">Whether the normal approximation subtracts ½ from |v − E V|.</param>
    public static WilcoxonSignedRankResult Test(IEnumerable<(int Before, int After)> pairs,
        PValueChoice choice = PValueChoice.Auto, bool continuityCorrection = true)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var differences = pairs.Select(p => (long)p.After - p.Before).ToList();
        if (differences.Count == 0)
        {
            throw new ArgumentException("The signed-rank test needs at least one pair.", nameof(pairs));
        }

        // Groups of equal |d|, smallest first (zeros first, if any); mid-ranks doubled to stay integers.
        var groups = differences.GroupBy(Math.Abs).OrderBy(g => g.Key)
            .Select(g => (Size: g.Key, Positive: g.Count(d => d > 0), Negative: g.Count(d => d < 0), Count: g.Count()))
            .ToList();
        var ranks = CountVectors.DoubledMidRanks(groups.Select(g => (long)g.Count).ToArray());
        long twiceV = 0, twiceVNegative = 0, twiceSum = 0;
        double sumSquares = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            if (groups[i].Size == 0)
            {
                continue;
            }

            twiceV += groups[i].Positive * ranks[i];
            twiceVNegative += groups[i].Negative * ranks[i];
            twiceSum += (groups[i].Positive + groups[i].Negative) * ranks[i];
            sumSquares += (groups[i].Positive + groups[i].Negative) * (ranks[i] / 2.0) * (ranks[i] / 2.0);
        }

        var n = differences.Count;
        var zeros = groups.Where(g => g.Size == 0).Sum(g => g.Count);
        var exact = choice switch
        {
            PValueChoice.Exact => true,
            PValueChoice.NormalApproximation => false,
            _ => n < ExactLimit,
        };

        if (twiceSum == 0)
        {
            return new WilcoxonSignedRankResult(n, zeros, 0, 0, 1, exact ? PValueMethod.Exact : PValueMethod.NormalApproximation, exact ? null : 0, false);
        }

        if (exact)
        {
            if (n > ExactHardLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(choice), $"An exact p-value is computed for at most {ExactHardLimit} pairs.");
            }

            // Zero differences have no sign: their group contributes nothing (Count 0).
            var p = ExactP(groups.Select((g, i) => (Count: g.Positive + g.Negative, Rank: ranks[i])).ToList(), twiceV, twiceSum);
            return new WilcoxonSignedRankResult(n, zeros, twiceV / 2.0, twiceVNegative / 2.0, p, PValueMethod.Exact, null, false);
        }

        var deviation = (twiceV - twiceSum / 2.0) / 2;
        var corrected = continuityCorrection ? deviation - Math.Sign(deviation) * 0.5 : deviation;
        var z = corrected / Math.Sqrt(sumSquares / 4);
        return new WilcoxonSignedRankResult(n, zeros, twiceV / 2.0, twiceVNegative / 2.0, Quantiles.TwoSidedNormalP(z),
            PValueMethod.NormalApproximation, z, continuityCorrection);
    }

    // Distribution of 2V = Σ over groups of j·(2r), j ~ Binomial(count, ½); two-sided by distance from the mean.
    private static double ExactP(List<(int Count, long Rank)> groups, long twiceV, long twiceSum)
    {
        var distribution = new double[twiceSum + 1];
        distribution[0] = 1;
        long reach = 0;
        foreach (var (count, rank) in groups)
        {
            if (count == 0)
            {
                continue;
            }

            var weights = MannWhitney.BinomialRow(count);
            var scale = Math.Pow(2, -count);
            var next = new double[twiceSum + 1];
            for (long s = 0; s <= reach; s++)
            {
                if (distribution[s] == 0)
                {
                    continue;
                }

                for (var j = 0; j <= count; j++)
                {
                    next[s + j * rank] += distribution[s] * weights[j] * scale;
                }
            }

            distribution = next;
            reach += count * rank;
        }

        // |2V − Σ2r/2| compared as |2·(2V) − Σ2r| to stay in integers.
        var distance = Math.Abs(2 * twiceV - twiceSum);
        double tail = 0;
        for (long s = 0; s <= reach; s++)
        {
            if (Math.Abs(2 * s - twiceSum) >= distance)
            {
                tail += distribution[s];
            }
        }

        return Math.Min(1, tail);
    }
}

/// <summary>The result of <see cref="WilcoxonSignedRank.Test"/>.</summary>
public sealed class WilcoxonSignedRankResult
{
    internal WilcoxonSignedRankResult(int pairs, int zeros, double v, double vNegative, double pValue, PValueMethod method, double? z, bool continuityCorrection)
    {
        Pairs = pairs;
        Zeros = zeros;
        V = v;
        VNegative = vNegative;
        PValue = pValue;
        Method = method;
        Z = z;
        ContinuityCorrection = method == PValueMethod.NormalApproximation && continuityCorrection;
    }

    /// <summary>The number of linked pairs, zeros included.</summary>
    public int Pairs { get; }

    /// <summary>Pairs with the same position before and after (d = 0).</summary>
    public int Zeros { get; }

    /// <summary>The name of the zero handling: always <c>Pratt</c>.</summary>
    public string ZeroMethod => "Pratt";

    /// <summary>V: the sum of the (Pratt) ranks of the positive differences (after above before).</summary>
    public double V { get; }

    /// <summary>The sum of the ranks of the negative differences.</summary>
    public double VNegative { get; }

    /// <summary>E V under no change: (<see cref="V"/> + <see cref="VNegative"/>)/2.</summary>
    public double Expected => (V + VNegative) / 2;

    /// <summary>The two-sided p-value.</summary>
    public double PValue { get; }

    /// <summary>Exact or normal approximation.</summary>
    public PValueMethod Method { get; }

    /// <summary>The standardised statistic of the normal approximation; <c>null</c> for exact p-values.</summary>
    public double? Z { get; }

    /// <summary>True when the normal approximation used the continuity correction of ½.</summary>
    public bool ContinuityCorrection { get; }
}
