using System.Net;
using System.Text.RegularExpressions;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Functions.Tests.Review;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Pages;

/// <summary>
/// The leader home answers "how is it going?" (issue 15): answers so far against invited, the last change in a line,
/// the 0–100 index with the sentence for the annual report, and the next step; nothing below the minimum group size.
/// Answers go in through the kiosk API and are folded by the worker, as in use.
/// </summary>
public sealed class LeaderHomeTests(LeaderHomeTests.App app) : IClassFixture<LeaderHomeTests.App>
{
    public sealed class App() : SurveysAppFixture();

    private SurveysApp Factory => app.Factory;

    private async Task<string> HomeAsync(SeededSurvey survey, string query = "")
    {
        using var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", survey.OrganisationId, OrganisationRole.Leader);
        using var response = await leader.GetAsync("/leder" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The card of the survey titled <paramref name="title"/>, as a reader sees it (tags gone, spaces collapsed).</summary>
    private static string Card(string html, string title)
    {
        var match = Regex.Match(html, "<article class=\"card\".*?</article>", RegexOptions.Singleline);
        Assert.True(match.Success, "no survey card");
        Assert.Contains(title, match.Value);
        return Regex.Replace(Visible(match.Value), @"\s+", " ").Replace(" :", ":").Replace(" .", ".");
    }

    [Fact]
    public async Task A_survey_with_answers_shows_its_progress_its_change_its_index_and_the_report_sentence()
    {
        var survey = await SurveyAsync(Factory, rounds: 2, title: "Trivsel AFT", invited: 30);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 0, 2, 2, 2));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 0, 0, 0, 7));
        await WaitForFoldsAsync(Factory, survey.RoundIds[0], 6);
        await WaitForFoldsAsync(Factory, survey.RoundIds[1], 7);

        var card = Card(await HomeAsync(survey), "Trivsel AFT");

        // Both rounds are open; the newest is the one under way: 7 of 30, closing in 30 days.
        Assert.Matches(@"Åpen runde\s+2026-etter: 7 av 30 har svart \(23 %\), (29|30) dager igjen", card);
        // Six and seven answers: figures, but too few to say whether anything changed.
        Assert.Contains("2026-før → 2026-etter:", card);
        Assert.Matches(@"\d+ med for få svar til å si", card);
        // Everyone answered the happiest face: 100 of 100, with the definition named.
        Assert.Contains("Indeks 0–100 (IDX-LIN)", card);
        Assert.Contains("100 av 100 i 2026-etter", card);
        Assert.Contains("Trivsel AFT 2026 ga en gjennomsnittsscore på 100 av 100; 7 av 30 svarte.", card);
        // Answers are still missing from an open round: paper forms are the next step.
        Assert.Contains("Neste steg: Registrer papirskjemaer for 2026-etter", card);
        Assert.Contains("Forfalte tiltak Ingen", card);
        // Each round's index in the rounds table: (mean − 1)/4 × 100 with six answers at 3, 4 and 5 (mean 4): 75; then 100.
        Assert.Contains("2026-før", card);
        Assert.Matches(@"2026-før [\d-]+ – [\d-]+ 6 / 30 75 ", card);
        Assert.Matches(@"2026-etter [\d-]+ – [\d-]+ 7 / 30 100 ", card);
    }

    [Fact]
    public async Task Below_the_minimum_group_size_the_home_gives_no_result_only_the_count()
    {
        var survey = await SurveyAsync(Factory, rounds: 2, title: "Trivsel VTA", invited: 12);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 0, 2, 2, 2));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(3, 0, 0, 0, 1));
        await WaitForFoldsAsync(Factory, survey.RoundIds[0], 6);
        await WaitForFoldsAsync(Factory, survey.RoundIds[1], 4);

        var html = await HomeAsync(survey);
        var card = Card(html, "Trivsel VTA");

        Assert.Contains("4 av 12 har svart", card);
        Assert.Contains("2026-før → 2026-etter: For få svar til å vise resultat.", card);
        Assert.Contains("2026-etter: for få svar til å vise resultat.", card);
        Assert.DoesNotContain("av 100", card);
        Assert.DoesNotContain("gjennomsnittsscore", card);
        Assert.DoesNotContain("Tekst til årsrapporten", card);
        Assert.Matches(@"2026-etter [\d-]+ – [\d-]+ 4 / 12 for få svar ", card);
    }

    [Fact]
    public async Task The_home_is_in_English_alongside()
    {
        var survey = await SurveyAsync(Factory, rounds: 1, title: "Wellbeing", invited: 10);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 0, 0, 5, 0));
        await WaitForFoldsAsync(Factory, survey.RoundIds[0], 5);

        var html = await HomeAsync(survey, "?lang=en");
        var card = Card(html, "Wellbeing");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("5 of 10 have answered (50%)", card);
        Assert.Contains("75 out of 100 in 2026-før", card);
        Assert.Contains("Wellbeing 2026 gave an average score of 75 out of 100; 5 of 10 answered.", card);
        Assert.Contains("href=\"/surveys/" + survey.SurveyId + "/results?lang=en\"", html);
    }
}
