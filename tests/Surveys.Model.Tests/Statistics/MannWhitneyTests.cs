namespace Surveys.Model.Tests.Statistics;

public class MannWhitneyTests
{
    // U of `after` against `before`, ties ½, straight from the definition.
    private static double U(IEnumerable<int> before, IEnumerable<int> after) =>
        (from a in after from b in before select a > b ? 1.0 : a == b ? 0.5 : 0.0).Sum();

    // The exact two-sided permutation p-value by enumerating every split of the pooled answers (brute force).
    private static double EnumeratedP(int[] before, int[] after)
    {
        var pooled = Samples.Expand(before).Concat(Samples.Expand(after)).ToArray();
        var nAfter = after.Sum();
        var centre = before.Sum() * nAfter / 2.0;
        var observed = Math.Abs(U(Samples.Expand(before), Samples.Expand(after)) - centre);
        int extreme = 0, splits = 0;
        for (var mask = 0; mask < 1 << pooled.Length; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != nAfter)
            {
                continue;
            }

            var chosen = pooled.Where((_, i) => (mask & (1 << i)) != 0);
            var rest = pooled.Where((_, i) => (mask & (1 << i)) == 0);
            splits++;
            if (Math.Abs(U(rest, chosen) - centre) >= observed - 1e-9)
            {
                extreme++;
            }
        }

