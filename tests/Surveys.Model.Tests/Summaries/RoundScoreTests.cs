namespace Surveys.Model.Tests;

/// <summary>The 0–100 index per round, the year before, and the annual-report sentence (issue 15).</summary>
public class RoundScoreTests
{
    private static readonly DateTimeOffset March2025 = new(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset March2026 = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(1));

    private readonly Survey _user = new SurveyBuilder().FromInstrument(Instruments.User)
        .WithRound("Vår 2025", opens: March2025, closes: March2025.AddDays(30), invited: 40)
        .WithRound("Vår 2026", opens: March2026, closes: March2026.AddDays(30), invited: 6)
        .Build();

    /// <summary>The round's counts from people who each give <c>positions[i]</c> to every 1–6 item and «Ja» to the yes/no item.</summary>
    private RoundAggregate Counts(int round, params int[] positions)
    {
        var aggregate = RoundAggregate.For(_user, _user.Rounds[round]);
        foreach (var position in positions)
        {
            var submission = new SubmissionBuilder().AnswerAll(_user, position).Answer("USER-YN-01", 1).Build();
            Assert.True(aggregate.Fold(_user.Validate(submission, _user.Rounds[round], _user.Rounds[round].Opens!.Value.AddDays(1))));
        }
        return aggregate;
    }

    [Fact]
    public void The_index_is_the_mean_of_every_answer_on_the_headline_scale_rescaled_so_the_lowest_is_0_and_the_highest_100()
    {
        // Three people answer 5 and two answer 4 on all twelve 1–6 items: mean 4.6, (4.6 − 1)/5 × 100 = 72.
        var score = RoundScores.For(_user, _user.Rounds[1], Counts(1, 5, 5, 5, 4, 4), minimumGroupSize: 5);

        Assert.Equal(Scales.Sat6, RoundScores.HeadlineScale(_user));
        Assert.Equal(72.0, score.Index!.Value, 9);
        Assert.Equal(IndexDefinition.Linear, score.Index.Definition);
        Assert.Equal(72, score.Points);
        Assert.Equal(60, score.Answers); // 5 people × 12 items: the yes/no item is not on the scale
        Assert.Equal(5, score.Respondents);
        Assert.Equal(2026, score.Year);
    }

    [Fact]
    public void Everyone_at_the_top_is_100_and_everyone_at_the_bottom_is_0()
    {
        Assert.Equal(100, RoundScores.For(_user, _user.Rounds[1], Counts(1, 6, 6, 6, 6, 6), 5).Points);
        Assert.Equal(0, RoundScores.For(_user, _user.Rounds[1], Counts(1, 1, 1, 1, 1, 1), 5).Points);
    }

    [Fact]
    public void Below_the_minimum_group_size_there_is_no_index_and_no_sentence_only_the_count()
    {
        var score = RoundScores.For(_user, _user.Rounds[1], Counts(1, 6, 6, 6, 6), minimumGroupSize: 5);

        Assert.Null(score.Index);
        Assert.Null(score.Points);
        Assert.Equal(0, score.Answers);
        Assert.Equal(4, score.Respondents);
        Assert.Null(RoundScores.ReportParagraph("Brukerundersøkelsen", score, null));
    }

    [Fact]
    public void The_report_sentence_gives_the_score_the_year_before_and_how_many_answered_and_names_the_index()
    {
        var lastYear = RoundScores.For(_user, _user.Rounds[0], Counts(0, 5, 5, 5, 5, 5, 6), 5);   // mean 31/6: 83.3 → 83
        var thisYear = RoundScores.For(_user, _user.Rounds[1], Counts(1, 5, 5, 5, 4, 4), 5);      // 72
        var scores = new[] { lastYear, thisYear };

        Assert.Same(lastYear, RoundScores.YearBefore(scores, thisYear));
        var text = RoundScores.ReportParagraph("Brukerundersøkelsen", thisYear, RoundScores.YearBefore(scores, thisYear))!;
        Assert.Equal("Brukerundersøkelsen 2026 ga en gjennomsnittsscore på 72 av 100 (83 i 2025); 5 av 6 svarte. "
            + "Indeks 0–100 (IDX-LIN): gjennomsnittet av svarene omregnet slik at laveste svar gir 0 og høyeste 100.", text.Norwegian);
        Assert.StartsWith("Brukerundersøkelsen 2026 gave an average score of 72 out of 100 (83 in 2025); 5 of 6 answered. Index 0–100 (IDX-LIN)", text.Get(Language.English));
    }

    [Fact]
    public void A_year_before_below_the_minimum_is_left_out_of_the_sentence()
    {
        var lastYear = RoundScores.For(_user, _user.Rounds[0], Counts(0, 6, 6), 5);
        var thisYear = RoundScores.For(_user, _user.Rounds[1], Counts(1, 6, 6, 6, 6, 6), 5);

        Assert.Null(RoundScores.YearBefore([lastYear, thisYear], thisYear));
        Assert.StartsWith("Brukerundersøkelsen 2026 ga en gjennomsnittsscore på 100 av 100; 5 av 6 svarte.",
            RoundScores.ReportParagraph("Brukerundersøkelsen", thisYear, null)!.Norwegian);
    }

    [Fact]
    public void Indexes_of_different_definitions_are_never_put_side_by_side()
    {
        var lastYear = RoundScores.For(_user, _user.Rounds[0], Counts(0, 5, 5, 5, 5, 5), 5, IndexDefinition.Max);
        var thisYear = RoundScores.For(_user, _user.Rounds[1], Counts(1, 5, 5, 5, 5, 5), 5, IndexDefinition.Linear);

        Assert.Null(RoundScores.YearBefore([lastYear, thisYear], thisYear));
    }

    [Theory]
    [InlineData("2025-før", 2025)]
    [InlineData("2024", 2024)]
    [InlineData("Høst 2025", null)]
    [InlineData("20251", null)]
    public void A_round_without_dates_belongs_to_the_year_its_label_starts_with(string label, int? year)
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.User).Build();
        var round = survey.AddRound("r-x", label);

        Assert.Equal(year, RoundScores.YearOf(round));
    }

    [Fact]
    public void A_title_that_already_names_the_year_is_not_given_it_twice()
    {
        var score = RoundScores.For(_user, _user.Rounds[1], Counts(1, 6, 6, 6, 6, 6), 5);

        Assert.StartsWith("Brukerundersøkelse 2026 ga", RoundScores.ReportParagraph("Brukerundersøkelse 2026", score, null)!.Norwegian);
    }
}
