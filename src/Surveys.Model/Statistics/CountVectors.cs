namespace Surveys.Model;

/// <summary>Checks and helpers shared by the two-sample statistics that work from counts per scale position.</summary>
internal static class CountVectors
{
    /// <summary>
    /// Copies two count vectors of the same length (index 0 = position 1), refusing negative counts and
    /// vectors of different length, and returns their totals.
    /// </summary>
    public static (long[] Before, long[] After, long NBefore, long NAfter) Check(IReadOnlyList<int> before, IReadOnlyList<int> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count != after.Count || before.Count == 0)
        {
            throw new ArgumentException("Both rounds need counts for the same positions of the same scale.", nameof(after));
        }

        var b = new long[before.Count];
        var a = new long[after.Count];
        for (var i = 0; i < b.Length; i++)
        {
            if (before[i] < 0 || after[i] < 0)
            {
                throw new ArgumentException("Counts cannot be negative.", before[i] < 0 ? nameof(before) : nameof(after));
            }

            b[i] = before[i];
            a[i] = after[i];
        }

        return (b, a, b.Sum(), a.Sum());
    }

    /// <summary>Twice the mid-rank of each category in the pooled sample (an integer: 2·T₍c−1₎ + t_c + 1).</summary>
    public static long[] DoubledMidRanks(long[] totals)
    {
        var ranks = new long[totals.Length];
        long below = 0;
        for (var c = 0; c < totals.Length; c++)
        {
            ranks[c] = 2 * below + totals[c] + 1;
            below += totals[c];
        }

        return ranks;
    }
}
