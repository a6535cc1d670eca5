namespace Surveys.Model.Tests;

/// <summary>The real-time alert's arithmetic (issue 15): what counts as a face, what a window holds, when it alerts.</summary>
public class AlertWindowTests
{
    private readonly Survey _wellbeing = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).WithRound("2026").Build();
    private readonly Survey _employee = new SurveyBuilder().FromInstrument(Instruments.Employee).WithRound("2026").Build();

    [Fact]
    public void OnlyTheSmileyScale_CountsAsFaces()
    {
        Assert.True(AlertTotals.HasFaces(_wellbeing));
        Assert.False(AlertTotals.HasFaces(_employee));
        Assert.Equal([Scales.Freq5], Scales.All.Where(AlertTotals.IsFace));
    }

    [Fact]
    public void Totals_CountFaceAnswers_AndThoseOnPositionsOneAndTwo_NotSkips()
    {
        var aggregate = RoundAggregate.For(_wellbeing, _wellbeing.Rounds[0]);
        aggregate.Fold(new SubmissionBuilder().Answer("WELLBEING-01", 1).Answer("WELLBEING-02", 2).Answer("WELLBEING-03", 3).ValidFor(_wellbeing));
        aggregate.Fold(new SubmissionBuilder().Answer("WELLBEING-01", 5).ValidFor(_wellbeing));

        Assert.Equal(new AlertTotals(2, 4, 2), AlertTotals.Of(aggregate));
        Assert.Equal(AlertTotals.Zero, AlertTotals.Of(null));
    }

    [Theory]
    // respondents, face answers, lowest two in the window; minimum 5, threshold 0.3
    [InlineData(5, 20, 6, true)]     // 30 %: at the threshold
    [InlineData(5, 20, 5, false)]    // 25 %
    [InlineData(4, 16, 16, false)]   // every answer sad, but four people: below the minimum
    [InlineData(5, 0, 0, false)]     // five answered, none on a face
    public void AWindow_Alerts_AtTheMinimumAndTheThreshold(int respondents, int faces, int lowest, bool alerts)
    {
        var start = new AlertTotals(10, 40, 4);
        var figures = AlertWindowFigures.Between(start, new AlertTotals(10 + respondents, 40 + faces, 4 + lowest))!;

        Assert.Equal(respondents, figures.Respondents);
        Assert.Equal(alerts, figures.Passes(5, 0.3));
    }

    [Fact]
    public void TotalsThatWentDown_GiveNoWindow()
    {
        Assert.Null(AlertWindowFigures.Between(new AlertTotals(10, 40, 4), new AlertTotals(9, 36, 4)));
        Assert.Equal(0, AlertWindowFigures.Between(AlertTotals.Zero, AlertTotals.Zero)!.LowestTwoShare);
    }

    [Fact]
    public void FixedWindows_AreCountedFromTheUnixEpochInUtc()
    {
        var two = TimeSpan.FromHours(2);
        var at = new DateTimeOffset(2026, 12, 7, 11, 59, 0, TimeSpan.FromHours(1));

        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), AlertWindow.StartOf(at, two));
        Assert.Equal(AlertWindow.StartOf(at, two), AlertWindow.StartOf(at.AddMinutes(-50), two));
        Assert.NotEqual(AlertWindow.StartOf(at, two), AlertWindow.StartOf(at.AddMinutes(61), two));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlertWindow.StartOf(at, TimeSpan.Zero));
    }

    [Fact]
    public void TheMeasurementStarts_OneWindowAgo_OrAtTheLastAlertWhenThatIsLater()
    {
        var now = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        var two = TimeSpan.FromHours(2);

        Assert.Equal(now - two, AlertWindow.BaselineFrom(now, two, null));
        Assert.Equal(now - two, AlertWindow.BaselineFrom(now, two, now.AddHours(-3)));
        Assert.Equal(now.AddMinutes(-30), AlertWindow.BaselineFrom(now, two, now.AddMinutes(-30)));
    }
}
