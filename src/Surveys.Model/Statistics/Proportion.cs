namespace Surveys.Model;

/// <summary>
/// A share given as its two counts: <see cref="Count"/> answers out of <see cref="Total"/>. The exact share
/// is <see cref="Value"/>; percentages are rounded only at display (<see cref="Rounding"/>), never here.
/// </summary>
/// <remarks>Empty input: when <see cref="Total"/> is 0 the share is undefined and <see cref="Value"/> is <c>null</c>.</remarks>
public readonly record struct Proportion
{
    /// <summary>Creates the share <paramref name="count"/> / <paramref name="total"/>; requires 0 ≤ count ≤ total.</summary>
    public Proportion(int count, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, count);
        Count = count;
        Total = total;
    }

    /// <summary>The answers counted (the numerator).</summary>
    public int Count { get; }

    /// <summary>The denominator: answers on the scale (the non-scale code and "not answered" excluded).</summary>
    public int Total { get; }

    /// <summary>The exact share <see cref="Count"/> / <see cref="Total"/> in [0, 1]; <c>null</c> when <see cref="Total"/> is 0.</summary>
    public double? Value => Total == 0 ? null : (double)Count / Total;

    /// <inheritdoc />
    public override string ToString() => $"{Count}/{Total}";
}
