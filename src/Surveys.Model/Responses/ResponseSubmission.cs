namespace Surveys.Model;

/// <summary>
/// A response as it arrives from a kiosk, a personal link or the paper-entry screen, before validation by
/// <see cref="Survey.Validate"/>. Items left out of <see cref="Answers"/> count as not answered.
/// </summary>
/// <param name="ResponseId">The client-generated idempotency key, created when the person starts; must be
/// a random (version 4) GUID.</param>
/// <param name="Answers">Raw answers by item id.</param>
/// <param name="Language">The language the survey was shown in (<c>nb</c>, <c>en</c>); <c>null</c> = bokmål.</param>
/// <param name="EntryMode">How the response was entered.</param>
public sealed record ResponseSubmission(
    Guid ResponseId,
    IReadOnlyDictionary<string, AnswerInput> Answers,
    string? Language,
    EntryMode EntryMode);
