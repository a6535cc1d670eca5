namespace Surveys.Model;

/// <summary>
/// The stable codes carried by <see cref="ValidationError.Code"/>. Clients may switch on them;
/// they are never renamed.
/// </summary>
public static class ErrorCodes
{
    /// <summary>A value that must be present is missing: a required item, a round label, a title.</summary>
    public const string Required = "required";

    /// <summary>A text is longer than the limit declared on its type.</summary>
    public const string TooLong = "too-long";

    /// <summary>A free-text answer is longer than <see cref="Answer.TextMaxLength"/>.</summary>
    public const string TextTooLong = "text-too-long";

    /// <summary>An answer names an item the survey does not have.</summary>
    public const string UnknownItem = "unknown-item";

    /// <summary>A number is neither a position 1..k of the item's scale nor its non-scale code.</summary>
    public const string OffScale = "off-scale";

    /// <summary>The answer has the wrong kind of value: text for a scale item, a number for a text item,
    /// or a JSON value that is neither (boolean, object, array, fraction).</summary>
    public const string WrongType = "wrong-type";

    /// <summary>A response with no answered item at all.</summary>
    public const string EmptyResponse = "empty-response";

    /// <summary>A language code the platform does not support.</summary>
    public const string UnsupportedLanguage = "unsupported-language";

    /// <summary>An entry mode that is not one of <see cref="EntryMode"/>'s values.</summary>
    public const string UnknownEntryMode = "unknown-entry-mode";

    /// <summary>The round does not accept answers at this time.</summary>
    public const string RoundClosed = "round-closed";

    /// <summary>The round is not a round of this survey, or the aggregate belongs to another round.</summary>
    public const string RoundMismatch = "round-mismatch";

    /// <summary>A response id that is empty or not a random (version 4) GUID.</summary>
    public const string InvalidResponseId = "invalid-response-id";

    /// <summary>An id with characters or a length that is not allowed.</summary>
    public const string InvalidId = "invalid-id";

    /// <summary>The same id used twice where ids must be unique.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A survey without items.</summary>
    public const string NoItems = "no-items";

    /// <summary>No built-in instrument has this id.</summary>
    public const string UnknownInstrument = "unknown-instrument";

    /// <summary>No label set has this id.</summary>
    public const string UnknownLabelSet = "unknown-label-set";

    /// <summary>The label set belongs to another scale than the item's.</summary>
    public const string LabelSetMismatch = "label-set-mismatch";

    /// <summary>A round closes at or before it opens.</summary>
    public const string ClosesBeforeOpens = "closes-before-opens";

    /// <summary>A new closing time for a round that is not after now: reopening needs a time still to come.</summary>
    public const string ClosesInPast = "closes-in-past";

    /// <summary>A count that must not be negative is negative.</summary>
    public const string Negative = "negative";

    /// <summary>Two aggregates disagree on an item's scale and cannot be added.</summary>
    public const string ScaleMismatch = "scale-mismatch";

    /// <summary>Two aggregates both hold the same response; adding them would count it twice.</summary>
    public const string OverlappingResponses = "overlapping-responses";

    /// <summary>A stored snapshot whose numbers contradict each other.</summary>
    public const string InvalidSnapshot = "invalid-snapshot";

    /// <summary>An improvement action cannot be «Planlagt» without an owner and a due date (users.md L-04).</summary>
    public const string RequiredWhenPlanned = "required-when-planned";

    /// <summary>An improvement action cannot be «Fullført» without an evaluation date and note (users.md L-04).</summary>
    public const string RequiredWhenDone = "required-when-done";

    /// <summary>A list is at its cap (notes on an action, its status changes).</summary>
    public const string TooMany = "too-many";

    /// <summary>Not an e-mail address.</summary>
    public const string InvalidEmail = "invalid-email";
}