        return (double)extreme / splits;
    }

    [Fact]
    public void ExactP_TinyTiedSample_MatchesEnumerationOfAllTenSplits()
    {
        // before {1, 2, 2}, after {2, 3}: U = (2 vs 1, 2, 2: 1 + ½ + ½) + (3 vs 1, 2, 2: 3) = 5 of 6 pairs; the
        // centre is 3. The C(5,2) = 10 ways to pick the two "after" answers from {1, 2, 2, 2, 3}: {2,3} ×3 → U = 5,
        // {1,2} ×3 → U = 1, {2,2} ×3 → U = 3, {1,3} ×1 → U = 3. As far from 3 as 5: six of ten, p = 0.6.
        int[] before = [1, 2, 0];
        int[] after = [0, 1, 1];
        var result = MannWhitney.Test(before, after);

        Assert.Equal(5, result.U);
        Assert.Equal(1, result.UBefore);
        Assert.Equal(PValueMethod.Exact, result.Method);
        Assert.Equal(EnumeratedP(before, after), result.PValue, 1e-12);
        Assert.Equal(0.6, result.PValue, 1e-12);
    }

    [Fact]
    public void ExactP_MatchesBruteForceEnumeration_ForManySmallTiedSamples()
    {
        var random = new Random(1118);
        for (var trial = 0; trial < 60; trial++)
        {
            var k = random.Next(2, 6);
            var before = Samples.Random(random, k, random.Next(1, 8));
            var after = Samples.Random(random, k, random.Next(1, 8));
            var result = MannWhitney.Test(before, after, PValueChoice.Exact);
            Assert.Equal(EnumeratedP(before, after), result.PValue, 1e-12);
            Assert.Equal(U(Samples.Expand(before), Samples.Expand(after)), result.U);
        }
    }

    // R's ?wilcox.test, two-sample example (Hollander & Wolfe 1973, p. 69): permeability constants.
    private static readonly double[] HollanderWolfeX = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    private static readonly double[] HollanderWolfeY = [1.15, 0.88, 0.90, 0.74, 1.21];

    [Fact]
    public void MannWhitney_Exact_MatchesR_wilcox_test_HollanderWolfeExample()
    {
        // R: wilcox.test(x, y, alternative = "g") gives W = 35, p-value = 0.1272 (one-sided, exact, no ties).
        // Without ties the null distribution is symmetric, so the two-sided p is twice that: 2 · 382/3003,
        // where 382 of the C(15,5) = 3003 splits have U ≥ 35 (enumerated here).
        var (before, after) = Samples.ToCounts(HollanderWolfeY, HollanderWolfeX);
        var result = MannWhitney.Test(before, after);

        Assert.Equal(35, result.U);
        Assert.Equal(PValueMethod.Exact, result.Method);
        Assert.Equal(0.1272, Math.Round(result.PValue / 2, 4));
        Assert.Equal(EnumeratedP(before, after), result.PValue, 1e-12);
        Assert.Equal(2 * 382.0 / 3003, result.PValue, 1e-12);
    }

    [Fact]
    public void MannWhitney_NormalApprox_MatchesR_wilcox_test_HollanderWolfe_exactFALSE_correctFALSE()
    {
        // R: wilcox.test(x, y, alternative = "greater", exact = FALSE, correct = FALSE) gives p-value = 0.1103
        // (one-sided); two-sided is twice that.
        var (before, after) = Samples.ToCounts(HollanderWolfeY, HollanderWolfeX);
        var result = MannWhitney.Test(before, after, PValueChoice.NormalApproximation, continuityCorrection: false);

        Assert.Equal(PValueMethod.NormalApproximation, result.Method);
        Assert.False(result.ContinuityCorrection);
        Assert.Equal(0.1103, Math.Round(result.PValue / 2, 4));
    }

    [Fact]
    public void MannWhitney_TiedNormalApprox_MatchesR_wilcox_test_correctTRUE_airquality()
    {
        // R: wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8)) prints
        // "Wilcoxon rank sum test with continuity correction", W = 127.5, p-value = 0.0001208 (ties, so R uses
        // the normal approximation with tie and continuity correction). W is May's U, so May is `after` here.
        double[] may = [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37];
        double[] august = [39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85];
        var (before, after) = Samples.ToCounts(august, may);
        var result = MannWhitney.Test(before, after, PValueChoice.NormalApproximation);

        Assert.Equal(127.5, result.U);
        Assert.True(result.ContinuityCorrection);
        Assert.Equal(0.0001208, result.PValue, 5e-8);
    }

    [Fact]
    public void SwappingRounds_LeavesPUnchangedAndSwapsU()
    {
        var random = new Random(5);
        foreach (var choice in new[] { PValueChoice.Exact, PValueChoice.NormalApproximation })
        {
            for (var trial = 0; trial < 50; trial++)
            {
                var before = Samples.Random(random, 5, random.Next(1, 30));
                var after = Samples.Random(random, 5, random.Next(1, 30));
                var forward = MannWhitney.Test(before, after, choice);
                var backward = MannWhitney.Test(after, before, choice);
                Assert.Equal(forward.PValue, backward.PValue, 1e-12);
                Assert.Equal(forward.U, backward.UBefore);
            }
        }
    }

    [Theory]
    [InlineData(PValueChoice.Exact)]
    [InlineData(PValueChoice.NormalApproximation)]
    public void IdenticalRounds_GiveP1(PValueChoice choice)
    {
        int[] counts = [2, 3, 6, 7, 4];
        Assert.Equal(1, MannWhitney.Test(counts, counts, choice).PValue, 1e-12);
    }

    [Fact]
    public void AllAnswersAtOnePosition_GiveP1()
    {
        Assert.Equal(1, MannWhitney.Test([0, 9, 0], [0, 12, 0]).PValue);
        Assert.Equal(1, MannWhitney.Test([0, 90, 0], [0, 120, 0]).PValue);
    }

    [Fact]
    public void Auto_IsExactBelowFiftyPerRoundAndApproximateFromFifty()
    {
        var random = new Random(9);
        Assert.Equal(PValueMethod.Exact, MannWhitney.Test(Samples.Random(random, 5, 49), Samples.Random(random, 5, 49)).Method);
        Assert.Equal(PValueMethod.NormalApproximation, MannWhitney.Test(Samples.Random(random, 5, 50), Samples.Random(random, 5, 20)).Method);
    }

    [Fact]
    public void ExactAndApproximateP_AgreeClosely_NearTheExactLimit()
    {
        var random = new Random(21);
        for (var trial = 0; trial < 10; trial++)
        {
            var before = Samples.Random(random, 5, 45, [1, 2, 3, 3, 2]);
            var after = Samples.Random(random, 5, 45, [1, 1, 3, 3, 3]);
            var exact = MannWhitney.Test(before, after, PValueChoice.Exact).PValue;
            var approximate = MannWhitney.Test(before, after, PValueChoice.NormalApproximation).PValue;
            Assert.True(Math.Abs(exact - approximate) < 0.02, $"{exact} vs {approximate}");
        }
    }

    [Fact]
    public void ForcedExact_IsRefusedAboveTheHardLimit() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MannWhitney.Test([50, 51, 0], [50, 50, 0], PValueChoice.Exact));
}
