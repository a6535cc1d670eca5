namespace Surveys.Model.Tests.Statistics;

/// <summary>Turns raw values into counts per position, and back, for checking count-based statistics.</summary>
internal static class Samples
{
    /// <summary>
    /// Counts of two samples over the sorted distinct values of both (position 1 = smallest value). Rank
    /// statistics depend only on order, so this is exactly what the library sees for an ordinal item.
    /// </summary>
    public static (int[] Before, int[] After) ToCounts(IEnumerable<double> before, IEnumerable<double> after)
    {
        var b = before.ToArray();
        var a = after.ToArray();
        var levels = b.Concat(a).Distinct().Order().ToArray();
        return (levels.Select(v => b.Count(x => x == v)).ToArray(), levels.Select(v => a.Count(x => x == v)).ToArray());
    }

    /// <summary>The raw positions 1..k behind a count vector, lowest first.</summary>
    public static int[] Expand(IReadOnlyList<int> counts) =>
        counts.SelectMany((c, i) => Enumerable.Repeat(i + 1, c)).ToArray();

    /// <summary>A reproducible random count vector with <paramref name="n"/> answers over <paramref name="k"/> positions.</summary>
    public static int[] Random(Random random, int k, int n, double[]? weights = null)
    {
        var counts = new int[k];
        weights ??= Enumerable.Repeat(1.0, k).ToArray();
        var total = weights.Sum();
        for (var i = 0; i < n; i++)
        {
            var x = random.NextDouble() * total;
            var c = 0;
            while (c < k - 1 && x >= weights[c])
            {
                x -= weights[c];
                c++;
            }

            counts[c]++;
        }

        return counts;
    }
}
