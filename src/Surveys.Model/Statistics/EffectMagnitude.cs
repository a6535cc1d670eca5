namespace Surveys.Model;

/// <summary>
/// How large a Cliff's delta is, by the thresholds of Romano, Kromrey, Coraggio and Skowronek (2006), also
/// used by R's <c>effsize::cliff.delta</c>: |δ| &lt; 0.147 negligible, &lt; 0.33 small, &lt; 0.474 medium,
/// otherwise large. A threshold value itself belongs to the larger class (|δ| = 0.147 is small).
/// </summary>
public enum EffectMagnitude
{
    /// <summary>|δ| &lt; 0.147.</summary>
    Negligible,

    /// <summary>0.147 ≤ |δ| &lt; 0.33.</summary>
    Small,

    /// <summary>0.33 ≤ |δ| &lt; 0.474.</summary>
    Medium,

    /// <summary>|δ| ≥ 0.474.</summary>
    Large,
}

/// <summary>The Romano et al. (2006) classification of <see cref="EffectMagnitude"/>.</summary>
public static class EffectMagnitudes
{
    /// <summary>Lower limit of <see cref="EffectMagnitude.Small"/>.</summary>
    public const double Small = 0.147;

    /// <summary>Lower limit of <see cref="EffectMagnitude.Medium"/>.</summary>
    public const double Medium = 0.33;

    /// <summary>Lower limit of <see cref="EffectMagnitude.Large"/>.</summary>
    public const double Large = 0.474;

    /// <summary>The class of a Cliff's delta <paramref name="delta"/> in [−1, 1].</summary>
    public static EffectMagnitude OfCliffsDelta(double delta)
    {
        var size = Math.Abs(delta);
        return size < Small ? EffectMagnitude.Negligible
            : size < Medium ? EffectMagnitude.Small
            : size < Large ? EffectMagnitude.Medium
            : EffectMagnitude.Large;
    }

    /// <summary>The class's name in bokmål and English, for reports.</summary>
    public static LocalizedText Name(EffectMagnitude magnitude) => magnitude switch
    {
        EffectMagnitude.Negligible => new LocalizedText("ubetydelig", "negligible"),
        EffectMagnitude.Small => new LocalizedText("liten", "small"),
        EffectMagnitude.Medium => new LocalizedText("middels", "medium"),
        _ => new LocalizedText("stor", "large"),
    };
}
