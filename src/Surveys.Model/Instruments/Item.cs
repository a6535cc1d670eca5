using System.Text.RegularExpressions;

namespace Surveys.Model;

/// <summary>
/// One question, identified by a stable <see cref="Id"/> (<c>ETHICS-07</c>) that says what is measured,
/// with its wording at a <see cref="TextRevision"/> that says how it was asked at the time
/// (instruments.md §1). Wording edits keep the id and raise the revision; a change of meaning needs a
/// new id. Answers are always joined on (item id, scale id, position), never on text.
/// </summary>
/// <remarks>
/// Items are immutable values. A <see cref="Survey"/> owns its items and changes them only through its
/// intention-revealing methods (<see cref="Survey.EditWording"/>, <see cref="Survey.UseLabelSet"/>).
/// </remarks>
public sealed partial class Item
{
    /// <summary>The longest item id allowed.</summary>
    public const int IdMaxLength = 64;

    /// <summary>The longest item text (question, easy-read, lead or explanation) allowed, per language.</summary>
    public const int TextMaxLength = 500;

    /// <summary>The placeholder filled with the organisation's display name when a text is rendered.</summary>
    public const string OrgPlaceholder = "{org}";

    /// <summary>
    /// Creates an item. Throws <see cref="SurveyValidationException"/> listing every problem: an id with
    /// characters other than A–Z, a–z, 0–9, <c>-</c> and <c>_</c> (ids go into storage keys), texts over
    /// <see cref="TextMaxLength"/>, or a label set that does not belong to <paramref name="scale"/>.
    /// </summary>
    /// <param name="id">Stable id, for example <c>ETHICS-07</c>.</param>
    /// <param name="scale">The answer scale.</param>
    /// <param name="text">The question, in bokmål and optionally other languages.</param>
    /// <param name="required">Whether a response must answer it. Participant surveys have no required items (P-09).</param>
    /// <param name="shortCode">Display alias such as <c>E7</c>; always resolves to the id.</param>
    /// <param name="textRevision">The wording revision, starting at 1.</param>
    /// <param name="easyRead">An easy-read (lettlest) wording of the same question (P-06).</param>
    /// <param name="explanation">Explanation of words and concepts, shown on demand.</param>
    /// <param name="lead">A question shown before the item text, for example the retrospective lead of ETHICS-R items.</param>
    /// <param name="labelSetId">The label set shown; the scale's default when <c>null</c>. Ignored for free text.</param>
    /// <param name="includedByDefault">False for optional add-ons (EMPLOYEE-19/20, ETHICS-R01…R09) that an
    /// organisation must choose to include.</param>
    public Item(string id, Scale scale, LocalizedText text, bool required = false, string? shortCode = null,
        int textRevision = 1, LocalizedText? easyRead = null, LocalizedText? explanation = null,
        LocalizedText? lead = null, string? labelSetId = null, bool includedByDefault = true)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(textRevision, 1);

        var errors = new List<ValidationError>();
        if (!IsValidId(id))
        {
            errors.Add(Problems.InvalidId("id", IdMaxLength));
        }

        CheckLength(errors, "text", text);
        CheckLength(errors, "easyRead", easyRead);
        CheckLength(errors, "explanation", explanation);
        CheckLength(errors, "lead", lead);

        LabelSet? labelSet = null;
        if (scale.Kind != ScaleKind.FreeText)
        {
            labelSet = labelSetId is null ? scale.DefaultLabelSet : scale.FindLabelSet(labelSetId);
            if (labelSet is null)
            {
                errors.Add(Scales.FindLabelSet(labelSetId!) is null
                    ? Problems.UnknownLabelSet("labelSetId")
                    : Problems.LabelSetMismatch("labelSetId"));
            }
        }

        SurveyValidationException.ThrowIfAny(errors);

        Id = id;
        Scale = scale;
        Text = text;
        Required = required;
        ShortCode = shortCode;
        TextRevision = textRevision;
        EasyRead = easyRead;
        Explanation = explanation;
        Lead = lead;
        LabelSet = labelSet;
        IncludedByDefault = includedByDefault;
    }

    /// <summary>Stable id, for example <c>ETHICS-07</c>. Never reused for another question.</summary>
    public string Id { get; }

    /// <summary>Display alias for compact tables (<c>E7</c>, <c>T2</c>), or <c>null</c>.</summary>
    public string? ShortCode { get; }

    /// <summary>The answer scale.</summary>
    public Scale Scale { get; }

    /// <summary>The question text; may contain <see cref="OrgPlaceholder"/>.</summary>
    public LocalizedText Text { get; }

    /// <summary>The wording revision of <see cref="Text"/> and <see cref="EasyRead"/> ("ETHICS-07 r2"), from 1.</summary>
    public int TextRevision { get; }

    /// <summary>An easy-read wording of the same question, or <c>null</c>.</summary>
    public LocalizedText? EasyRead { get; }

    /// <summary>Explanation of words and concepts, or <c>null</c> (an empty slot the organisation may fill).</summary>
    public LocalizedText? Explanation { get; }

    /// <summary>A question shown before <see cref="Text"/>, or <c>null</c>.</summary>
    public LocalizedText? Lead { get; }

    /// <summary>Whether a response must answer this item.</summary>
    public bool Required { get; }

    /// <summary>False for optional add-ons that are left out of a new survey unless chosen.</summary>
    public bool IncludedByDefault { get; }

    /// <summary>The label set shown at the scale's positions; <c>null</c> for free text.</summary>
    public LabelSet? LabelSet { get; }

    /// <summary>The id of <see cref="LabelSet"/>, for example <c>LBL-FREQ5-STD</c>; <c>null</c> for free text.</summary>
    public string? LabelSetId => LabelSet?.Id;

    /// <summary>True when <paramref name="id"/> is a well-formed item id.</summary>
    public static bool IsValidId(string? id) => id is not null && id.Length <= IdMaxLength && IdPattern().IsMatch(id);

    /// <inheritdoc />
    public override string ToString() => $"{Id} r{TextRevision}";

    internal Item WithText(Language language, string text) =>
        Copy(text: Text.With(language, text), textRevision: TextRevision + 1);

    internal Item WithEasyRead(Language language, string text) =>
        Copy(easyRead: EasyRead?.With(language, text) ?? NewText(language, text), textRevision: TextRevision + 1);

    internal Item WithExplanation(Language language, string text) =>
        Copy(explanation: Explanation?.With(language, text) ?? NewText(language, text));

    internal Item WithLabelSet(string labelSetId) => Copy(labelSetId: labelSetId);

    // Survey makes sure the first text of a slot is bokmål, the fallback of every other language.
    private static LocalizedText NewText(Language language, string text) =>
        language == Language.Norwegian ? new LocalizedText(text) : throw new InvalidOperationException("Bokmål comes first.");

    private Item Copy(LocalizedText? text = null, int? textRevision = null, LocalizedText? easyRead = null,
        LocalizedText? explanation = null, string? labelSetId = null) =>
        new(Id, Scale, text ?? Text, Required, ShortCode, textRevision ?? TextRevision, easyRead ?? EasyRead,
            explanation ?? Explanation, Lead, labelSetId ?? LabelSetId, IncludedByDefault);

    private static void CheckLength(List<ValidationError> errors, string field, LocalizedText? text)
    {
        if (text is not null && text.Translations.Values.Any(t => t.Length > TextMaxLength))
        {
            errors.Add(Problems.TooLong(field, TextMaxLength));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
