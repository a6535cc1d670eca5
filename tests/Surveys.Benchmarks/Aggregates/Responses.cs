using Surveys.Model;

namespace Surveys.Benchmarks.Aggregates;

/// <summary>Valid responses with seeded random answers, made the way intake makes them (<see cref="Survey.Validate"/>).</summary>
internal static class Responses
{
    /// <summary>A fixed "now" inside the round, so every run validates the same way.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(1));

    private static readonly TimeZoneInfo NorwegianTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary><paramref name="count"/> responses answering every scale item at a random position; text items skipped.</summary>
    public static Response[] Random(Survey survey, Round round, int count, int seed)
    {
        var random = new Random(seed);
        var scaleItems = survey.Items.Where(i => i.Scale.Kind != ScaleKind.FreeText).ToList();
        var responses = new Response[count];
        for (var r = 0; r < count; r++)
        {
            var answers = scaleItems.ToDictionary(i => i.Id, i => AnswerInput.Number(random.Next(1, i.Scale.Points + 1)), StringComparer.Ordinal);
            var submission = new ResponseSubmission(Guid.NewGuid(), answers, "nb", EntryMode.Kiosk);
            responses[r] = survey.Validate(submission, round, Now, NorwegianTime);
        }

        return responses;
    }
}
