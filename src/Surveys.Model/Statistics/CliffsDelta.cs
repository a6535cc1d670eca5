namespace Surveys.Model;

/// <summary>
/// Cliff's delta for two rounds of one ordinal item, computed from the counts per scale position:
/// δ = P(after &gt; before) − P(after &lt; before), over all n_before × n_after pairs of one answer from each
/// round (Cliff 1993). δ is in [−1, 1]: 0 when neither round tends to be higher, 1 when every answer after is
/// higher than every answer before. It equals 2U/(n₁n₂) − 1 for the Mann–Whitney U of the later round.
/// </summary>
/// <remarks>
/// <para><b>From counts.</b> Nothing is expanded to raw answers: for k positions the estimate, the row and
/// column dominance means dᵢ. and d.ⱼ (equal for all answers at one position) and the sum of squares of the
/// dominance matrix are all computed in O(k).</para>
/// <para><b>Interval.</b> Cliff's asymmetric interval with the variance and quantile named by
/// <see cref="CliffsDeltaMethod"/> (default <see cref="CliffsDeltaMethod.Default"/>), as in R's
/// <c>effsize::cliff.delta</c> (which is reproduced exactly, including its handling of fully separated
/// rounds: when |δ| = 1 the variance and interval use δ·(n₁n₂ − 1)/(n₁n₂) and the limit at ±1 is set to ±1).
/// One deliberate difference from effsize: the variance is never taken below (1 − δ²)/(n₁n₂ − 1), the floor
/// Cliff recommends, so that identical or nearly identical rounds get an interval of honest width instead
/// of a zero-width interval (or, with the unbiased estimate, none at all).</para>
/// <para><b>Empty input.</b> Either round with no answers: <see cref="ArgumentException"/> (δ is undefined).
/// Either round with one answer: the estimate is given, the interval is <c>null</c>.</para>
/// </remarks>
public static class CliffsDelta
{
    /// <summary>
    /// Cliff's delta of <paramref name="after"/> relative to <paramref name="before"/> with its interval.
    /// </summary>
    /// <param name="before">Answers per position in the earlier round (index 0 = position 1).</param>
    /// <param name="after">Answers per position in the later round; same length.</param>
    /// <param name="level">Confidence level, strictly between 0 and 1; 0.95 by default.</param>
    /// <param name="method">How the interval is computed; <see cref="CliffsDeltaMethod.Default"/> when <c>null</c>.</param>
    public static CliffsDeltaResult FromCounts(IReadOnlyList<int> before, IReadOnlyList<int> after, double level = 0.95,
        CliffsDeltaMethod? method = null) =>
        FromCounts(before, after, level, method ?? CliffsDeltaMethod.Default, designEffect: 1);

    /// <summary>As the public overload, with the variance multiplied by <paramref name="designEffect"/> (≥ 1)
    /// for answers pooled over items of the same people.</summary>
    internal static CliffsDeltaResult FromCounts(IReadOnlyList<int> before, IReadOnlyList<int> after, double level,
        CliffsDeltaMethod method, double designEffect)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentOutOfRangeException.ThrowIfLessThan(designEffect, 1);
        Quantiles.CheckLevel(level);
        var (b, a, n2, n1) = CountVectors.Check(before, after);
        if (n1 == 0 || n2 == 0)
        {
            throw new ArgumentException("Cliff's delta needs at least one answer in each round.", n2 == 0 ? nameof(before) : nameof(after));
        }

        // i indexes the later round ("treatment", n1), j the earlier ("control", n2), as in effsize.
        var k = a.Length;
        long greater = 0, less = 0, ties = 0;
        var bBelow = new long[k];
        var aBelow = new long[k];
        for (var c = 1; c < k; c++)
        {
            bBelow[c] = bBelow[c - 1] + b[c - 1];
            aBelow[c] = aBelow[c - 1] + a[c - 1];
        }

        for (var c = 0; c < k; c++)
        {
            greater += a[c] * bBelow[c];
            less += a[c] * (n2 - bBelow[c] - b[c]);
            ties += a[c] * b[c];
        }

        double pairs = (double)n1 * n2;
        var delta = (greater - less) / pairs;
        var separated = greater == n1 * n2 || less == n1 * n2;
        var d = separated ? delta * (pairs - 1) / pairs : delta;

