namespace Surveys.Model;

/// <summary>
/// A round's headline figure: the 0–100 index of its headline scale (issue 15, "Beyond the peers"), as annual
/// reports quote it ("gjennomsnittsscore 89 av 100 (86 i 2023)") and as HappyOrNot's Happy Index does. The
/// index is the mean of every answer on the headline scale, pooled over answers (instruments.md §6.2, "Overall
/// score"), rescaled by the index definition, which is always named with it (instruments.md §2).
/// </summary>
/// <param name="RoundId">The round.</param>
/// <param name="Label">The round's label.</param>
/// <param name="Year">The year the round belongs to (<see cref="RoundScores.YearOf"/>); <c>null</c> when it has no dates
/// and its label does not start with a year.</param>
/// <param name="Respondents">The people who answered the round.</param>
/// <param name="Invited">The people invited, when known.</param>
/// <param name="Index">The index; <c>null</c> when the round is below the minimum group size or has no answers on the
/// headline scale. Nothing is computed for a suppressed round.</param>
/// <param name="Answers">The answers pooled into the index (the denominator); 0 when <paramref name="Index"/> is null.</param>
public sealed record RoundScore(string RoundId, string Label, int? Year, int Respondents, int? Invited, IndexValue? Index, int Answers)
{
    /// <summary>The index rounded for display (whole points, half away from zero); <c>null</c> with no index.</summary>
    public int? Points => Index is { } i ? (int)Math.Round(i.Value, MidpointRounding.AwayFromZero) : null;
}

/// <summary>The headline figures of a survey's rounds, the year-over-year comparison and the annual-report sentence.</summary>
public static class RoundScores
{
    /// <summary>
    /// The scale a survey's index is computed on: its ordinal scale with the most items (the first such in item order
    /// on a tie). <c>null</c> when the survey has no ordinal item.
    /// </summary>
    public static Scale? HeadlineScale(Survey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        return survey.Items.Where(i => i.Scale.IsRankable)
            .GroupBy(i => i.Scale)
            .Select((g, order) => (Scale: g.Key, Count: g.Count(), Order: order))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Order)
            .Select(x => x.Scale)
            .FirstOrDefault();
    }

    /// <summary>
    /// The year a round belongs to: the year it opens, else the year it closes (Norwegian time), else a year at the start
    /// of its label ("2025-før"); <c>null</c> when none of these tells.
    /// </summary>
    public static int? YearOf(Round round, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(round);
        if ((round.Opens ?? round.Closes) is { } at)
        {
            return (zone is null ? at : TimeZoneInfo.ConvertTime(at, zone)).Year;
        }
        var label = round.Label;
        return label.Length >= 4 && label[..4].All(char.IsAsciiDigit) && (label.Length == 4 || !char.IsAsciiDigit(label[4]))
            && int.Parse(label[..4], System.Globalization.CultureInfo.InvariantCulture) is var year and >= 1900 and <= 2999
            ? year
            : null;
    }

    /// <summary>
    /// The score of <paramref name="round"/> from its counts. Below <paramref name="minimumGroupSize"/> respondents (or with
    /// no counts) the score carries the respondent count only: no index is computed.
    /// </summary>
    public static RoundScore For(Survey survey, Round round, RoundAggregate? aggregate, int minimumGroupSize,
        IndexDefinition? index = null, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumGroupSize, 1);
        var respondents = aggregate?.Respondents ?? 0;
        var year = YearOf(round, zone);
        if (aggregate is null || respondents < minimumGroupSize || HeadlineScale(survey) is not { } scale
            || !aggregate.Items.Any(i => i.Scale == scale))
        {
            return new RoundScore(round.Id, round.Label, year, respondents, round.Invited, null, 0);
        }
        var pooled = PooledSummary.ForScale(aggregate, scale, index);
        return new RoundScore(round.Id, round.Label, year, respondents, round.Invited, pooled.Index, pooled.Index is null ? 0 : pooled.Answers);
    }

    /// <summary>
    /// The round a year earlier to compare <paramref name="score"/> with: the last of <paramref name="scores"/> (in their
    /// order) from the year before, with an index of the same definition. <c>null</c> when there is none.
    /// </summary>
    public static RoundScore? YearBefore(IReadOnlyList<RoundScore> scores, RoundScore score)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(score);
        if (score.Year is not { } year || score.Index is not { } index) return null;
        return scores.LastOrDefault(s => s.Year == year - 1 && s.Index is { } other && other.Definition == index.Definition);
    }

    /// <summary>
    /// The sentence for the annual report, ready to paste: «Brukerundersøkelsen 2026 ga en gjennomsnittsscore på 89 av 100
    /// (86 i 2025); 42 av 50 svarte.», followed by the index definition. <c>null</c> when the round has no index (below the
    /// minimum group size, or no answers on the headline scale): nothing is said about a group that small.
    /// </summary>
    public static LocalizedText? ReportParagraph(string surveyTitle, RoundScore score, RoundScore? yearBefore)
    {
        ArgumentNullException.ThrowIfNull(surveyTitle);
        ArgumentNullException.ThrowIfNull(score);
        if (score.Index is not { } index || score.Points is not { } points) return null;
        var name = score.Year is { } year && !surveyTitle.Contains(year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            ? $"{surveyTitle} {year}"
            : surveyTitle;
        var before = yearBefore is { Points: { } p, Year: { } y } ? (Nb: $" ({p} i {y})", En: $" ({p} in {y})") : (Nb: "", En: "");
        var answered = score.Invited is { } invited
            ? (Nb: $"{score.Respondents} av {invited} svarte", En: $"{score.Respondents} of {invited} answered")
            : (Nb: $"{score.Respondents} svarte", En: $"{score.Respondents} answered");
        var definition = index.Definition == IndexDefinition.Linear
            ? (Nb: "gjennomsnittet av svarene omregnet slik at laveste svar gir 0 og høyeste 100",
               En: "the mean of the answers rescaled so that the lowest answer gives 0 and the highest 100")
            : (Nb: $"gjennomsnittet av svarene delt på antall svaralternativer, ganger 100 ({index.Definition.Formula})",
               En: $"the mean of the answers divided by the number of answer options, times 100 ({index.Definition.Formula})");
        return new LocalizedText(
            $"{name} ga en gjennomsnittsscore på {points} av 100{before.Nb}; {answered.Nb}. Indeks 0–100 ({index.Definition.Id}): {definition.Nb}.",
            $"{name} gave an average score of {points} out of 100{before.En}; {answered.En}. Index 0–100 ({index.Definition.Id}): {definition.En}.");
    }
}
