using MathNet.Numerics.Distributions;

namespace Surveys.Model;

/// <summary>
/// The Wilson score interval for one proportion (Wilson 1927; method 3 in Newcombe 1998, "Two-sided
/// confidence intervals for the single proportion"), without continuity correction:
/// (2np + z² ± z·√(z² + 4np(1 − p))) / (2(n + z²)), with z the standard normal quantile at 1 − α/2.
/// Unlike the Wald interval it never leaves [0, 1] and is not degenerate at 0/n or n/n: for 0/n it is
/// [0, z²/(n + z²)], for n/n it is [n/(n + z²), 1].
/// </summary>
public static class WilsonInterval
{
    /// <summary>The method id carried by the intervals this class produces.</summary>
    public const string MethodId = "WILSON";

    /// <summary>
    /// The Wilson interval for <paramref name="successes"/> out of <paramref name="n"/>.
    /// Throws <see cref="ArgumentOutOfRangeException"/> when n is 0 (no interval exists for an empty group)
    /// or successes is outside 0..n.
    /// </summary>
    /// <param name="successes">The count with the property, 0..n.</param>
    /// <param name="n">The denominator, at least 1.</param>
    /// <param name="level">Confidence level, strictly between 0 and 1; 0.95 by default.</param>
    public static ConfidenceInterval Compute(int successes, int n, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        return Compute((double)successes / n, n, level);
    }

    /// <summary>The same interval for a share <paramref name="p"/> of an effective sample size
    /// <paramref name="n"/> that need not be whole (n = answers ÷ design effect).</summary>
    internal static ConfidenceInterval Compute(double p, double n, double level)
    {
        var z = Quantiles.TwoSidedNormal(level);
        var z2 = z * z;
        var centre = 2 * n * p + z2;
        var spread = z * Math.Sqrt(z2 + 4 * n * p * (1 - p));
        var denominator = 2 * (n + z2);
        var lower = p <= 0 ? 0 : Math.Clamp((centre - spread) / denominator, 0, 1);
        var upper = p >= 1 ? 1 : Math.Clamp((centre + spread) / denominator, 0, 1);
        return new ConfidenceInterval(lower, upper, level, MethodId);
    }
}

/// <summary>Standard normal and Student t quantiles for two-sided intervals (MathNet.Numerics).</summary>
internal static class Quantiles
{
    /// <summary>z with P(|Z| ≤ z) = <paramref name="level"/>.</summary>
    public static double TwoSidedNormal(double level)
    {
        CheckLevel(level);
        return Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
    }

    /// <summary>t with P(|T| ≤ t) = <paramref name="level"/> for <paramref name="degreesOfFreedom"/>.</summary>
    public static double TwoSidedStudentT(double level, double degreesOfFreedom)
    {
        CheckLevel(level);
        return StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - (1 - level) / 2);
    }

    /// <summary>Two-sided p-value of a standard normal statistic: 2·Φ(−|z|).</summary>
    public static double TwoSidedNormalP(double z) => Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z)));

    public static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must be strictly between 0 and 1.");
        }
    }
}