        ConfidenceInterval? interval = null;
        double? variance = null;
        if (n1 >= 2 && n2 >= 2)
        {
            double sumRows = 0, sumColumns = 0;
            for (var c = 0; c < k; c++)
            {
                var row = (bBelow[c] - (n2 - bBelow[c] - b[c])) / (double)n2;      // dᵢ. of a later answer at c
                var column = ((n1 - aBelow[c] - a[c]) - aBelow[c]) / (double)n1;   // d.ⱼ of an earlier answer at c
                sumRows += a[c] * (row - d) * (row - d);
                sumColumns += b[c] * (column - d) * (column - d);
            }

            var sumCells = greater * (1 - d) * (1 - d) + ties * d * d + less * (1 + d) * (1 + d);
            double m1 = n1 - 1, m2 = n2 - 1;
            var s2 = method.Variance == CliffsDeltaVariance.Consistent
                ? (m2 * (sumRows / m1) + m1 * (sumColumns / m2) + sumCells / (m1 * m2)) / pairs
                : ((double)n2 * n2 * sumRows + (double)n1 * n1 * sumColumns - sumCells) / (pairs * m1 * m2);
            s2 = Math.Max(s2, (1 - d * d) / (pairs - 1)) * designEffect;
            variance = s2;

            var z = method.Quantile == IntervalQuantile.StudentT
                ? Quantiles.TwoSidedStudentT(level, n1 + n2 - 2)
                : Quantiles.TwoSidedNormal(level);
            var core = d - d * d * d;
            var spread = z * Math.Sqrt(s2) * Math.Sqrt(Math.Pow(1 - d * d, 2) + z * z * s2);
            var denominator = 1 - d * d + z * z * s2;
            var lower = (core - spread) / denominator;
            var upper = (core + spread) / denominator;
            if (greater == n1 * n2)
            {
                upper = 1;
            }

            if (less == n1 * n2)
            {
                lower = -1;
            }

            interval = new ConfidenceInterval(Math.Clamp(lower, -1, 1), Math.Clamp(upper, -1, 1), level, method.Id);
        }

        return new CliffsDeltaResult((int)n2, (int)n1, delta, greater / pairs, less / pairs, ties / pairs,
            variance, interval, method, designEffect);
    }
}

/// <summary>
/// The result of <see cref="CliffsDelta.FromCounts(IReadOnlyList{int}, IReadOnlyList{int}, double, CliffsDeltaMethod?)"/>.
/// </summary>
public sealed class CliffsDeltaResult
{
    internal CliffsDeltaResult(int nBefore, int nAfter, double estimate, double afterHigher, double afterLower, double tied,
        double? variance, ConfidenceInterval? interval, CliffsDeltaMethod method, double designEffect)
    {
        NBefore = nBefore;
        NAfter = nAfter;
        Estimate = estimate;
        AfterHigher = afterHigher;
        AfterLower = afterLower;
        Tied = tied;
        Variance = variance;
        Interval = interval;
        Method = method;
        DesignEffect = designEffect;
        Magnitude = EffectMagnitudes.OfCliffsDelta(estimate);
    }

    /// <summary>Answers in the earlier round.</summary>
    public int NBefore { get; }

    /// <summary>Answers in the later round.</summary>
    public int NAfter { get; }

    /// <summary>δ = <see cref="AfterHigher"/> − <see cref="AfterLower"/>, in [−1, 1].</summary>
    public double Estimate { get; }

    /// <summary>The share of (before, after) answer pairs where the later answer is at a higher position.</summary>
    public double AfterHigher { get; }

    /// <summary>The share of pairs where the later answer is at a lower position.</summary>
    public double AfterLower { get; }

    /// <summary>The share of pairs at the same position. The three shares sum to 1.</summary>
    public double Tied { get; }

    /// <summary>The variance estimate behind <see cref="Interval"/> (after the floor and the design effect);
    /// <c>null</c> when there is no interval.</summary>
    public double? Variance { get; }

    /// <summary>The confidence interval for δ, named by <see cref="CliffsDeltaMethod.Id"/>; <c>null</c> when a
    /// round has fewer than two answers.</summary>
    public ConfidenceInterval? Interval { get; }

    /// <summary>How the interval was computed.</summary>
    public CliffsDeltaMethod Method { get; }

    /// <summary>The factor the variance was multiplied by: 1 for one item; answers per person when pooled.</summary>
    public double DesignEffect { get; }

    /// <summary>The Romano et al. class of |δ| (<see cref="EffectMagnitudes"/>).</summary>
    public EffectMagnitude Magnitude { get; }
}
