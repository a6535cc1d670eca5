namespace Surveys.Model.Tests.Comparisons;

public class RoundComparisonTests
{
    private static readonly string[] EthicsItems = Instruments.Ethics.Items.Select(i => i.Id).ToArray();
    private static readonly string[] WellbeingItems = Instruments.Wellbeing.Items.Select(i => i.Id).ToArray();

    private static ItemComparison Single(int[] before, int[] after, ComparisonOptions? options = null) =>
        RoundComparison.Compare(
            new RoundBuilder("før").Item("ETHICS-01", Scales.Know5, before).Build(),
            new RoundBuilder("etter").Item("ETHICS-01", Scales.Know5, after).Build(),
            options: options).Items.Single();

    [Theory]
    [InlineData(new[] { 0, 1, 2, 1, 0 }, new[] { 2, 4, 6, 8, 5 })]   // 4 before
    [InlineData(new[] { 2, 4, 6, 8, 5 }, new[] { 0, 0, 3, 1, 0 })]   // 4 after
    public void BelowMinimumGroupSizeInEitherRound_CarriesNoFiguresAtAll(int[] before, int[] after)
    {
        var item = Single(before, after);

        Assert.Equal(ComparisonStatus.Suppressed, item.Status);
        Assert.Equal(VerdictKind.TooFewToShow, item.Verdict.Kind);
        Assert.Equal("For få svar til å vise resultat", item.Verdict.Text.Norwegian);
        Assert.Equal("Too few answers to show a result", item.Verdict.Text.Get(Language.English));
        Assert.Null(item.Change);
        Assert.Null(item.Verdict.Detail);

        // Nothing reachable from the object carries a count, share or statistic.
        Assert.Empty(Numbers.Reachable(item));
    }

    [Fact]
    public void MinimumGroupSize_IsConfigurableButNeverBelowThree()
    {
        var options = new ComparisonOptions { MinimumGroupSize = 3 };
        Assert.Equal(ComparisonStatus.Compared, Single([0, 1, 2, 1, 0], [0, 1, 1, 1, 0], options).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComparisonOptions { MinimumGroupSize = 2 });
        Assert.Equal(ComparisonStatus.Suppressed, Single([0, 1, 2, 2, 0], [0, 1, 2, 2, 0], new ComparisonOptions { MinimumGroupSize = 6 }).Status);
    }

    [Fact]
    public void FiveToNineteenAnswers_ShowFiguresWithCountsButNoVerdict()
    {
        // Even an all-different shift gets no verdict below 20 answers per round.
        var item = Single([3, 4, 5, 0, 0], [0, 0, 0, 6, 6]);

        Assert.Equal(ComparisonStatus.Compared, item.Status);
        Assert.Equal(VerdictKind.TooFewToSay, item.Verdict.Kind);
        Assert.Equal("For få svar til å si om noe har endret seg", item.Verdict.Text.Norwegian);
        Assert.Equal("Too few answers to say whether anything changed", item.Verdict.Text.Get(Language.English));
        Assert.Equal(12, item.Change!.Before.N);
        Assert.Equal(12, item.Change.After.N);
        Assert.Equal(1, item.Change.CliffsDelta.Estimate);
        Assert.NotEmpty(Numbers.Reachable(item));  // the check used for suppressed items does see figures
    }

    [Fact]
    public void TwentyOrMoreWithAnIntervalSpanningZero_IsNoClearChange()
    {
        var item = Single([2, 4, 6, 6, 3], [2, 3, 6, 7, 3]);

        Assert.Equal(VerdictKind.NoClearChange, item.Verdict.Kind);
        Assert.Equal("Ingen tydelig endring, for få svar til å si sikkert", item.Verdict.Text.Norwegian);
        Assert.Equal("No clear change; too few answers to say for certain", item.Verdict.Text.Get(Language.English));
        Assert.True(item.Change!.CliffsDelta.Interval!.IncludesZero);
        Assert.StartsWith("Cliffs delta 0,0", item.Verdict.Detail!.Norwegian);
        Assert.Contains("95 % KI", item.Verdict.Detail.Norwegian);
    }

    [Fact]
    public void SmileyWellbeing_22Versus24WithNearlyEqualDistributions_IsNoClearChange()
    {
        var before = new RoundBuilder("2025-før").Items(WellbeingItems, Scales.Freq5, 1, 2, 5, 8, 6).Build();
        var after = new RoundBuilder("2025-etter").Items(WellbeingItems, Scales.Freq5, 1, 3, 5, 8, 7).Build();
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).Build();

