namespace Surveys.Model.Tests;

public class RoundTests
{
    private static readonly DateTimeOffset Opens = Clock.Now;

    private static IEnumerable<(string, string)> Errors(Action action) =>
        Assert.Throws<SurveyValidationException>(action).Errors.Select(e => (e.Field, e.Code));

    [Fact]
    public void AddRound_CreatesARoundOfTheSurvey()
    {
        var survey = new SurveyBuilder().Build();
        var round = survey.AddRound("r1", "  2025-før ", Opens, Opens.AddDays(14), invited: 12);
        Assert.Equal("2025-før", round.Label);
        Assert.Equal(survey.Id, round.SurveyId);
        Assert.Same(round, survey.FindRound("r1"));
        Assert.Equal(12, round.Invited);
    }

    [Fact]
    public void Label_IsRequired()
    {
        Assert.Equal([("label", ErrorCodes.Required)], Errors(() => Round.Create("r1", "s1", "   ")));
    }

    [Fact]
    public void Label_MayHaveUpToLabelMaxLengthCharacters()
    {
        Assert.Equal(100, Round.LabelMaxLength);
        Assert.Equal(Round.LabelMaxLength, Round.Create("r1", "s1", new string('a', Round.LabelMaxLength)).Label.Length);
        Assert.Equal([("label", ErrorCodes.TooLong)], Errors(() => Round.Create("r1", "s1", new string('a', Round.LabelMaxLength + 1))));
    }

    [Fact]
    public void Round_MustCloseAfterItOpens()
    {
        Assert.Equal([("closes", ErrorCodes.ClosesBeforeOpens)], Errors(() => Round.Create("r1", "s1", "2025", Opens, Opens)));
        Assert.Equal([("closes", ErrorCodes.ClosesBeforeOpens)], Errors(() => Round.Create("r1", "s1", "2025", Opens, Opens.AddMinutes(-1))));
    }

    [Fact]
    public void Invited_MayNotBeNegative()
    {
        Assert.Equal([("invited", ErrorCodes.Negative)], Errors(() => Round.Create("r1", "s1", "2025", invited: -1)));
        Assert.Equal(0, Round.Create("r1", "s1", "2025", invited: 0).Invited);
    }

    [Fact]
    public void EveryRoundProblem_IsReportedAtOnce()
    {
        Assert.Equal(
            [("id", ErrorCodes.InvalidId), ("label", ErrorCodes.Required), ("closes", ErrorCodes.ClosesBeforeOpens), ("invited", ErrorCodes.Negative)],
            Errors(() => Round.Create("", "s1", "", Opens, Opens.AddDays(-1), -5)));
    }

    [Fact]
    public void RoundIdsAndLabels_AreUniqueWithinASurvey()
    {
        var survey = new SurveyBuilder().WithRound("2025-før").Build();
        Assert.Equal([("id", ErrorCodes.Duplicate), ("label", ErrorCodes.Duplicate)], Errors(() => survey.AddRound("round-1", "2025-FØR")));
        Assert.Single(survey.Rounds);
    }

    [Fact]
    public void Round_IsOpenFromOpensUntilJustBeforeCloses()
    {
        var round = Round.Create("r1", "s1", "2025", Opens, Opens.AddDays(7));
        Assert.False(round.IsOpenAt(Opens.AddTicks(-1)));
        Assert.True(round.IsOpenAt(Opens));
        Assert.True(round.IsOpenAt(Opens.AddDays(7).AddTicks(-1)));
        Assert.False(round.IsOpenAt(Opens.AddDays(7)));
    }

