namespace Surveys.Model;

/// <summary>Which estimate of Var(δ) a Cliff's delta interval uses.</summary>
public enum CliffsDeltaVariance
{
    /// <summary>
    /// The consistent estimate of Cliff (1996, <i>Ordinal Methods for Behavioral Data Analysis</i>):
    /// ((n₂ − 1)·s²(dᵢ.) + (n₁ − 1)·s²(d.ⱼ) + s²(dᵢⱼ)) / (n₁n₂), with s²(dᵢ.) = Σ(dᵢ. − δ)²/(n₁ − 1),
    /// s²(d.ⱼ) = Σ(d.ⱼ − δ)²/(n₂ − 1) and s²(dᵢⱼ) = ΣΣ(dᵢⱼ − δ)²/((n₁ − 1)(n₂ − 1)). Never negative.
    /// <c>effsize::cliff.delta(use.unbiased = FALSE)</c>.
    /// </summary>
    Consistent,

    /// <summary>
    /// The unbiased estimate of Cliff (1993, Psychological Bulletin 114:494–509):
    /// (n₂²·Σ(dᵢ. − δ)² + n₁²·Σ(d.ⱼ − δ)² − ΣΣ(dᵢⱼ − δ)²) / (n₁n₂(n₁ − 1)(n₂ − 1)). It can be zero or
    /// negative in small samples. <c>effsize::cliff.delta</c>'s default (<c>use.unbiased = TRUE</c>).
    /// </summary>
    Unbiased,
}

/// <summary>The reference distribution of the multiplier in a Cliff's delta interval.</summary>
public enum IntervalQuantile
{
    /// <summary>Student t with n₁ + n₂ − 2 degrees of freedom (Feng and Cliff 2004): wider for small groups.
    /// <c>effsize::cliff.delta(use.normal = FALSE)</c>, the default there.</summary>
    StudentT,

    /// <summary>The standard normal quantile. <c>effsize::cliff.delta(use.normal = TRUE)</c>.</summary>
    Normal,
}

/// <summary>
/// A named way of computing the Cliff's delta confidence interval: always Cliff's asymmetric interval
/// (δ − δ³ ± z·s·√((1 − δ²)² + z²s²)) / (1 − δ² + z²s²), with s² from <see cref="Variance"/> and z from
/// <see cref="Quantile"/>. The interval is asymmetric and stays inside [−1, 1].
/// </summary>
/// <param name="Variance">The variance estimate.</param>
/// <param name="Quantile">The reference distribution of z.</param>
public sealed record CliffsDeltaMethod(CliffsDeltaVariance Variance, IntervalQuantile Quantile)
{
    /// <summary>
    /// The platform's default: Cliff's (1996) consistent variance with the Student t quantile. The consistent
    /// variance is never negative and never smaller than the unbiased one (their difference is
    /// (Σ(dᵢ. − δ)² + Σ(d.ⱼ − δ)² + 2·SS_interaction) / (n₁n₂(n₁ − 1)(n₂ − 1)) ≥ 0); the t quantile widens
    /// small-group intervals. Both lean towards "too few answers to say" rather than towards
    /// announcing a change.
    /// </summary>
    public static CliffsDeltaMethod Default { get; } = new(CliffsDeltaVariance.Consistent, IntervalQuantile.StudentT);

    /// <summary>The default of R's <c>effsize::cliff.delta</c> (<c>use.unbiased = TRUE, use.normal = FALSE</c>),
    /// for reproducing its output.</summary>
    public static CliffsDeltaMethod Effsize { get; } = new(CliffsDeltaVariance.Unbiased, IntervalQuantile.StudentT);

    /// <summary>The stable id carried by the interval, for example <c>CLIFF-ASYMMETRIC-CONSISTENT-T</c>.</summary>
    public string Id =>
        $"CLIFF-ASYMMETRIC-{(Variance == CliffsDeltaVariance.Consistent ? "CONSISTENT" : "UNBIASED")}-{(Quantile == IntervalQuantile.StudentT ? "T" : "Z")}";

    /// <inheritdoc />
    public override string ToString() => Id;
}
