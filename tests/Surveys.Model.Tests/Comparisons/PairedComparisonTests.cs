namespace Surveys.Model.Tests.Comparisons;

public class PairedComparisonTests
{
    private static (int, int)[] Repeat(int times, params (int, int)[] pairs) => Enumerable.Repeat(pairs, times).SelectMany(p => p).ToArray();

    [Fact]
    public void FewerLinkedPairsThanTheMinimum_ShowNothingButTooFew()
    {
        var result = PairedComparison.Compare("ETHICS-01", Scales.Know5, [(1, 3), (2, 4), (3, 5), (2, 2)]);

        Assert.Equal(ComparisonStatus.Suppressed, result.Status);
        Assert.Equal(VerdictKind.TooFewToShow, result.Verdict.Kind);
        Assert.Null(result.Test);
        Assert.Null(result.Pairs);
        Assert.Equal("færre enn 5", result.PairsText!.Norwegian);
        Assert.Empty(Numbers.Reachable(result));
    }

    [Fact]
    public void FiveToNineteenPairs_GiveTheTestAndTheirCountButNoVerdict()
    {
        var result = PairedComparison.Compare("ETHICS-01", Scales.Know5, Repeat(3, (1, 3), (2, 4), (3, 3), (2, 3)));

        Assert.Equal(VerdictKind.TooFewToSay, result.Verdict.Kind);
        Assert.Equal(12, result.Pairs);
        Assert.Equal("Koblede svar: 12 par", result.PairsText!.Norwegian);
        Assert.Equal(3, result.Test!.Zeros);
        Assert.Equal("Pratt", result.Test.ZeroMethod);
    }

    [Fact]
    public void TwentyOrMorePairsThatMovedUp_AreIncreased_AndNoMovementIsNoClearChange()
    {
        var up = PairedComparison.Compare("ETHICS-01", Scales.Know5, Repeat(6, (1, 3), (2, 4), (3, 3), (2, 3)));
        Assert.Equal(VerdictKind.Increased, up.Verdict.Kind);
        Assert.Equal(PValueMethod.Exact, up.Test!.Method);
        Assert.Equal(0.75, up.ShareUp);
        Assert.StartsWith("75 % svarte høyere og 0 % lavere (Wilcoxon, p = ", up.Verdict.Detail!.Norwegian);

        var still = PairedComparison.Compare("ETHICS-01", Scales.Know5, Repeat(6, (1, 2), (2, 1), (3, 3), (4, 4)));
        Assert.Equal(VerdictKind.NoClearChange, still.Verdict.Kind);
    }

    [Fact]
    public void PositionsOffTheScaleOrNonOrdinalScales_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => PairedComparison.Compare("ETHICS-01", Scales.Know5, [(1, 6)]));
        Assert.Throws<ArgumentException>(() => PairedComparison.Compare("EXIT-YN-01", Scales.YesNo, [(1, 2)]));
    }
}
