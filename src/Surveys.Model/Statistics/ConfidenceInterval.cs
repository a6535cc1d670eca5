namespace Surveys.Model;

/// <summary>
/// A two-sided confidence interval [<see cref="Lower"/>, <see cref="Upper"/>] at <see cref="Level"/>
/// (0.95 = 95 %), computed by the method named in <see cref="Method"/> (for example
/// <see cref="WilsonInterval.MethodId"/>). Every interval the platform shows names its method.
/// </summary>
/// <param name="Lower">The lower limit.</param>
/// <param name="Upper">The upper limit; never below <paramref name="Lower"/>.</param>
/// <param name="Level">The confidence level, strictly between 0 and 1.</param>
/// <param name="Method">The stable id of the method that produced the interval.</param>
public sealed record ConfidenceInterval(double Lower, double Upper, double Level, string Method)
{
    /// <summary>True when <paramref name="value"/> lies in the closed interval.</summary>
    public bool Contains(double value) => Lower <= value && value <= Upper;

    /// <summary>True when the interval contains 0, that is, "no change" is compatible with the data.</summary>
    public bool IncludesZero => Contains(0);

    /// <summary>The width, <see cref="Upper"/> − <see cref="Lower"/>.</summary>
    public double Width => Upper - Lower;
}