    [Fact]
    public void Round_HasClosedFromItsCloseTime_AndNeverWithoutOne()
    {
        var round = Round.Create("r1", "s1", "2025", Opens, Opens.AddDays(7));
        Assert.False(round.HasClosedBy(Opens.AddDays(7).AddTicks(-1)));
        Assert.True(round.HasClosedBy(Opens.AddDays(7)));
        Assert.False(Round.Create("r2", "s1", "Løpende").HasClosedBy(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void Round_WithoutDates_IsOpenUntilClosed()
    {
        var round = Round.Create("r1", "s1", "Løpende");
        Assert.True(round.IsOpenAt(DateTimeOffset.MinValue));
        round.Close(Clock.Now);
        Assert.False(round.IsOpenAt(Clock.Now));
        Assert.True(round.IsOpenAt(Clock.Now.AddSeconds(-1)));
    }

    [Fact]
    public void ClosingARound_BringsAScheduledCloseForwardAndIsHarmlessToRepeat()
    {
        var round = Round.Create("r1", "s1", "2025", Opens, Opens.AddDays(14));
        round.Close(Opens.AddDays(2));
        Assert.Equal(Opens.AddDays(2), round.Closes);
        round.Close(Opens.AddDays(5));
        Assert.Equal(Opens.AddDays(2), round.Closes);
        Assert.False(round.IsOpenAt(Opens.AddDays(3)));
    }

    [Fact]
    public void ClosingARound_BeforeItOpens_IsRejected()
    {
        var round = Round.Create("r1", "s1", "2025", Opens);
        Assert.Equal([("closes", ErrorCodes.ClosesBeforeOpens)], Errors(() => round.Close(Opens.AddDays(-1))));
    }

    [Fact]
    public void ReopeningAClosedRound_AcceptsAnswersAgain_UntilClosedOrUntilTheNewDate()
    {
        var round = Round.Create("r1", "s1", "2025", Opens, Opens.AddDays(7));
        var now = Opens.AddDays(10);
        Assert.False(round.IsOpenAt(now));

        round.Reopen(now);
        Assert.True(round.IsOpenAt(now.AddYears(5)));

        round.Close(now.AddDays(1));
        round.Reopen(now.AddDays(2), now.AddDays(9));
        Assert.Equal(now.AddDays(9), round.Closes);
        Assert.True(round.IsOpenAt(now.AddDays(8)));
    }

    [Fact]
    public void ReopeningAnOpenRound_WithoutADate_KeepsItsScheduledClose()
    {
        var round = Round.Create("r1", "s1", "2025", Opens, Opens.AddDays(7));
        round.Reopen(Opens.AddDays(1));
        Assert.Equal(Opens.AddDays(7), round.Closes);
    }

    [Fact]
    public void Reopening_UntilATimeAlreadyPast_OrBeforeItOpens_IsRejected_AndChangesNothing()
    {
        var round = Round.Create("r1", "s1", "2025", Opens, Opens.AddDays(7));
        Assert.Equal([("closes", ErrorCodes.ClosesInPast)], Errors(() => round.Reopen(Opens.AddDays(10), Opens.AddDays(9))));
        var later = Round.Create("r2", "s1", "2026", Opens.AddDays(30));
        Assert.Equal([("closes", ErrorCodes.ClosesBeforeOpens)], Errors(() => later.Reopen(Opens, Opens.AddDays(20))));
        Assert.Equal(Opens.AddDays(7), round.Closes);
        Assert.Null(later.Closes);
    }

    [Fact]
    public void ResponseRate_IsRespondentsOverInvited_OrNullWhenInvitedIsUnknownOrZero()
    {
        Assert.Equal(0.75, Round.Create("r1", "s1", "2025", invited: 20).ResponseRate(15));
        Assert.Null(Round.Create("r1", "s1", "2025").ResponseRate(15));
        Assert.Null(Round.Create("r1", "s1", "2025", invited: 0).ResponseRate(0));
        var leavers = Round.Create("r1", "s1", "2026", continuous: true);
        leavers.RecordInvited(8);
        Assert.Equal(0.5, leavers.ResponseRate(4));
        Assert.Throws<SurveyValidationException>(() => leavers.RecordInvited(-1));
    }

    [Fact]
    public void ContinuousRounds_FileResponsesByMonth_ScheduledRoundsByIsoWeek()
    {
        Assert.Equal("2026-11", Round.Create("r1", "s1", "2026", continuous: true).PeriodOf(Clock.Now).Value);
        Assert.Equal("2026-W47", Round.Create("r2", "s1", "2026").PeriodOf(Clock.Now).Value);
    }
}
