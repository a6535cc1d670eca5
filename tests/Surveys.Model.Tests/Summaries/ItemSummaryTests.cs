using Surveys.Model.Tests.Comparisons;

namespace Surveys.Model.Tests.Summaries;

public class ItemSummaryTests
{
    private static ItemCounts Counts(Scale scale, int nonScale, params int[] counts) =>
        new RoundBuilder("r").Item("X-01", scale, nonScale, counts).Respondents(30).Build().Find("X-01")!;

    [Fact]
    public void FivePointItem_HasEveryFigureFromItsCounts()
    {
        // [1, 2, 3, 4, 5]: n = 15, Σx = 55, Σx² = 225, mean 55/15, SS = 225 − 55²/15 = 70/3, SD = √(70/3/14).
        var summary = ItemSummary.From(Counts(Scales.Freq5, 0, 1, 2, 3, 4, 5), respondents: 18);

        Assert.Equal(15, summary.N);
        Assert.Equal(3, summary.NotAnswered);
        Assert.Equal([1, 2, 3, 4, 5], summary.Distribution.Select(d => d.Position));
        Assert.Equal(4.0 / 15, summary.Distribution[3].Share.Value);
        Assert.Equal("BANDS-FREQ5-212", summary.BandSplitId);
        Assert.Equal(["sjelden eller aldri", "noen ganger", "ofte eller alltid"], summary.Bands.Select(b => b.Band.Label.Norwegian));
        Assert.Equal([3, 3, 9], summary.Bands.Select(b => b.Share.Count));
        Assert.Equal(new Proportion(9, 15), summary.TopTwo);
        Assert.Equal(new Proportion(3, 15), summary.BottomTwo);
        Assert.Equal(55.0 / 15, summary.Mean!.Value, 1e-12);
        Assert.Equal(Math.Sqrt(70.0 / 3 / 14), summary.StandardDeviation!.Value, 1e-12);
        Assert.Equal("IDX-LIN", summary.Index!.Definition.Id);
        Assert.Equal((55.0 / 15 - 1) / 4 * 100, summary.Index.Value, 1e-12);
        Assert.Equal("3,7 av 5", summary.MeanText!.Norwegian);
        Assert.Equal("3.7 of 5", summary.MeanText.Get(Language.English));
        Assert.Null(summary.Yes);
    }

    [Fact]
    public void Sat6Item_UsesTheNamedSplitAndLeavesCode9OutOfEveryDenominator()
    {
        // [0, 1, 1, 2, 3, 3] + two "Ikke aktuelt": n = 10, mean = 46/10.
        var summary = ItemSummary.From(Counts(Scales.Sat6, 2, 0, 1, 1, 2, 3, 3), respondents: 14);

        Assert.Equal(10, summary.N);
        Assert.Equal(2, summary.NonScaleCount);
        Assert.Equal(2, summary.NotAnswered);
        Assert.Equal("BANDS-SAT6-222", summary.BandSplitId);
        Assert.Equal([1, 3, 6], summary.Bands.Select(b => b.Share.Count));
        Assert.All(summary.Bands, b => Assert.Equal(10, b.Share.Total));
        Assert.Equal(new Proportion(6, 10), summary.TopTwo);
        Assert.Equal(4.6, summary.Mean!.Value, 1e-12);
        Assert.Equal("4,6 av 6", summary.MeanText!.Norwegian);
        Assert.Equal(72, summary.Index!.Value, 1e-12);
    }

    [Fact]
    public void IndexMax_IsNamedAndDiffersFromLinearByTheDocumentedAmount()
    {
        var counts = Counts(Scales.Sat6, 0, 0, 1, 1, 2, 3, 3);
        var linear = ItemSummary.From(counts).Index!;
        var max = ItemSummary.From(counts, index: IndexDefinition.Max).Index!;

        Assert.Equal("IDX-MAX", max.Definition.Id);
        Assert.Equal(4.6 / 6 * 100, max.Value, 1e-12);
        Assert.Equal((6 - 4.6) / 30 * 100, max.Value - linear.Value, 1e-12);  // instruments.md §2
        Assert.Equal("Indeks 0–100 (IDX-MAX)", max.Definition.Label.Norwegian);
    }

    [Fact]
    public void YesNoItem_ReportsTheShareAnsweringJaAndNothingOrdinal()
    {
        var summary = ItemSummary.From(Counts(Scales.YesNo, 0, 7, 3));

        Assert.Equal(new Proportion(7, 10), summary.Yes);
        Assert.Empty(summary.Bands);
        Assert.Null(summary.TopTwo);
        Assert.Null(summary.Mean);
        Assert.Null(summary.Index);
    }

    [Fact]
    public void NoAnswers_GiveUndefinedSharesAndMeans_NotZeros()
    {
        var summary = ItemSummary.From(Counts(Scales.Know5, 0, 0, 0, 0, 0, 0));

        Assert.Equal(0, summary.N);
        Assert.Null(summary.Distribution[0].Share.Value);
        Assert.Null(summary.TopTwo!.Value.Value);
        Assert.Null(summary.Mean);
        Assert.Null(summary.StandardDeviation);
        Assert.Null(summary.Index);
        Assert.Equal([0, 0, 0, 0, 0], summary.DistributionPercentages);
    }

    [Fact]
    public void OneAnswer_HasAMeanButNoStandardDeviation()
    {
        var summary = ItemSummary.From(Counts(Scales.Know5, 0, 0, 0, 1, 0, 0));
        Assert.Equal(3, summary.Mean);
        Assert.Null(summary.StandardDeviation);
    }

    [Fact]
    public void DisplayPercentages_SumTo100_ForPositionsAndForBandsSeparately()
    {
        var summary = ItemSummary.From(Counts(Scales.Freq5, 0, 1, 1, 1, 0, 0));
        Assert.Equal([34, 33, 33, 0, 0], summary.DistributionPercentages);
        Assert.Equal([67, 33, 0], summary.BandPercentages);  // from band counts 2/1/0, not from the rounded positions
    }

    [Fact]
    public void FreeTextItem_HasNoSummary()
    {
        var counts = new RoundBuilder("r").Item("T", Scales.Text, []).Build().Find("T")!;
        Assert.Throws<ArgumentException>(() => ItemSummary.From(counts));
    }

    [Fact]
    public void Pooled_CountsEveryAnswerOnce_NotTheMeanOfItemShares()
    {
        // Item A: 10 answers, 5 at the top; item B: 5 answers, none at the top. Pooled over answers: 5/15 at the
        // top (not (50 % + 0 %)/2 = 25 %).
        var round = new RoundBuilder("r").Item("A", Scales.Know5, 0, 0, 5, 0, 5).Item("B", Scales.Know5, 0, 5, 0, 0, 0).Build();
        var pooled = PooledSummary.ForScale(round, Scales.Know5);

        Assert.Equal(15, pooled.Answers);
        Assert.Equal(["A", "B"], pooled.ItemIds);
        Assert.Equal([0, 5, 5, 0, 5], pooled.Counts);
        Assert.Equal(5.0 / 15, pooled.Distribution[4].Share.Value);
    }

    [Fact]
    public void Pooled_RefusesItemsOfDifferentScales()
    {
        var round = new RoundBuilder("r").Item("A", Scales.Know5, 1, 1, 1, 1, 1).Item("B", Scales.Sat6, 1, 1, 1, 1, 1, 1).Build();
        var error = Assert.Throws<SurveyValidationException>(() => PooledSummary.From(round.Items));
        Assert.Equal(ErrorCodes.ScaleMismatch, error.Errors.Single().Code);
    }
}
