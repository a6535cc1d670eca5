namespace Surveys.Model;

/// <summary>How a rank test's p-value was obtained.</summary>
public enum PValueMethod
{
    /// <summary>From the exact permutation distribution of the statistic given the observed (tied) values.</summary>
    Exact,

    /// <summary>From the normal approximation, with tie correction and (by default) continuity correction.</summary>
    NormalApproximation,
}

/// <summary>Which p-value a rank test should compute.</summary>
public enum PValueChoice
{
    /// <summary>Exact when the groups are small enough to enumerate (each test names its limit), otherwise
    /// the normal approximation. The default.</summary>
    Auto,

    /// <summary>Always exact; refused above the test's hard size limit.</summary>
    Exact,

    /// <summary>Always the normal approximation (what R's <c>wilcox.test</c> does whenever there are ties).</summary>
    NormalApproximation,
}
