namespace Surveys.Model;

/// <summary>
/// Benjamini–Hochberg (1995) adjusted p-values, controlling the false-discovery rate when many items are
/// compared at once (statistics.md, "Honest small-sample language"). Identical to R's
/// <c>p.adjust(p, method = "BH")</c>: with the m p-values sorted ascending, p̃₍ᵢ₎ = min over j ≥ i of
/// min(1, m·p₍ⱼ₎/j) (step-up), returned in the input order.
/// </summary>
/// <remarks>Every adjusted value is ≥ its raw value and ≤ 1, and the adjusted values are in the same order as
/// the raw ones (monotone). Empty input gives an empty result; one p-value is returned unchanged.</remarks>
public static class BenjaminiHochberg
{
    /// <summary>The method id shown with adjusted p-values.</summary>
    public const string MethodId = "BH";

    /// <summary>The BH-adjusted p-values of <paramref name="pValues"/>, in the same order. Throws
    /// <see cref="ArgumentOutOfRangeException"/> for a value outside [0, 1] or NaN.</summary>
    /// <param name="pValues">Raw p-values, one per comparison in the family.</param>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        foreach (var p in pValues)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), p, "p-values must be in [0, 1].");
            }
        }

        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            // m/rank first, as R does: for rank = m the factor is exactly 1, so no value drops below its raw p.
            running = Math.Min(running, Math.Min(1, (double)m / rank * pValues[i]));
            adjusted[i] = running;
        }

        return adjusted;
    }
}
