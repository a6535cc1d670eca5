using System.Buffers;
namespace Surveys.Model;

/// <summary>
/// The Mann–Whitney U test (Wilcoxon rank-sum test) for two unpaired rounds of one ordinal item, from the
/// counts per scale position. U of the later round = #(after &gt; before) + ½·#(after = before) over all
/// answer pairs; under "no difference" every split of the pooled answers into groups of the observed sizes
/// is equally likely.
/// </summary>
/// <remarks>
/// <para><b>Two-sided p-value</b> = P(|U − n₁n₂/2| ≥ |u − n₁n₂/2|) under the permutation distribution (the
/// "distance from the expected value" rule, as in StatXact and R's <c>coin</c>). Without ties this equals R's
/// exact <c>wilcox.test</c> p-value, 2·min(P(U ≤ u), P(U ≥ u)).</para>
/// <para><b>Exact</b> (<see cref="PValueMethod.Exact"/>): the permutation distribution of the rank sum given
/// the observed tied values (mid-ranks), by dynamic programming over the k positions: choosing x_c of the
/// t_c pooled answers at position c for the smaller group has C(t_c, x_c) ways and adds x_c times the
/// position's mid-rank. No subsets are enumerated; the cost is about k · n_small · N² · max t_c steps.
/// <see cref="PValueChoice.Auto"/> uses it when both rounds have fewer than <see cref="ExactLimit"/> answers,
/// the size limit of R's <c>wilcox.test</c> (which, unlike this, cannot be exact with ties). At the limit
/// (49 + 49 answers on 5 positions) it takes about 10⁷ multiply-adds, some 6 ms once warm, so a report of
/// twenty items stays well under a second; from 50 answers per round the normal approximation with tie
/// correction is within about 0.01 of the exact p-value (checked in the tests near the limit).</para>
/// <para><b>Normal approximation</b> (<see cref="PValueMethod.NormalApproximation"/>), exactly as R's
/// <c>wilcox.test(exact = FALSE, correct = TRUE)</c>: z = (u − n₁n₂/2 − sign(u − n₁n₂/2)·½) / σ with
/// σ² = n₁n₂/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1))) (tie correction over the tied groups t), and
/// p = 2·Φ(−|z|). The continuity correction of ½ can be turned off.</para>
/// <para><b>Empty input.</b> Either round with no answers: <see cref="ArgumentException"/>. When every answer
/// in both rounds is at the same position there is nothing to rank: p = 1.</para>
/// </remarks>
public static class MannWhitney
{
    /// <summary><see cref="PValueChoice.Auto"/> is exact when each round has fewer than this many answers.</summary>
    public const int ExactLimit = 50;

    /// <summary><see cref="PValueChoice.Exact"/> is refused above this many answers in the two rounds together.</summary>
    public const int ExactHardLimit = 200;

    /// <summary>The Mann–Whitney test of <paramref name="after"/> against <paramref name="before"/>.</summary>
    /// <param name="before">Answers per position in the earlier round (index 0 = position 1).</param>
    /// <param name="after">Answers per position in the later round; same length.</param>
    /// <param name="choice">Exact, normal approximation, or decide by size (the default).</param>
    /// <param name="continuityCorrection">Whether the normal approximation subtracts ½ from |u − n₁n₂/2|
    /// (R's <c>correct = TRUE</c>, the default). Ignored for exact p-values.</param>
    public static MannWhitneyResult Test(IReadOnlyList<int> before, IReadOnlyList<int> after,
        PValueChoice choice = PValueChoice.Auto, bool continuityCorrection = true)
    {
        var (b, a, nb, na) = CountVectors.Check(before, after);
        if (na == 0 || nb == 0)
        {
            throw new ArgumentException("The Mann–Whitney test needs at least one answer in each round.", nb == 0 ? nameof(before) : nameof(after));
        }

        var n = na + nb;
        var k = a.Length;
        var totals = new long[k];
        for (var c = 0; c < k; c++)
        {
            totals[c] = a[c] + b[c];
        }

        // U of the later round, kept doubled to stay an integer: 2U = Σ a_c·(2·below_c + b_c).
        long twiceU = 0, bBelow = 0;
        for (var c = 0; c < k; c++)
        {
            twiceU += a[c] * (2 * bBelow + b[c]);
            bBelow += b[c];
        }

        var u = twiceU / 2.0;
        var exact = choice switch
        {
            PValueChoice.Exact => true,
            PValueChoice.NormalApproximation => false,
            _ => na < ExactLimit && nb < ExactLimit,
        };

        if (exact)
        {
            if (n > ExactHardLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(choice), $"An exact p-value is computed for at most {ExactHardLimit} answers.");
            }

            return new MannWhitneyResult((int)nb, (int)na, u, ExactP(a, b, totals), PValueMethod.Exact, null, false);
        }

        double tieSum = totals.Sum(t => (double)t * t * t - t);
        var variance = na * (double)nb / 12 * ((n + 1) - tieSum / ((double)n * (n - 1)));
        var deviation = u - na * (double)nb / 2;
        if (variance <= 0)
        {
            return new MannWhitneyResult((int)nb, (int)na, u, 1, PValueMethod.NormalApproximation, 0, continuityCorrection);
        }

