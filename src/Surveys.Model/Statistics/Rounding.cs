namespace Surveys.Model;

/// <summary>
/// Display rounding of percentage distributions (instruments.md §2, "Percent distributions"): integer
/// percentages by the largest-remainder (Hamilton) method, so that they sum to exactly 100. Applied once,
/// at display, to counts; never to already rounded values, and never used for computation or exports.
/// </summary>
public static class Rounding
{
    /// <summary>
    /// Integer parts of <paramref name="total"/> (100 for percentages) proportional to <paramref name="counts"/>,
    /// summing to exactly <paramref name="total"/>. Each part starts at the floor of its exact quota
    /// count × total / n; the units still missing go one each to the largest remainders. Ties between equal
    /// remainders go to the larger count, then to the earlier position. Arithmetic is exact (integers).
    /// </summary>
    /// <remarks>Empty input: when the counts sum to 0 every part is 0 (there is nothing to show; the sum is then 0, not 100).
    /// Categories with zero answers are kept, as 0.</remarks>
    /// <param name="counts">Counts per category, in display order; none negative.</param>
    /// <param name="total">What the parts must sum to; 100 for percentages.</param>
    public static int[] LargestRemainder(IReadOnlyList<int> counts, int total = 100)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        long n = 0;
        foreach (var c in counts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(counts));
            n += c;
        }

        var parts = new int[counts.Count];
        if (n == 0)
        {
            return parts;
        }

        var remainders = new long[counts.Count];
        long assigned = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            var scaled = (long)counts[i] * total;
            parts[i] = (int)(scaled / n);
            remainders[i] = scaled % n;
            assigned += parts[i];
        }

        var order = Enumerable.Range(0, counts.Count)
            .OrderByDescending(i => remainders[i])
            .ThenByDescending(i => counts[i])
            .ThenBy(i => i)
            .ToArray();
        for (var j = 0; j < total - assigned; j++)
        {
            parts[order[j]]++;
        }

        return parts;
    }
}
