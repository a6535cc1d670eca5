namespace Surveys.Model;

/// <summary>
/// The difference between two shares, after − before (for example the top-two share of two rounds), with
/// Newcombe's hybrid score interval: method 10 of Newcombe (1998), "Interval estimation for the difference
/// between independent proportions: comparison of eleven methods", Statistics in Medicine 17:873–890.
/// The Wald interval is never used: it is too narrow and degenerate at 0 % and 100 %, which small groups hit often.
/// </summary>
/// <remarks>
/// <para>With p₁ = after, p₂ = before and their Wilson limits (l₁, u₁), (l₂, u₂) at the same level
/// (<see cref="WilsonInterval"/>, no continuity correction): lower = (p₁ − p₂) − √((p₁ − l₁)² + (u₂ − p₂)²),
/// upper = (p₁ − p₂) + √((u₁ − p₁)² + (p₂ − l₂)²). The interval always contains the estimate and lies in [−1, 1].</para>
/// <para><see cref="DesignEffect"/> is 1 for independent answers. When answers were pooled over several items
/// of the same people, the Wilson limits are computed at the effective size n ÷ design effect (Kish), which
/// widens the interval; the estimate does not change.</para>
/// </remarks>
/// <param name="Before">The share in the earlier round.</param>
/// <param name="After">The share in the later round.</param>
/// <param name="Estimate">after − before, in [−1, 1]; multiply by 100 for percentage points.</param>
/// <param name="Interval">The Newcombe hybrid score interval for <paramref name="Estimate"/>.</param>
/// <param name="DesignEffect">The variance inflation applied to both rounds; 1 unless answers were pooled.</param>
public sealed record ProportionDifference(Proportion Before, Proportion After, double Estimate, ConfidenceInterval Interval, double DesignEffect = 1)
{
    /// <summary>The method id carried by <see cref="Interval"/>.</summary>
    public const string MethodId = "NEWCOMBE-HYBRID-SCORE";

    /// <summary>The change in percentage points, 100 × <see cref="Estimate"/>.</summary>
    public double PercentagePoints => 100 * Estimate;

    /// <summary>
    /// after − before with Newcombe's method-10 interval. Throws <see cref="ArgumentOutOfRangeException"/>
    /// when either share has a zero denominator (there is no share to compare).
    /// </summary>
    /// <param name="before">The earlier round's share.</param>
    /// <param name="after">The later round's share.</param>
    /// <param name="level">Confidence level, strictly between 0 and 1; 0.95 by default.</param>
    public static ProportionDifference Newcombe(Proportion before, Proportion after, double level = 0.95) =>
        Newcombe(before, after, level, 1, 1);

    /// <summary>As <see cref="Newcombe(Proportion, Proportion, double)"/>, with the Wilson limits of each round
    /// at effective size n ÷ design effect.</summary>
    internal static ProportionDifference Newcombe(Proportion before, Proportion after, double level, double designEffectBefore, double designEffectAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(before.Total, 1, nameof(before));
        ArgumentOutOfRangeException.ThrowIfLessThan(after.Total, 1, nameof(after));
        ArgumentOutOfRangeException.ThrowIfLessThan(designEffectBefore, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(designEffectAfter, 1);
        double p1 = after.Value!.Value, p2 = before.Value!.Value;
        var w1 = WilsonInterval.Compute(p1, after.Total / designEffectAfter, level);
        var w2 = WilsonInterval.Compute(p2, before.Total / designEffectBefore, level);
        var d = p1 - p2;
        var lower = d - Math.Sqrt(Square(p1 - w1.Lower) + Square(w2.Upper - p2));
        var upper = d + Math.Sqrt(Square(w1.Upper - p1) + Square(p2 - w2.Lower));
        var interval = new ConfidenceInterval(Math.Clamp(lower, -1, d), Math.Clamp(upper, d, 1), level, MethodId);
        return new ProportionDifference(before, after, d, interval, Math.Max(designEffectBefore, designEffectAfter));
    }

    private static double Square(double x) => x * x;
}
