namespace Surveys.Model;

/// <summary>
/// A validated response to one round: which items were answered and how, the language and entry mode,
/// and a coarse <see cref="Period"/>. Created by <see cref="Survey.Validate"/> or restored from storage
/// with <see cref="Restore"/>.
/// </summary>
/// <remarks>
/// Deliberately absent (users.md AN-05, AN-06): time of day, IP address, user agent, device or kiosk
/// fingerprint, and anything identifying the person. Items not in <see cref="Answers"/> were not answered.
/// </remarks>
public sealed class Response
{
    private Response(Guid id, string surveyId, string roundId, Language language, EntryMode entryMode, Period period,
        IReadOnlyDictionary<string, Answer> answers, IReadOnlyDictionary<string, ItemVersion> versions)
    {
        Id = id;
        SurveyId = surveyId;
        RoundId = roundId;
        Language = language;
        EntryMode = entryMode;
        Period = period;
        Answers = answers;
        Versions = versions;
    }

    /// <summary>The client-generated random (version 4) id; also the idempotency key.</summary>
    public Guid Id { get; }

    /// <summary>The survey answered.</summary>
    public string SurveyId { get; }

    /// <summary>The round answered.</summary>
    public string RoundId { get; }

    /// <summary>The language the survey was shown in.</summary>
    public Language Language { get; }

    /// <summary>How the response was entered.</summary>
    public EntryMode EntryMode { get; }

    /// <summary>The coarse period received: ISO week for scheduled rounds, month for continuous ones.</summary>
    public Period Period { get; }

    /// <summary>The answered items, by item id. Never empty.</summary>
    public IReadOnlyDictionary<string, Answer> Answers { get; }

    /// <summary>For each answered item, the text, scale and label-set revisions shown.</summary>
    public IReadOnlyDictionary<string, ItemVersion> Versions { get; }

    /// <summary>
    /// True for an id a response may have: a random GUID, RFC 9562 version 4 with the RFC variant bits.
    /// <see cref="Guid.Empty"/>, time-ordered versions (1, 6, 7) and sequential GUIDs are refused, because an
    /// ordered id gives away when a response was made (users.md AN-06).
    /// </summary>
    public static bool IsRandomId(Guid id) =>
        id != Guid.Empty && id.Version == 4 && (id.ToByteArray()[8] & 0xC0) == 0x80;

    /// <summary>
    /// Restores a stored response. Guards only the invariants (random id, at least one answer, versions
    /// only for answered items); item-level rules were applied when it was validated.
    /// </summary>
    public static Response Restore(Guid id, string surveyId, string roundId, Language language, EntryMode entryMode,
        Period period, IReadOnlyDictionary<string, Answer> answers, IReadOnlyDictionary<string, ItemVersion>? versions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(surveyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(roundId);
        ArgumentNullException.ThrowIfNull(language);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(answers);
        var errors = new List<ValidationError>();
        if (!IsRandomId(id))
        {
            errors.Add(Problems.InvalidResponseId());
        }

        if (answers.Count == 0)
        {
            errors.Add(Problems.EmptyResponse());
        }

        SurveyValidationException.ThrowIfAny(errors);
        var answerCopy = new Dictionary<string, Answer>(answers, StringComparer.Ordinal);
        var versionCopy = new Dictionary<string, ItemVersion>(StringComparer.Ordinal);
        foreach (var (itemId, version) in versions ?? new Dictionary<string, ItemVersion>())
        {
            if (!answerCopy.ContainsKey(itemId))
            {
                throw new ArgumentException($"A version is given for {itemId}, which has no answer.", nameof(versions));
            }

            versionCopy[itemId] = version;
        }

        return new Response(id, surveyId, roundId, language, entryMode, period, answerCopy, versionCopy);
    }

    internal static Response Create(Guid id, string surveyId, string roundId, Language language, EntryMode entryMode,
        Period period, Dictionary<string, Answer> answers, Dictionary<string, ItemVersion> versions) =>
        new(id, surveyId, roundId, language, entryMode, period, answers, versions);

    /// <summary>Describes the response without its answers, so it is safe to log.</summary>
    public override string ToString() => $"Response {Id} to {RoundId} ({Answers.Count} answers)";
}
