namespace Surveys.Model.Tests.Statistics;

public class WilcoxonSignedRankTests
{
    // Pratt ranks written out independently of the library: rank |d| over all pairs (zeros too), mid-ranks for ties.
    private static double[] PrattRanks(int[] d)
    {
        var sorted = d.Select(Math.Abs).Order().ToArray();
        return d.Select(x =>
        {
            var first = Array.IndexOf(sorted, Math.Abs(x)) + 1;
            var last = Array.LastIndexOf(sorted, Math.Abs(x)) + 1;
            return (first + last) / 2.0;
        }).ToArray();
    }

    // Exact two-sided p by listing all 2^m sign patterns of the non-zero differences.
    private static double EnumeratedP(int[] d)
    {
        var ranks = PrattRanks(d);
        var nonZero = Enumerable.Range(0, d.Length).Where(i => d[i] != 0).Select(i => ranks[i]).ToArray();
        var mean = nonZero.Sum() / 2;
        var observed = Math.Abs(Enumerable.Range(0, d.Length).Where(i => d[i] > 0).Sum(i => ranks[i]) - mean);
        var extreme = 0;
        for (var mask = 0; mask < 1 << nonZero.Length; mask++)
        {
            var v = nonZero.Where((_, i) => (mask & (1 << i)) != 0).Sum();
            if (Math.Abs(v - mean) >= observed - 1e-9)
            {
                extreme++;
            }
        }

        return (double)extreme / (1 << nonZero.Length);
    }

    private static (int, int)[] Pairs(int[] d) => d.Select(x => (3, 3 + x)).ToArray();

    [Fact]
    public void Wilcoxon_SignedRank_Exact_MatchesR_wilcox_test_DarwinZeaMays()
    {
        // Darwin's Zea mays differences (Fisher 1935), R: wilcox.test(d) gives V = 96, p-value = 0.04126; SciPy's
        // documentation of scipy.stats.wilcoxon gives the same exact two-sided p as 0.041259765625 (= 1352/32768).
        // No zeros and no ties, so Pratt's and Wilcoxon's zero handling agree.
        int[] d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
        var result = WilcoxonSignedRank.Test(d.Select(x => (0, x)));

        Assert.Equal(96, result.V);
        Assert.Equal(24, result.VNegative);
        Assert.Equal(PValueMethod.Exact, result.Method);
        Assert.Equal(0.041259765625, result.PValue, 1e-12);
    }

    [Fact]
    public void Wilcoxon_SignedRank_Pratt_ExactMatchesEnumerationOfAllSignPatterns()
    {
        // Ordinal positions 1..5: differences with zeros and ties. Ranks over all ten |d|: the two zeros take ranks
        // 1–2, the four 1s ranks 3–6 (mid 4.5), the three 2s ranks 7–9 (mid 8), the 3 rank 10; the zeros' ranks
        // are then dropped. V = 3·4.5 + 2·8 + 10 = 39.5, V⁻ = 4.5 + 8 = 12.5.
        int[] d = [0, 0, 1, 1, 1, 2, -1, 2, 3, -2];
        var result = WilcoxonSignedRank.Test(Pairs(d), PValueChoice.Exact);

        Assert.Equal(10, result.Pairs);
        Assert.Equal(2, result.Zeros);
        Assert.Equal(39.5, result.V);
        Assert.Equal(12.5, result.VNegative);
        Assert.Equal(26, result.Expected);
        Assert.Equal(EnumeratedP(d), result.PValue, 1e-12);
    }

    [Fact]
    public void Wilcoxon_SignedRank_Pratt_NormalApprox_MatchesHandComputation()
    {
        // Same differences. E V = 52/2 = 26; Var V = Σr²/4 = (4·4.5² + 3·8² + 10²)/4 = 373/4 = 93.25;
        // z = (39.5 − 26 − ½)/√93.25 = 1.346228970; p = 2(1 − Φ(z)) = 0.178228685 (30-digit arithmetic).
        int[] d = [0, 0, 1, 1, 1, 2, -1, 2, 3, -2];
        var result = WilcoxonSignedRank.Test(Pairs(d), PValueChoice.NormalApproximation);

        Assert.Equal(1.346228970, result.Z!.Value, 1e-8);
        Assert.Equal(0.178228685, result.PValue, 1e-8);
        Assert.True(result.ContinuityCorrection);

        var uncorrected = WilcoxonSignedRank.Test(Pairs(d), PValueChoice.NormalApproximation, continuityCorrection: false);
        Assert.Equal(0.162110963, uncorrected.PValue, 1e-8);
    }

    [Fact]
    public void ExactP_MatchesEnumeration_ForManySmallOrdinalSamples()
    {
        var random = new Random(77);
        for (var trial = 0; trial < 80; trial++)
        {
            var d = Enumerable.Range(0, random.Next(1, 13)).Select(_ => random.Next(-4, 5)).ToArray();
            if (d.All(x => x == 0))
            {
                continue;
            }

            Assert.Equal(EnumeratedP(d), WilcoxonSignedRank.Test(Pairs(d), PValueChoice.Exact).PValue, 1e-12);
        }
    }

    [Fact]
    public void SwappingBeforeAndAfter_LeavesPUnchanged()
    {
        var pairs = new[] { (1, 3), (2, 2), (4, 5), (3, 1), (2, 4), (5, 5), (1, 2) };
        var forward = WilcoxonSignedRank.Test(pairs);
        var backward = WilcoxonSignedRank.Test(pairs.Select(p => (p.Item2, p.Item1)));
        Assert.Equal(forward.PValue, backward.PValue, 1e-12);
        Assert.Equal(forward.V, backward.VNegative);
    }

    [Fact]
    public void NoChangeAtAll_GivesP1_AndNoPairsIsRefused()
    {
        Assert.Equal(1, WilcoxonSignedRank.Test([(2, 2), (4, 4), (5, 5)]).PValue);
        Assert.Throws<ArgumentException>(() => WilcoxonSignedRank.Test([]));
    }

    [Fact]
    public void Auto_IsExactBelowFiftyPairs()
    {
        var pairs = Enumerable.Range(0, 60).Select(i => (1 + i % 5, 1 + (i * 7) % 5)).ToArray();
        Assert.Equal(PValueMethod.Exact, WilcoxonSignedRank.Test(pairs.Take(49)).Method);
        Assert.Equal(PValueMethod.NormalApproximation, WilcoxonSignedRank.Test(pairs.Take(50)).Method);
    }
}
