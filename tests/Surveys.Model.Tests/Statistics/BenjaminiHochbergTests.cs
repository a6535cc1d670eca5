namespace Surveys.Model.Tests.Statistics;

public class BenjaminiHochbergTests
{
    [Fact]
    public void BH_MatchesR_p_adjust_BH_ByHand()
    {
        // R's p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH"), worked by hand with R's rule pmin(1, cummin(m/i · p₍ᵢ₎)) from
        // the largest: sorted 0.005, 0.01, 0.03, 0.04 → 4·0.04/4 = 0.04, 4·0.03/3 = 0.04, 4·0.01/2 = 0.02,
        // 4·0.005/1 = 0.02 → in input order 0.02, 0.04, 0.04, 0.02.
        var adjusted = BenjaminiHochberg.Adjust([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.02, 0.04, 0.04, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void BH_MatchesR_p_adjust_BH_ByHand_EquallySpaced()
    {
        // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") = 0.05 everywhere (5·p₍ᵢ₎/i = 0.05 for every i).
        Assert.All(BenjaminiHochberg.Adjust([0.01, 0.02, 0.03, 0.04, 0.05]), p => Assert.Equal(0.05, p, 1e-15));
    }

    [Fact]
    public void BH_MatchesR_p_adjust_BH_ByHand_StepUpCapsAtOne()
    {
        // p.adjust(c(0.9, 0.2, 0.6), "BH"): sorted 0.2, 0.6, 0.9 → 3·0.9/3 = 0.9, 3·0.6/2 = 0.9, 3·0.2/1 = 0.6.
        Assert.Equal([0.9, 0.6, 0.9], BenjaminiHochberg.Adjust([0.9, 0.2, 0.6]).Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Adjusted_IsAtLeastRaw_AtMostOne_AndInTheSameOrder()
    {
        var random = new Random(42);
        for (var trial = 0; trial < 100; trial++)
        {
            var raw = Enumerable.Range(0, random.Next(1, 20)).Select(_ => Math.Pow(random.NextDouble(), 3)).ToArray();
            var adjusted = BenjaminiHochberg.Adjust(raw);
            for (var i = 0; i < raw.Length; i++)
            {
                Assert.True(adjusted[i] >= raw[i] && adjusted[i] <= 1);
                for (var j = 0; j < raw.Length; j++)
                {
                    if (raw[i] <= raw[j])
                    {
                        Assert.True(adjusted[i] <= adjusted[j]);
                    }
                }
            }
        }
    }

    [Fact]
    public void OneOrNoPValues_AreReturnedUnchanged()
    {
        Assert.Empty(BenjaminiHochberg.Adjust([]));
        Assert.Equal([0.03], BenjaminiHochberg.Adjust([0.03]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BenjaminiHochberg.Adjust([double.NaN]));
    }
}
