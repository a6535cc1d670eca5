namespace Surveys.Model.Tests.Statistics;

public class ProportionIntervalTests
{
    [Theory]
    // Newcombe (1998), "Interval estimation for the difference between independent proportions: comparison of
    // eleven methods", Stat Med 17:873–890, Table II, method 10 (score, no continuity correction), examples (a),
    // (b), (d)–(h), 4 decimals as printed. Each was also recomputed here in 30-digit arithmetic before typing.
    // Newcombe's p1 − p2 is after − before.
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    [InlineData(0, 10, 0, 20, -0.1611, 0.2775)]
    [InlineData(0, 10, 0, 10, -0.2775, 0.2775)]
    [InlineData(10, 10, 0, 20, 0.6791, 1.0000)]
    [InlineData(10, 10, 0, 10, 0.6075, 1.0000)]
    public void Newcombe_MatchesNewcombe1998_Table2_Method10(int x1, int n1, int x2, int n2, double lower, double upper)
    {
        var result = ProportionDifference.Newcombe(new Proportion(x2, n2), new Proportion(x1, n1));

        Assert.Equal((double)x1 / n1 - (double)x2 / n2, result.Estimate, 1e-15);
        Assert.Equal(lower, Math.Round(result.Interval.Lower, 4));
        Assert.Equal(upper, Math.Round(result.Interval.Upper, 4));
        Assert.Equal("NEWCOMBE-HYBRID-SCORE", result.Interval.Method);
    }

    [Fact]
    public void Newcombe_MatchesNewcombe1998_ExampleA_ToMoreDecimals()
    {
        // 56/70 − 48/80 = 0.2000, interval (0.0524, 0.3339); recomputed in 30 digits: 0.052431472, 0.33387265.
        var result = ProportionDifference.Newcombe(new Proportion(48, 80), new Proportion(56, 70));
        Assert.Equal(0.2, result.Estimate, 1e-15);
        Assert.Equal(20, result.PercentagePoints, 1e-12);
        Assert.Equal(0.052431472, result.Interval.Lower, 1e-8);
        Assert.Equal(0.33387265, result.Interval.Upper, 1e-8);
    }

    [Theory]
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
    // Stat Med 17:857–872, Table I, method 3 (Wilson score, no continuity correction).
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_MatchesNewcombe1998_SingleProportion_Table1_Method3(int x, int n, double lower, double upper)
    {
        var interval = WilsonInterval.Compute(x, n);
        Assert.Equal(lower, Math.Round(interval.Lower, 4));
        Assert.Equal(upper, Math.Round(interval.Upper, 4));
        Assert.Equal("WILSON", interval.Method);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Wilson_AtZeroAndAtAll_IsOneSidedAndNotDegenerate(int n)
    {
        var z2 = 1.959963984540054 * 1.959963984540054;
        var none = WilsonInterval.Compute(0, n);
        var all = WilsonInterval.Compute(n, n);

        Assert.Equal(0, none.Lower);
        Assert.Equal(z2 / (n + z2), none.Upper, 1e-12);
        Assert.Equal(1, all.Upper);
        Assert.Equal(n / (n + z2), all.Lower, 1e-12);
    }

    [Fact]
    public void Newcombe_AlwaysContainsTheEstimateAndStaysInsideMinusOneToOne()
    {
        for (var n1 = 1; n1 <= 25; n1 += 3)
        {
            for (var n2 = 1; n2 <= 25; n2 += 4)
            {
                for (var x1 = 0; x1 <= n1; x1++)
                {
                    for (var x2 = 0; x2 <= n2; x2++)
                    {
                        var result = ProportionDifference.Newcombe(new Proportion(x2, n2), new Proportion(x1, n1));
                        Assert.True(result.Interval.Lower >= -1 && result.Interval.Upper <= 1);
                        Assert.True(result.Interval.Contains(result.Estimate));
                    }
                }
            }
        }
    }

    [Fact]
    public void Newcombe_SwappingRoundsMirrorsTheInterval()
    {
        var forward = ProportionDifference.Newcombe(new Proportion(7, 22), new Proportion(15, 24));
        var backward = ProportionDifference.Newcombe(new Proportion(15, 24), new Proportion(7, 22));
        Assert.Equal(-forward.Interval.Lower, backward.Interval.Upper, 1e-12);
        Assert.Equal(-forward.Interval.Upper, backward.Interval.Lower, 1e-12);
    }

    [Fact]
    public void EmptyGroups_HaveNoInterval()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionDifference.Newcombe(new Proportion(0, 0), new Proportion(1, 2)));
        Assert.Null(new Proportion(0, 0).Value);
    }
}
