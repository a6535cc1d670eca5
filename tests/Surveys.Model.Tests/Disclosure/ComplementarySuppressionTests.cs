namespace Surveys.Model.Tests.Disclosure;

public class ComplementarySuppressionTests
{
    private static Dictionary<string, int> Cells(params (string Key, int N)[] cells) => cells.ToDictionary(c => c.Key, c => c.N);

    [Fact]
    public void NoSmallCell_HidesNothing()
    {
        Assert.Empty(ComplementarySuppression.Hidden(Cells(("AFT", 12), ("VTA", 5), ("Adm", 30)), 5));
    }

    [Fact]
    public void OneSmallUnit_TakesTheNextSmallestSiblingWithIt()
    {
        // Total 45: without the second cell, 45 − 12 − 30 would give Kantine's 3 answers away.
        var hidden = ComplementarySuppression.Hidden(Cells(("AFT", 12), ("Kantine", 3), ("VTA", 7), ("Adm", 30)), 5);

        Assert.Equal(["Kantine", "VTA"], hidden.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TwoSmallCellsWhoseSumIsStillSmall_TakeAThird()
    {
        var hidden = ComplementarySuppression.Hidden(Cells(("A", 1), ("B", 2), ("C", 9), ("D", 8)), 5);

        Assert.Equal(["A", "B", "D"], hidden.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TwoSmallCellsThatTogetherReachTheMinimum_NeedNoMore()
    {
        var hidden = ComplementarySuppression.Hidden(Cells(("A", 2), ("B", 3), ("C", 9)), 5);

        Assert.Equal(["A", "B"], hidden.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnEmptyCell_IsHiddenButNeedsNoComplement()
    {
        // 0 answers reveal nothing about anyone, and hiding a sibling would not change what can be subtracted.
        var hidden = ComplementarySuppression.Hidden(Cells(("A", 0), ("B", 6), ("C", 9)), 5);

        Assert.Equal(["A"], hidden);
    }

    [Fact]
    public void TiesAreBrokenByKey_SoTheResultIsTheSameEveryTime()
    {
        var hidden = ComplementarySuppression.Hidden(Cells(("Z", 4), ("B", 7), ("A", 7)), 5);

        Assert.Equal(["A", "Z"], hidden.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ACellTheCallerMustHide_CountsAsHiddenAndGetsAComplementWhenSmall()
    {
        // The «no unit» rows of a row-level export are blank anyway; 2 of them alone would be a small group.
        var hidden = ComplementarySuppression.Hidden(Cells(("", 2), ("AFT", 6), ("VTA", 20)), 5, alwaysHidden: [""]);

        Assert.Equal(["", "AFT"], hidden.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WhenOnlyOneCellWouldRemain_ItMayStayBecauseTheHiddenSumReachesTheMinimum()
    {
        var hidden = ComplementarySuppression.Hidden(Cells(("A", 4), ("B", 6), ("C", 50)), 5);

        Assert.Equal(["A", "B"], hidden.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EverythingSmall_HidesEverything()
    {
        var hidden = ComplementarySuppression.Hidden(Cells(("A", 1), ("B", 1)), 5);

        Assert.Equal(["A", "B"], hidden.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void SubtractionAttack_NeverRecoversAGroupBelowTheMinimum(int minimum)
    {
        // The attacker knows the total and every visible cell, so total − Σ visible = Σ hidden.
        // Over many random breakdowns that is 0 or at least the minimum, and no visible cell is small.
        var random = new Random(20261122);
        for (var run = 0; run < 5000; run++)
        {
            var cells = Enumerable.Range(0, random.Next(1, 7)).ToDictionary(i => $"U{i}", _ => random.Next(0, 3) == 0 ? random.Next(0, minimum) : random.Next(0, 40));
            var total = cells.Values.Sum();
            var hidden = ComplementarySuppression.Hidden(cells, minimum);
            Assert.All(cells.Where(c => c.Value < minimum), c => Assert.Contains(c.Key, hidden));
            if (total < minimum) continue; // Then the total is not shown either (callers hide it, as the export does).

            var recovered = total - cells.Where(c => !hidden.Contains(c.Key)).Sum(c => c.Value);
            Assert.True(recovered == 0 || recovered >= minimum, $"run {run}: {string.Join(", ", cells)} leaves {recovered} recoverable");
            Assert.All(cells.Where(c => !hidden.Contains(c.Key)), c => Assert.True(c.Value >= minimum));
        }
    }
}
