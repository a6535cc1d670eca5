using Surveys.Model.Tests.Comparisons;

namespace Surveys.Model.Tests.Summaries;

public class WeakestItemRuleTests
{
    private static IReadOnlyList<ItemSummary> Summaries(RoundAggregate round) => round.Items.Select(i => ItemSummary.From(i)).ToArray();

    [Fact]
    public void LowestMean_BreaksTiesByLargerBottomTwoThenByItemId()
    {
        var round = new RoundBuilder("r")
            .Item("E-03", Scales.Know5, 0, 2, 6, 2, 0)     // mean 3.0, bottom two 2/10
            .Item("E-01", Scales.Know5, 1, 1, 6, 1, 1)     // mean 3.0, bottom two 2/10: tie with E-03, id decides
            .Item("E-02", Scales.Know5, 2, 2, 2, 2, 2)     // mean 3.0, bottom two 4/10: first of the 3.0s
            .Item("E-04", Scales.Know5, 0, 4, 8, 8, 0)     // mean 3.2 (exactly; 20 answers)
            .Item("E-05", Scales.Know5, 4, 0, 0, 0, 0)     // mean 1.0
            .Build();
        var ranked = WeakestItemRule.LowestMean.Rank(Summaries(round));

        Assert.Equal(["E-05", "E-02", "E-01", "E-03", "E-04"], ranked.Select(s => s.ItemId));
        Assert.Equal("LOWEST-MEAN", WeakestItemRule.LowestMean.Id);
        Assert.StartsWith("Lavest gjennomsnitt først", WeakestItemRule.LowestMean.Description.Norwegian);
    }

    [Fact]
    public void LargestBottomTwo_RanksByBottomTwoShareThenMean()
    {
        var round = new RoundBuilder("r")
            .Item("A", Scales.Freq5, 0, 4, 0, 0, 6)        // bottom two 40 %, mean 3.8
            .Item("B", Scales.Freq5, 4, 0, 6, 0, 0)        // bottom two 40 %, mean 2.2
            .Item("C", Scales.Freq5, 0, 0, 10, 0, 0)       // bottom two 0 %, mean 3.0
            .Build();

        Assert.Equal(["B", "A", "C"], WeakestItemRule.LargestBottomTwo.Rank(Summaries(round)).Select(s => s.ItemId));
        Assert.Equal(["B", "C", "A"], WeakestItemRule.LowestMean.Rank(Summaries(round)).Select(s => s.ItemId));
    }

    [Fact]
    public void Rank_LeavesOutUnansweredAndYesNoItems_AndRefusesMixedScales()
    {
        var round = new RoundBuilder("r")
            .Item("A", Scales.Sat6, 1, 1, 1, 1, 1, 1)
            .Item("Empty", Scales.Sat6, 0, 0, 0, 0, 0, 0)
            .Item("YN", Scales.YesNo, 3, 3)
            .Build();
        Assert.Equal(["A"], WeakestItemRule.LowestMean.Rank(Summaries(round)).Select(s => s.ItemId));

        var mixed = new RoundBuilder("r").Item("A", Scales.Sat6, 1, 1, 1, 1, 1, 1).Item("B", Scales.Know5, 1, 1, 1, 1, 1).Build();
        Assert.Throws<ArgumentException>(() => WeakestItemRule.LowestMean.Rank(Summaries(mixed)));
    }
}
