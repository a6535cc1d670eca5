namespace Surveys.Model.Tests;

public class AggregateTests
{
    private readonly Survey _exit = new SurveyBuilder().FromInstrument(Instruments.Exit).WithRound("2026", continuous: true).Build();
    private readonly Survey _wellbeing = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).WithRound("2025-før").Build();

    private RoundAggregate EmptyExit() => RoundAggregate.For(_exit, _exit.Rounds[0]);

    private RoundAggregate EmptyWellbeing() => RoundAggregate.For(_wellbeing, _wellbeing.Rounds[0]);

    private Response Exit(Action<SubmissionBuilder> answers, EntryMode mode = EntryMode.Kiosk)
    {
        var builder = new SubmissionBuilder().Via(mode);
        answers(builder);
        return builder.ValidFor(_exit);
    }

    private Response Wellbeing(params int[] positions)
    {
        var builder = new SubmissionBuilder();
        for (var i = 0; i < positions.Length; i++)
        {
            if (positions[i] != 0)
            {
                builder.Answer($"WELLBEING-0{i + 1}", positions[i]);
            }
        }

        return builder.ValidFor(_wellbeing);
    }

    [Fact]
    public void EmptyAggregate_HasEveryItemWithEveryPositionAtZero()
    {
        var aggregate = EmptyExit();
        Assert.Equal(0, aggregate.Respondents);
        Assert.Equal(_exit.Items.Select(i => i.Id), aggregate.Items.Select(i => i.ItemId));
        Assert.Equal([0, 0, 0, 0, 0, 0], aggregate.Find("EXIT-01")!.Counts);
        Assert.Equal([0, 0], aggregate.Find("EXIT-YN-01")!.Counts);
        Assert.Empty(aggregate.Find("EXIT-TXT-01")!.Counts);
        Assert.Equal(Enum.GetValues<EntryMode>(), aggregate.EntryModes.Keys.Order());
    }

    [Fact]
    public void Fold_CountsEachAnswerAtItsPosition()
    {
        var aggregate = EmptyExit();
        Assert.True(aggregate.Fold(Exit(s => s.Answer("EXIT-01", 6).Answer("EXIT-YN-01", 1))));
        Assert.True(aggregate.Fold(Exit(s => s.Answer("EXIT-01", 6).Answer("EXIT-YN-01", 2))));
        Assert.True(aggregate.Fold(Exit(s => s.Answer("EXIT-01", 2))));

        var exit01 = aggregate.Find("EXIT-01")!;
        Assert.Equal(3, aggregate.Respondents);
        Assert.Equal([0, 1, 0, 0, 0, 2], exit01.Counts);
        Assert.Equal(2, exit01.Count(6));
        Assert.Equal(3, exit01.Answered);
        Assert.Equal([1, 1], aggregate.Find("EXIT-YN-01")!.Counts);
        Assert.Equal(1, aggregate.NotAnswered("EXIT-YN-01"));
        Assert.Equal(3, aggregate.NotAnswered("EXIT-02"));
    }

    [Fact]
    public void SameResponseFoldedTwice_IsCountedOnce()
    {
        var aggregate = EmptyExit();
        var response = Exit(s => s.Answer("EXIT-01", 4));
        Assert.True(aggregate.Fold(response));
        var before = aggregate.ToSnapshot();

        Assert.False(aggregate.Fold(response));
        Assert.Equal(before, aggregate.ToSnapshot());
        Assert.Equal(1, aggregate.Respondents);
        Assert.True(aggregate.HasFolded(response.Id));
    }

    [Fact]
    public void NonScaleCode9_IsCountedSeparatelyAndNotInAnyPosition()
    {
        var aggregate = EmptyExit();
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 9)));
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 5)));

        var counts = aggregate.Find("EXIT-01")!;
        Assert.Equal(1, counts.NonScaleCount);
        Assert.Equal([0, 0, 0, 0, 1, 0], counts.Counts);
        Assert.Equal(1, counts.Answered);
        Assert.Equal(2, counts.Responded);
        Assert.Equal(0, aggregate.NotAnswered("EXIT-01"));
    }

    [Fact]
    public void FreeText_IsCountedButItsContentIsNeverKept()
    {
        var aggregate = EmptyExit();
        aggregate.Fold(Exit(s => s.Answer("EXIT-TXT-01", "Navnet mitt er Kari og sjefen min er slem")));

        Assert.Equal(1, aggregate.Find("EXIT-TXT-01")!.TextCount);
        var snapshot = aggregate.ToSnapshot();
        Assert.DoesNotContain(typeof(string), typeof(ItemCountsSnapshot).GetProperties()
            .Where(p => p.Name is not nameof(ItemCountsSnapshot.ItemId) and not nameof(ItemCountsSnapshot.ScaleId)).Select(p => p.PropertyType));
        Assert.DoesNotContain("Kari", aggregate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Kari", string.Join(";", snapshot.Items.Select(i => i.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public void EntryModes_AreCountedPerResponse()
    {
        var aggregate = EmptyExit();
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 4), EntryMode.Paper));
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 4), EntryMode.Paper));
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 4), EntryMode.Assisted));

        Assert.Equal(2, aggregate.EntryModes[EntryMode.Paper]);
        Assert.Equal(1, aggregate.EntryModes[EntryMode.Assisted]);
        Assert.Equal(0, aggregate.EntryModes[EntryMode.Kiosk]);
        Assert.Equal(aggregate.Respondents, aggregate.EntryModes.Values.Sum());
    }

    [Fact]
    public void StraightLining_CountsResponsesThatUsedOnePositionOnAtLeastTwoScaleItems()
    {
        var aggregate = EmptyWellbeing();
        aggregate.Fold(Wellbeing(5, 5, 5, 5)); // straight-lined
        aggregate.Fold(Wellbeing(3, 3, 0, 0)); // straight-lined over the two it answered
        aggregate.Fold(Wellbeing(5, 4, 5, 5)); // varied
        aggregate.Fold(Wellbeing(2, 0, 0, 0)); // one item only: not eligible

        Assert.Equal(2, aggregate.StraightLined);
        Assert.Equal(3, aggregate.StraightLineEligible);
        Assert.Equal(4, aggregate.Respondents);
    }

    [Fact]
    public void StraightLining_IgnoresYesNoTextAndTheNonScaleCode()
    {
        var aggregate = EmptyExit();
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 1).Answer("EXIT-02", 1).Answer("EXIT-YN-01", 2).Answer("EXIT-03", 9).Answer("EXIT-TXT-01", "Ok")));
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 1).Answer("EXIT-YN-01", 1)));

        Assert.Equal(1, aggregate.StraightLined);
        Assert.Equal(1, aggregate.StraightLineEligible);
    }

    [Fact]
    public void Fold_RejectsAResponseOfAnotherRoundAndChangesNothing()
    {
        var other = new SurveyBuilder().FromInstrument(Instruments.Exit).WithRound("2026").WithRound("2027").Build();
        var response = other.Validate(new SubmissionBuilder().Answer("EXIT-01", 3).Build(), other.Rounds[1], Clock.Now);
        var aggregate = RoundAggregate.For(other, other.Rounds[0]);

        var error = Assert.Throws<SurveyValidationException>(() => aggregate.Fold(response));
        Assert.Equal(ErrorCodes.RoundMismatch, Assert.Single(error.Errors).Code);
        Assert.Equal(0, aggregate.Respondents);
        Assert.False(aggregate.HasFolded(response.Id));
    }

    [Fact]
    public void Fold_RejectsAStoredResponseThatDoesNotFitTheScales()
    {
        var aggregate = EmptyWellbeing();
        var response = Response.Restore(Guid.NewGuid(), _wellbeing.Id, "round-1", Language.Norwegian, EntryMode.Kiosk, Period.Parse("2026-W47"),
            new Dictionary<string, Answer> { ["WELLBEING-01"] = Answer.Position(6), ["WELLBEING-02"] = Answer.NonScale(9), ["WELLBEING-03"] = Answer.Position(2), ["X"] = Answer.Position(1) });

        var error = Assert.Throws<SurveyValidationException>(() => aggregate.Fold(response));
        Assert.Equal(
            [("answers.WELLBEING-01", ErrorCodes.OffScale), ("answers.WELLBEING-02", ErrorCodes.OffScale), ("answers.X", ErrorCodes.UnknownItem)],
            error.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(0, aggregate.Find("WELLBEING-03")!.Answered);
    }

    [Fact]
    public void Merge_AddsEveryCount()
    {
        var a = EmptyWellbeing();
        var b = EmptyWellbeing();
        a.Fold(Wellbeing(5, 5, 0, 0));
        a.Fold(Wellbeing(1, 2, 3, 4));
        b.Fold(Wellbeing(5, 3, 0, 0));

        var merged = RoundAggregate.Merge(a, b);

        Assert.Equal(3, merged.Respondents);
        Assert.Equal([1, 0, 0, 0, 2], merged.Find("WELLBEING-01")!.Counts);
        Assert.Equal([0, 1, 1, 0, 1], merged.Find("WELLBEING-02")!.Counts);
        Assert.Equal(1, merged.StraightLined);
        Assert.Equal(3, merged.StraightLineEligible);
        Assert.Equal(3, merged.EntryModes[EntryMode.Kiosk]);
        Assert.Equal(2, a.Respondents);
    }

    [Fact]
    public void Merge_IsTheSameAsFoldingEverythingIntoOne()
    {
        var responses = new[] { Wellbeing(5, 5, 5, 5), Wellbeing(1, 0, 3, 0), Wellbeing(2, 2, 0, 4), Wellbeing(4, 4, 4, 1) };
        var whole = EmptyWellbeing();
        var (left, right) = (EmptyWellbeing(), EmptyWellbeing());
        for (var i = 0; i < responses.Length; i++)
        {
            whole.Fold(responses[i]);
            (i % 2 == 0 ? left : right).Fold(responses[i]);
        }

        Assert.Equal(whole.ToSnapshot(), RoundAggregate.Merge(left, right).ToSnapshot());
        Assert.Equal(whole.ToSnapshot(), RoundAggregate.Merge(right, left).ToSnapshot());
    }

    [Fact]
    public void Merge_OfAggregatesThatBothHoldAResponse_IsRefused()
    {
        var response = Wellbeing(3, 3, 3, 3);
        var (a, b) = (EmptyWellbeing(), EmptyWellbeing());
        a.Fold(response);
        b.Fold(response);
        var error = Assert.Throws<SurveyValidationException>(() => RoundAggregate.Merge(a, b));
        Assert.Equal(ErrorCodes.OverlappingResponses, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public void Merge_OfDifferentRounds_IsRefused_ButPoolingThemIsAllowed()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).WithRound("Enhet A").WithRound("Enhet B").Build();
        var a = RoundAggregate.For(survey, survey.Rounds[0]);
        var b = RoundAggregate.For(survey, survey.Rounds[1]);
        a.Fold(survey.Validate(new SubmissionBuilder().Answer("WELLBEING-01", 4).Build(), survey.Rounds[0], Clock.Now));
        b.Fold(survey.Validate(new SubmissionBuilder().Answer("WELLBEING-01", 2).Build(), survey.Rounds[1], Clock.Now));

        Assert.Equal(ErrorCodes.RoundMismatch, Assert.Single(Assert.Throws<SurveyValidationException>(() => RoundAggregate.Merge(a, b)).Errors).Code);
        var pooled = RoundAggregate.Pool("prosjekt-2026", [a, b]);
        Assert.Equal("prosjekt-2026", pooled.RoundId);
        Assert.Equal(2, pooled.Respondents);
        Assert.Equal([0, 1, 0, 1, 0], pooled.Find("WELLBEING-01")!.Counts);
    }

    [Fact]
    public void Merge_OfAnItemOnDifferentScales_IsRefused()
    {
        var a = RoundAggregate.Empty("r1", [new Item("Q-1", Scales.Freq5, new LocalizedText("Spørsmål"))]);
        var b = RoundAggregate.Empty("r1", [new Item("Q-1", Scales.Good5, new LocalizedText("Spørsmål"))]);
        Assert.Equal(ErrorCodes.ScaleMismatch, Assert.Single(Assert.Throws<SurveyValidationException>(() => RoundAggregate.Merge(a, b)).Errors).Code);
    }

    [Fact]
    public void Snapshot_RoundTripsExactly()
    {
        var aggregate = EmptyExit();
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 6).Answer("EXIT-02", 6).Answer("EXIT-YN-01", 1).Answer("EXIT-TXT-02", "Takk"), EntryMode.Assisted));
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 9).Answer("EXIT-03", 2), EntryMode.PersonalLink));

        var snapshot = aggregate.ToSnapshot();
        var restored = RoundAggregate.FromSnapshot(snapshot);

        Assert.Equal(snapshot, restored.ToSnapshot());
        Assert.Equal(2, restored.Respondents);
        Assert.Equal(1, restored.Find("EXIT-01")!.NonScaleCount);
        Assert.Equal(1, restored.Find("EXIT-TXT-02")!.TextCount);
        Assert.Equal(1, restored.StraightLined);
        Assert.Equal(1, restored.EntryModes[EntryMode.PersonalLink]);
        Assert.Equal(RoundAggregateSnapshot.CurrentSchemaVersion, snapshot.SchemaVersion);
        Assert.Equal(["Kiosk", "PersonalLink", "Assisted", "Paper"], snapshot.EntryModes.Keys);
    }

    [Fact]
    public void Snapshot_IsACopy_NotAViewOfTheAggregate()
    {
        var aggregate = EmptyExit();
        var snapshot = aggregate.ToSnapshot();
        aggregate.Fold(Exit(s => s.Answer("EXIT-01", 1)));
        Assert.Equal(0, snapshot.Items[0].Counts[0]);
        snapshot.Items[0].Counts[0] = 99;
        Assert.Equal(1, aggregate.Find("EXIT-01")!.Count(1));
    }

    [Fact]
    public void RestoredAggregate_RemembersNoResponseIds_SoStorageMustGuardOnceOnly()
    {
        var aggregate = EmptyExit();
        var response = Exit(s => s.Answer("EXIT-01", 1));
        aggregate.Fold(response);
        var restored = RoundAggregate.FromSnapshot(aggregate.ToSnapshot());
        Assert.False(restored.HasFolded(response.Id));
    }

    [Fact]
    public void InconsistentSnapshot_IsRejectedWithEveryProblem()
    {
        var good = EmptyExit().ToSnapshot();
        var bad = good with
        {
            Respondents = 1,
            StraightLined = 2,
            EntryModes = new Dictionary<string, int> { ["Kiosk"] = 1, ["Telepathy"] = 0 },
            Items =
            [
                good.Items[0] with { Counts = [0, 0, 0, 0, 0] },
                good.Items[1] with { Counts = [1, 0, 0, 0, 0, 1] },
                good.Items[2] with { ScaleId = "SCALE-NOPE" },
                .. good.Items.Skip(3),
            ],
        };

        var error = Assert.Throws<SurveyValidationException>(() => RoundAggregate.FromSnapshot(bad));
        Assert.All(error.Errors, e => Assert.Equal(ErrorCodes.InvalidSnapshot, e.Code));
        Assert.Equal(["straightLined", "entryModes.Telepathy", "items.EXIT-01", "items.EXIT-02", "items.EXIT-03"], error.Errors.Select(e => e.Field));
    }
}