        var corrected = continuityCorrection ? deviation - Math.Sign(deviation) * 0.5 : deviation;
        var z = corrected / Math.Sqrt(variance);
        return new MannWhitneyResult((int)nb, (int)na, u, Quantiles.TwoSidedNormalP(z), PValueMethod.NormalApproximation, z, continuityCorrection);
    }

    // P(|S − E S| ≥ |s − E S|) for S = 2 × the rank sum of the smaller round; |U − n₁n₂/2| is the same distance.
    // ways[j, s]: the number of ways (weighted by the binomial counts of tied answers) to pick j of the answers seen so far
    // with doubled rank sum s. One table of (m + 1) × (max S + 1), updated in place category by category (j from high to low,
    // so every row read is still the previous category's), and rented from the shared pool: the items of one comparison,
    // and comparisons after it, reuse the same memory instead of allocating a table per category (issue 13).
    private static double ExactP(long[] a, long[] b, long[] totals)
    {
        var (group, m) = a.Sum() <= b.Sum() ? (a, (int)a.Sum()) : (b, (int)b.Sum());
        var n = totals.Sum();
        var ranks = CountVectors.DoubledMidRanks(totals);
        var width = (int)(n * (n + 1)) + 1;
        var size = (m + 1) * width;
        var ways = ArrayPool<double>.Shared.Rent(size);
        try
        {
            Array.Clear(ways, 0, size);
            ways[0] = 1;
            var reach = new int[m + 1]; // highest S reached for each number chosen; −1 = none
            Array.Fill(reach, -1);
            reach[0] = 0;
            var picked = 0; // answers seen so far: rows above it are still empty
            for (var c = 0; c < totals.Length; c++)
            {
                var t = (int)totals[c];
                if (t == 0)
                {
                    continue;
                }

                var weights = BinomialRow(t);
                var top = Math.Min(m, picked + t);
                for (var j = top; j >= 0; j--)
                {
                    // New row j = old row j (x = 0, weight 1) + Σ over x ≥ 1 of old row j − x shifted by x tied ranks.
                    var row = j * width;
                    var highest = reach[j];
                    for (var x = 1; x <= t && x <= j; x++)
                    {
                        var fromRow = j - x;
                        if (reach[fromRow] < 0)
                        {
                            continue;
                        }

                        var shift = (int)(x * ranks[c]);
                        var from = fromRow * width;
                        var w = weights[x];
                        for (var s = 0; s <= reach[fromRow]; s++)
                        {
                            var v = ways[from + s];
                            if (v != 0)
                            {
                                ways[row + s + shift] += v * w;
                            }
                        }

                        highest = Math.Max(highest, reach[fromRow] + shift);
                    }

                    reach[j] = highest;
                }

                picked += t;
            }

            long observed = 0;
            for (var c = 0; c < totals.Length; c++)
            {
                observed += group[c] * ranks[c];
            }

            var mean = m * (n + 1);
            var distance = Math.Abs(observed - mean);
            double tail = 0, all = 0;
            var last = m * width;
            for (var s = 0; s <= reach[m]; s++)
            {
                var v = ways[last + s];
                all += v;
                if (Math.Abs(s - mean) >= distance)
                {
                    tail += v;
                }
            }

            return Math.Min(1, tail / all);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(ways);
        }
    }

    internal static double[] BinomialRow(int t)
    {
        var row = new double[t + 1];
        row[0] = 1;
        for (var x = 1; x <= t; x++)
        {
            row[x] = row[x - 1] * (t - x + 1) / x;
        }

        return row;
    }
}

/// <summary>The result of <see cref="MannWhitney.Test"/>.</summary>
public sealed class MannWhitneyResult
{
    internal MannWhitneyResult(int nBefore, int nAfter, double u, double pValue, PValueMethod method, double? z, bool continuityCorrection)
    {
        NBefore = nBefore;
        NAfter = nAfter;
        U = u;
        PValue = pValue;
        Method = method;
        Z = z;
        ContinuityCorrection = method == PValueMethod.NormalApproximation && continuityCorrection;
    }

    /// <summary>Answers in the earlier round (n₂).</summary>
    public int NBefore { get; }

    /// <summary>Answers in the later round (n₁).</summary>
    public int NAfter { get; }

    /// <summary>U of the later round: #(after &gt; before) + ½·#(after = before) over all answer pairs. R's
    /// <c>wilcox.test(after, before)$statistic</c> ("W").</summary>
    public double U { get; }

    /// <summary>U of the earlier round, n₁n₂ − <see cref="U"/>.</summary>
    public double UBefore => (double)NBefore * NAfter - U;

    /// <summary>The two-sided p-value (see <see cref="MannWhitney"/> for its definition).</summary>
    public double PValue { get; }

    /// <summary>Exact or normal approximation.</summary>
    public PValueMethod Method { get; }

    /// <summary>The standardised statistic of the normal approximation (after the continuity correction when
    /// used); <c>null</c> for exact p-values.</summary>
    public double? Z { get; }

    /// <summary>True when the normal approximation used the continuity correction of ½.</summary>
    public bool ContinuityCorrection { get; }
}
