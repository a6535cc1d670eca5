namespace Surveys.Model.Tests.Comparisons;

public class TrendTests
{
    [Fact]
    public void ThreeRounds_GiveEachItemItsSummariesInRoundOrder_WithSmallRoundsSuppressed()
    {
        var rounds = new[]
        {
            new RoundBuilder("2024").Item("WELLBEING-01", Scales.Freq5, 1, 2, 3, 4, 5).Item("WELLBEING-02", Scales.Freq5, 0, 1, 1, 1, 0).Build(),
            new RoundBuilder("2025").Item("WELLBEING-01", Scales.Freq5, 1, 1, 3, 5, 6).Item("WELLBEING-02", Scales.Freq5, 1, 1, 2, 2, 2).Build(),
            new RoundBuilder("2026").Item("WELLBEING-01", Scales.Freq5, 0, 1, 3, 5, 8).Item("WELLBEING-02", Scales.Freq5, 1, 1, 2, 3, 3).Build(),
        };

        var trend = Trend.Of(rounds);

        Assert.Equal(["2024", "2025", "2026"], trend.Rounds.Select(r => r.RoundId));
        var first = trend.Items.Single(i => i.ItemId == "WELLBEING-01");
        Assert.Equal(["2024", "2025", "2026"], first.Points.Select(p => p.RoundId));
        Assert.All(first.Points, p => Assert.Equal(TrendPointStatus.Shown, p.Status));
        Assert.Equal([15, 16, 17], first.Points.Select(p => p.Summary!.N));

        var second = trend.Items.Single(i => i.ItemId == "WELLBEING-02");
        Assert.Equal(TrendPointStatus.TooFewAnswers, second.Points[0].Status);
        Assert.Null(second.Points[0].Summary);
        Assert.Equal("For få svar til å vise resultat", second.Points[0].Text!.Norwegian);
        Assert.Equal(TrendPointStatus.Shown, second.Points[1].Status);
    }

    [Fact]
    public void AnItemThatChangedScale_GetsTwoLinesThatAreNeverJoined()
    {
        var rounds = new[]
        {
            new RoundBuilder("a").Item("X", Scales.Freq5, 2, 2, 2, 2, 2).Build(),
            new RoundBuilder("b").Item("X", Scales.Freq5, 2, 2, 2, 2, 2).Build(),
            new RoundBuilder("c").Item("X", Scales.Good5, 2, 2, 2, 2, 2).Build(),
        };

        var lines = Trend.Of(rounds).Items;

        Assert.Equal(2, lines.Count);
        var good = lines.Single(l => l.ScaleId == "SCALE-GOOD5");
        var freq = lines.Single(l => l.ScaleId == "SCALE-FREQ5");
        Assert.Equal([TrendPointStatus.NotInRound, TrendPointStatus.NotInRound, TrendPointStatus.Shown], good.Points.Select(p => p.Status));
        Assert.Equal([TrendPointStatus.Shown, TrendPointStatus.Shown, TrendPointStatus.NotInRound], freq.Points.Select(p => p.Status));
    }

    [Fact]
    public void Trend_TakesInvitedFromTheSurveysRounds()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing)
            .WithRound("før", invited: 20).WithRound("midt", invited: 20).WithRound("etter", invited: 25).Build();
        var rounds = survey.Rounds.Select(r => new RoundBuilder(r.Id).Item("WELLBEING-01", Scales.Freq5, 2, 2, 2, 2, 2).Build()).ToArray();

        var trend = Trend.Of(rounds, survey);

        Assert.Equal([0.5, 0.5, 0.4], trend.Rounds.Select(r => r.Rate!.Value));
        Assert.Equal(["WELLBEING-01"], trend.Items.Select(i => i.ItemId));  // items in no round have no line
    }

    [Fact]
    public void NoRoundsOrARoundTwice_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Trend.Of([]));
        var round = new RoundBuilder("a").Item("X", Scales.Freq5, 1, 1, 1, 1, 1).Build();
        Assert.Throws<ArgumentException>(() => Trend.Of([round, round]));
    }
}