        var comparison = RoundComparison.Compare(before, after, survey);

        Assert.Equal(22, comparison.Before.Respondents);
        Assert.Equal(24, comparison.After.Respondents);
        Assert.All(comparison.Items, item =>
        {
            Assert.Equal(VerdictKind.NoClearChange, item.Verdict.Kind);
            Assert.Equal(EffectMagnitude.Negligible, item.Change!.CliffsDelta.Magnitude);
            Assert.True(item.Change.CliffsDelta.Interval!.IncludesZero);
        });
        Assert.Equal(VerdictKind.NoClearChange, comparison.Pooled.Single().Verdict.Kind);
        Assert.Contains(ComparisonTexts.CohortCaveat, comparison.Notes);
    }

    [Fact]
    public void EthicsBeforeAfter_WithAClearShiftAt25_IsIncreasedLeadingWithTheIntervalExcludingZero()
    {
        var before = new RoundBuilder("før").Items(EthicsItems, Scales.Know5, 4, 8, 8, 4, 1).Build();
        var after = new RoundBuilder("etter").Items(EthicsItems, Scales.Know5, 0, 2, 6, 11, 6).Build();
        var survey = new SurveyBuilder().FromInstrument(Instruments.Ethics).Build();

        var comparison = RoundComparison.Compare(before, after, survey);

        Assert.Equal(EthicsItems, comparison.Items.Select(i => i.ItemId));
        Assert.True(comparison.IsAdjusted);
        Assert.Equal("BH", comparison.Adjustment);
        Assert.All(comparison.Items, item =>
        {
            var change = item.Change!;
            Assert.Equal(VerdictKind.Increased, item.Verdict.Kind);
            Assert.Equal("Økt", item.Verdict.Text.Norwegian);
            Assert.Equal("Increased", item.Verdict.Text.Get(Language.English));
            Assert.True(change.CliffsDelta.Interval!.Lower > 0);
            Assert.Equal(PValueMethod.Exact, change.MannWhitney.Method);
            Assert.True(change.AdjustedPValue >= change.MannWhitney.PValue);
            Assert.Matches(@"^Cliffs delta 0,\d\d \(95 % KI 0,\d\d til 0,\d\d\)$", item.Verdict.Detail!.Norwegian);
            Assert.Matches(@"^Cliff's delta 0\.\d\d \(95% CI 0\.\d\d to 0\.\d\d\)$", item.Verdict.Detail.Get(Language.English));
        });

        var pooled = comparison.Pooled.Single();
        Assert.Equal("SCALE-KNOW5", pooled.ScaleId);
        Assert.Equal(VerdictKind.Increased, pooled.Verdict.Kind);
        Assert.Equal(9 * 25, pooled.Change!.After.Answers);
        Assert.Equal(9, pooled.Change.CliffsDelta.DesignEffect);  // nine answers per person, the conservative bound
    }

    [Fact]
    public void SwappingRounds_TurnsIncreasedIntoDecreased_WithTheSameP()
    {
        var forward = Single([4, 8, 8, 4, 1], [0, 2, 6, 11, 6]);
        var backward = Single([0, 2, 6, 11, 6], [4, 8, 8, 4, 1]);

        Assert.Equal(VerdictKind.Increased, forward.Verdict.Kind);
        Assert.Equal(VerdictKind.Decreased, backward.Verdict.Kind);
        Assert.Equal("Redusert", backward.Verdict.Text.Norwegian);
        Assert.Equal(-forward.Change!.CliffsDelta.Estimate, backward.Change!.CliffsDelta.Estimate, 1e-12);
        Assert.Equal(forward.Change.MannWhitney.PValue, backward.Change.MannWhitney.PValue, 1e-12);
        Assert.Equal(-forward.Change.MeanDifference!.Value, backward.Change.MeanDifference!.Value, 1e-12);
    }

    [Fact]
    public void IdenticalRounds_GiveDeltaZeroAndPOne()
    {
        var item = Single([2, 4, 6, 8, 5], [2, 4, 6, 8, 5]);
        Assert.Equal(0, item.Change!.CliffsDelta.Estimate);
        Assert.Equal(1, item.Change.MannWhitney.PValue, 1e-12);
        Assert.Equal(0, item.Change.MeanDifference);
        Assert.All(item.Change.Bands, b => Assert.Equal(0, b.Difference.Estimate));
        Assert.Equal(VerdictKind.NoClearChange, item.Verdict.Kind);
    }

    [Fact]
    public void ManyItems_AnIntervalExcludingZeroIsNotEnoughWhenTheAdjustedPIsAboveFivePercent()
    {
        // One item moves (δ ≈ 0.37, interval ≈ (0.06, 0.62), raw p ≈ 0.02); eight do not (p = 1). BH: 9 × 0.02 ≈ 0.18.
        var before = new RoundBuilder("før").Items(EthicsItems, Scales.Know5, 3, 6, 8, 6, 2).Build();
        var after = new RoundBuilder("etter").Item("ETHICS-01", Scales.Know5, 0, 3, 7, 10, 5)
            .Items(EthicsItems.Skip(1), Scales.Know5, 3, 6, 8, 6, 2).Build();

        var adjusted = RoundComparison.Compare(before, after).Items.First();
        Assert.True(adjusted.Change!.CliffsDelta.Interval!.Lower > 0);
        Assert.InRange(adjusted.Change.MannWhitney.PValue, 0.01, 0.05);
        Assert.Equal(9 * adjusted.Change.MannWhitney.PValue, adjusted.Change.AdjustedPValue!.Value, 1e-12);
        Assert.Equal(VerdictKind.NoClearChange, adjusted.Verdict.Kind);
        Assert.Contains("justert p", adjusted.Verdict.Detail!.Norwegian);

        var exploratory = RoundComparison.Compare(before, after, options: new ComparisonOptions { AdjustForMultipleComparisons = false });
        Assert.Equal(VerdictKind.Increased, exploratory.Items.First().Verdict.Kind);
        Assert.Null(exploratory.Items.First().Change!.AdjustedPValue);
        Assert.True(exploratory.IsExploratory);
        Assert.False(exploratory.IsAdjusted);
        Assert.Contains(ComparisonTexts.Exploratory, exploratory.Notes);
    }

    [Fact]
    public void OneItemOnly_IsNeitherAdjustedNorExploratory()
    {
        var comparison = RoundComparison.Compare(
            new RoundBuilder("a").Item("ETHICS-01", Scales.Know5, 3, 6, 8, 6, 2).Build(),
            new RoundBuilder("b").Item("ETHICS-01", Scales.Know5, 0, 3, 7, 10, 5).Build());
        Assert.False(comparison.IsAdjusted);
        Assert.False(comparison.IsExploratory);
        Assert.Equal(VerdictKind.Increased, comparison.Items.Single().Verdict.Kind);
    }

    [Fact]
    public void ItemsMissingFromARoundOrOnAnotherScale_AreReportedAsNotComparable()
    {
        var before = new RoundBuilder("a").Item("KEEP", Scales.Freq5, 2, 2, 2, 2, 2).Item("OLD", Scales.Freq5, 2, 2, 2, 2, 2)
            .Item("MOVED", Scales.Freq5, 2, 2, 2, 2, 2).Build();
        var after = new RoundBuilder("b").Item("KEEP", Scales.Freq5, 2, 2, 2, 2, 2).Item("NEW", Scales.Freq5, 2, 2, 2, 2, 2)
            .Item("MOVED", Scales.Good5, 2, 2, 2, 2, 2).Build();

        var items = RoundComparison.Compare(before, after).Items.ToDictionary(i => i.ItemId);

        Assert.Equal(ComparisonStatus.Compared, items["KEEP"].Status);
        Assert.Equal(NotComparableReason.OnlyInBefore, items["OLD"].Reason);
        Assert.Equal(NotComparableReason.OnlyInAfter, items["NEW"].Reason);
        Assert.Equal(NotComparableReason.ScaleChanged, items["MOVED"].Reason);
        Assert.All(new[] { "OLD", "NEW", "MOVED" }, id =>
        {
            Assert.Equal(VerdictKind.NotComparable, items[id].Verdict.Kind);
            Assert.Null(items[id].Change);
        });
    }

    [Fact]
    public void RoundsWithDifferentLabelSets_AreJoinedOnPosition()
    {
        // WELLBEING-02 was printed with "Ja, alltid" at position 5 in the first round and "Alltid" in the next.
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).WithRound("før").WithRound("etter").Build();
        survey.UseLabelSet("WELLBEING-02", "LBL-FREQ5-JA");
        var first = RoundAggregate.For(survey, survey.Rounds[0]);
        survey.UseLabelSet("WELLBEING-02", "LBL-FREQ5-STD");
        var second = RoundAggregate.For(survey, survey.Rounds[1]);
        for (var i = 0; i < 6; i++)
        {
            first.Fold(survey.Validate(new SubmissionBuilder().Answer("WELLBEING-02", 5).Build(), survey.Rounds[0], Clock.Now));
            second.Fold(survey.Validate(new SubmissionBuilder().Answer("WELLBEING-02", 5).Build(), survey.Rounds[1], Clock.Now));
        }

        var item = RoundComparison.Compare(first, second, survey).Items.Single(i => i.ItemId == "WELLBEING-02");

        Assert.Equal(ComparisonStatus.Compared, item.Status);
        Assert.Equal(0, item.Change!.CliffsDelta.Estimate);
        Assert.Equal([0, 0, 0, 0, 6], item.Change.Before.Counts);
        Assert.Equal([0, 0, 0, 0, 6], item.Change.After.Counts);
    }

    [Fact]
    public void YesNoItems_AreComparedOnTheShareAnsweringJa()
    {
        var before = new RoundBuilder("2025").Item("EXIT-YN-01", Scales.YesNo, 10, 20).Build();
        var after = new RoundBuilder("2026").Item("EXIT-YN-01", Scales.YesNo, 24, 6).Build();

        var item = RoundComparison.Compare(before, after).Items.Single();
        var change = item.Change!;

        Assert.Equal(0.8 - 1.0 / 3, change.Yes!.Estimate, 1e-12);
        Assert.Equal(change.Yes.Estimate, change.CliffsDelta.Estimate, 1e-12);   // δ on the Ja indicator = difference in shares
        Assert.Null(change.TopTwo);
        Assert.Null(change.MeanDifference);
        Assert.Equal(VerdictKind.Increased, item.Verdict.Kind);
        Assert.Equal("NEWCOMBE-HYBRID-SCORE", change.Interval!.Method);
        Assert.StartsWith("Andel ja +47 prosentpoeng (95 % KI ", item.Verdict.Detail!.Norwegian);
    }

    [Fact]
    public void BandAndTopTwoChanges_CarryNewcombeIntervalsInPercentagePoints()
    {
        var item = Single([4, 8, 8, 4, 1], [0, 2, 6, 11, 6]);
        var change = item.Change!;

        Assert.Equal(17.0 / 25 - 5.0 / 25, change.TopTwo!.Estimate, 1e-12);
        Assert.Equal(48, change.TopTwo.PercentagePoints, 1e-9);
        Assert.Equal(["low", "middle", "high"], change.Bands.Select(b => b.Band.Id));
        Assert.Equal(-40, change.Bands[0].Difference.PercentagePoints, 1e-9);
        Assert.All(change.Bands, b => Assert.True(b.Difference.Interval.Contains(b.Difference.Estimate)));
        Assert.Equal(96.0 / 25 - 65.0 / 25, change.MeanDifference!.Value, 1e-12);
    }

    [Fact]
    public void ResponseRates_AreShownWhenInvitedIsKnown_AndAFallIsNoted()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).WithRound("før", invited: 30).WithRound("etter", invited: 30).Build();
        var before = new RoundBuilder("round-1").Items(WellbeingItems, Scales.Freq5, 1, 2, 5, 8, 6).Respondents(25).Build();
        var after = new RoundBuilder("round-2").Items(WellbeingItems, Scales.Freq5, 1, 2, 5, 6, 6).Respondents(20).Build();

        var comparison = RoundComparison.Compare(before, after, survey);

        Assert.Equal(25.0 / 30, comparison.Before.Rate);
        Assert.Equal(20.0 / 30, comparison.After.Rate);
        Assert.Equal([ComparisonTexts.CohortCaveat, ComparisonTexts.ResponseRateFell], comparison.Notes);
        Assert.Equal("Færre svarte denne gangen; de som ikke svarte, kan ha ment noe annet", comparison.Notes[1].Norwegian);
        Assert.Equal("gruppesammenligning, ikke endring hos den enkelte", comparison.Notes[0].Norwegian);
    }

    [Fact]
    public void ARoundBelowTheMinimum_ShowsFewerThanFiveAndNoResponseRate()
    {
        var options = new ComparisonOptions { Invited = new Dictionary<string, int> { ["a"] = 10, ["b"] = 10 } };
        var comparison = RoundComparison.Compare(
            new RoundBuilder("a").Item("X", Scales.Freq5, 0, 1, 1, 1, 1).Build(),
            new RoundBuilder("b").Item("X", Scales.Freq5, 1, 1, 2, 2, 2).Build(), options: options);

        Assert.True(comparison.Before.IsSuppressed);
        Assert.Null(comparison.Before.Respondents);
        Assert.Null(comparison.Before.Rate);
        Assert.Equal("færre enn 5", comparison.Before.CountText!.Norwegian);
        Assert.Equal(0.8, comparison.After.Rate);
        Assert.DoesNotContain(ComparisonTexts.ResponseRateFell, comparison.Notes);
        Assert.Equal(ComparisonStatus.Suppressed, comparison.Items.Single().Status);
        Assert.Equal(ComparisonStatus.Suppressed, comparison.Pooled.Single().Status);
        Assert.Null(comparison.Pooled.Single().Change);
    }

    [Fact]
    public void Pooled_LeavesOutSuppressedItems_SoTheyCannotBeRecoveredBySubtraction()
    {
        var before = new RoundBuilder("a").Item("A", Scales.Know5, 2, 2, 2, 2, 2).Item("B", Scales.Know5, 1, 1, 1, 0, 0).Item("C", Scales.Know5, 1, 1, 2, 2, 2).Build();
        var after = new RoundBuilder("b").Item("A", Scales.Know5, 1, 2, 3, 2, 2).Item("B", Scales.Know5, 1, 1, 1, 1, 1).Item("C", Scales.Know5, 1, 1, 2, 2, 2).Build();

        var comparison = RoundComparison.Compare(before, after);
        var pooled = comparison.Pooled.Single();

        Assert.Equal(ComparisonStatus.Suppressed, comparison.Items.Single(i => i.ItemId == "B").Status);
        Assert.Equal(["A", "C"], pooled.ItemIds);
        Assert.Equal(18, pooled.Change!.Before.Answers);
        Assert.Equal(10, pooled.Change.PeopleBefore);
        Assert.Equal(VerdictKind.TooFewToSay, pooled.Verdict.Kind);  // 10 people, not 18 answers
    }

    [Fact]
    public void WeakestItemsOfTheLaterRound_FollowTheNamedRuleAndSkipSuppressedItems()
    {
        var before = new RoundBuilder("a").Items(["E1", "E2", "E3", "E4"], Scales.Know5, 2, 2, 2, 2, 2).Build();
        var after = new RoundBuilder("b")
            .Item("E1", Scales.Know5, 0, 2, 2, 4, 2)
            .Item("E2", Scales.Know5, 1, 4, 3, 2, 0)
            .Item("E3", Scales.Know5, 0, 0, 1, 1, 1)   // 3 answers: not shown, not ranked
            .Item("E4", Scales.Know5, 1, 5, 2, 1, 1)
            .Build();

        var weakest = RoundComparison.Compare(before, after).WeakestItems.Single();

        Assert.Same(WeakestItemRule.LowestMean, weakest.Rule);
        Assert.Equal("SCALE-KNOW5", weakest.ScaleId);
        Assert.Equal(["E4", "E2", "E1"], weakest.Items.Select(i => i.ItemId));  // E4 and E2 both mean 2.6; E4 has 6/10 in the bottom two, E2 5/10

        var byBottomTwo = RoundComparison.Compare(before, after, options: new ComparisonOptions { WeakestItemRule = WeakestItemRule.LargestBottomTwo });
        Assert.Equal(["E4", "E2", "E1"], byBottomTwo.WeakestItems.Single().Items.Select(i => i.ItemId));
    }

    [Fact]
    public void FreeTextItems_AreLeftOut()
    {
        var before = new RoundBuilder("a").Item("EXIT-01", Scales.Sat6, 1, 1, 1, 1, 1, 1).Item("EXIT-TXT-01", Scales.Text, []).Build();
        var after = new RoundBuilder("b").Item("EXIT-01", Scales.Sat6, 1, 1, 1, 1, 1, 1).Item("EXIT-TXT-01", Scales.Text, []).Build();
        Assert.Equal(["EXIT-01"], RoundComparison.Compare(before, after).Items.Select(i => i.ItemId));
    }
}
