namespace Surveys.Model;

/// <summary>
/// A survey an organisation runs: a built-in instrument or a custom item list, with the organisation's own
/// wording, label-set choices and rounds. The aggregate root for wording and rounds, and the gate every
/// response passes through (<see cref="Validate"/>).
/// </summary>
/// <remarks>
/// Wording edits keep item identity and raise the item's text revision, so results stay comparable across
/// rounds (instruments.md §1.3). A change of meaning is not an edit: it is a new item id. Every earlier
/// revision is kept in <see cref="ItemHistory"/>. Each response records the revisions it was shown, so
/// the model does not forbid edits while a round is open; publishing should nevertheless freeze what an
/// open round shows.
/// </remarks>
public sealed class Survey
{
    /// <summary>The longest survey title allowed.</summary>
    public const int TitleMaxLength = 200;

    /// <summary>The longest organisation display name allowed.</summary>
    public const int OrganisationNameMaxLength = 200;

    private readonly List<Item> _items;
    private readonly List<Item> _history;
    private readonly List<Round> _rounds;

    private Survey(string id, string organisationId, string title, string organisationName, string? instrumentId,
        int? instrumentRevision, IEnumerable<Item> items, IEnumerable<Item> history, IEnumerable<Round> rounds)
    {
        Id = id;
        OrganisationId = organisationId;
        Title = title;
        OrganisationName = organisationName;
        InstrumentId = instrumentId;
        InstrumentRevision = instrumentRevision;
        _items = items.ToList();
        _history = history.ToList();
        _rounds = rounds.ToList();
    }

    /// <summary>The survey's id, safe as a storage key.</summary>
    public string Id { get; }

    /// <summary>The organisation that owns the survey.</summary>
    public string OrganisationId { get; }

    /// <summary>The organisation's display name, filled in for <see cref="Item.OrgPlaceholder"/>.</summary>
    public string OrganisationName { get; }

    /// <summary>The survey's title, trimmed, at most <see cref="TitleMaxLength"/> characters.</summary>
    public string Title { get; }

    /// <summary>The built-in instrument adopted, or <c>null</c> for a custom survey.</summary>
    public string? InstrumentId { get; }

    /// <summary>The template revision adopted, or <c>null</c> for a custom survey.</summary>
    public int? InstrumentRevision { get; }

    /// <summary>True for a survey built from custom items rather than a built-in instrument.</summary>
    public bool IsCustom => InstrumentId is null;

    /// <summary>The effective items, current revision, in display order.</summary>
    public IReadOnlyList<Item> Items => _items.AsReadOnly();

    /// <summary>Every earlier revision of every item, oldest first (the current ones are in <see cref="Items"/>).</summary>
    public IReadOnlyList<Item> ItemHistory => _history.AsReadOnly();

    /// <summary>The rounds, in the order they were added.</summary>
    public IReadOnlyList<Round> Rounds => _rounds.AsReadOnly();

    /// <summary>
    /// Adopts a built-in instrument: its default items, plus any of its optional add-ons named in
    /// <paramref name="optionalItemIds"/> (EMPLOYEE-19, ETHICS-R01 …), kept in the instrument's order.
    /// </summary>
    public static Survey FromInstrument(string id, string organisationId, Instrument instrument, string title,
        string organisationName, IEnumerable<string>? optionalItemIds = null)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var errors = new List<ValidationError>();
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var itemId in optionalItemIds ?? [])
        {
            if (instrument.OptionalItems.Any(i => i.Id == itemId))
            {
                chosen.Add(itemId);
            }
            else
            {
                errors.Add(Problems.UnknownItem($"optionalItems.{itemId}"));
            }
        }

        var (cleanTitle, cleanName) = CheckHeader(errors, id, organisationId, title, organisationName);
        SurveyValidationException.ThrowIfAny(errors);
        var items = instrument.AllItems.Where(i => i.IncludedByDefault || chosen.Contains(i.Id));
        return new Survey(id, organisationId, cleanTitle, cleanName, instrument.Id, instrument.Revision, items, [], []);
    }

    /// <summary>
    /// Creates a custom survey from <paramref name="items"/>, in the order given. Item ids must be unique;
    /// there must be at least one item.
    /// </summary>
    public static Survey FromCustomItems(string id, string organisationId, string title, string organisationName,
        IEnumerable<Item> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        var errors = new List<ValidationError>();
        var (cleanTitle, cleanName) = CheckHeader(errors, id, organisationId, title, organisationName);
        CheckItems(errors, list);
        SurveyValidationException.ThrowIfAny(errors);
        return new Survey(id, organisationId, cleanTitle, cleanName, null, null, list, [], []);
    }

    /// <summary>
    /// Restores a stored survey: its current items, earlier item revisions and rounds. Checks the same
    /// rules as creation and that every round belongs to this survey.
    /// </summary>
    public static Survey Restore(string id, string organisationId, string title, string organisationName,
        string? instrumentId, int? instrumentRevision, IEnumerable<Item> items, IEnumerable<Item>? itemHistory = null,
        IEnumerable<Round>? rounds = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        var roundList = rounds?.ToList() ?? [];
        var errors = new List<ValidationError>();
        var (cleanTitle, cleanName) = CheckHeader(errors, id, organisationId, title, organisationName);
        CheckItems(errors, list);
        if (roundList.Any(r => r.SurveyId != id))
        {
            errors.Add(Problems.RoundMismatch("rounds"));
        }

        if (roundList.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != roundList.Count)
        {
            errors.Add(Problems.Duplicate("rounds"));
        }

        SurveyValidationException.ThrowIfAny(errors);
        return new Survey(id, organisationId, cleanTitle, cleanName, instrumentId, instrumentRevision, list,
            itemHistory ?? [], roundList);
    }

    /// <summary>The current revision of the item with <paramref name="itemId"/>, or <c>null</c>.</summary>
    public Item? FindItem(string itemId) => _items.Find(i => i.Id == itemId);

    /// <summary>Every revision of an item, oldest first, ending with the current one.</summary>
    public IReadOnlyList<Item> RevisionsOf(string itemId) =>
        _history.Where(i => i.Id == itemId).Concat(_items.Where(i => i.Id == itemId)).ToArray();

    /// <summary>
    /// Changes the wording of an item in one language: a wording-only edit that keeps the item's id and
    /// raises its <see cref="Item.TextRevision"/> by one (instruments.md §1.3). The text is trimmed; an edit
    /// that changes nothing creates no revision. Throws <see cref="SurveyValidationException"/>:
    /// <c>unknown-item</c>, <c>required</c> (blank), <c>too-long</c> (over <see cref="Item.TextMaxLength"/>).
    /// </summary>
    /// <returns>The item as it is now.</returns>
    public Item EditWording(string itemId, Language language, string newText)
    {
        ArgumentNullException.ThrowIfNull(language);
        var (index, text) = PrepareEdit(itemId, newText, "text");
        var item = _items[index];
        return item.Text.Has(language) && item.Text.Get(language) == text ? item : Replace(index, item.WithText(language, text), keepHistory: true);
    }

    /// <summary>
    /// Sets the easy-read (lettlest) wording of an item in one language (users.md P-06): a wording-only edit
    /// that keeps the item's id and raises its text revision. The bokmål easy-read text must exist before a
    /// translation of it. Same errors as <see cref="EditWording"/>.
    /// </summary>
    public Item EditEasyRead(string itemId, Language language, string newText)
    {
        ArgumentNullException.ThrowIfNull(language);
        var (index, text) = PrepareEdit(itemId, newText, "easyRead");
        var item = _items[index];
        if (item.EasyRead is null && language != Language.Norwegian)
        {
            throw new SurveyValidationException(Problems.Required($"easyRead.{Language.Norwegian.Code}"));
        }

        return item.EasyRead is { } current && current.Has(language) && current.Get(language) == text
            ? item
            : Replace(index, item.WithEasyRead(language, text), keepHistory: true);
    }

    /// <summary>
    /// Sets the explanation of words and concepts shown with an item. Not a wording change of the question,
    /// so the text revision stays. The bokmål explanation must exist before a translation of it.
    /// </summary>
    public Item EditExplanation(string itemId, Language language, string newText)
    {
        ArgumentNullException.ThrowIfNull(language);
        var (index, text) = PrepareEdit(itemId, newText, "explanation");
        var item = _items[index];
        if (item.Explanation is null && language != Language.Norwegian)
        {
            throw new SurveyValidationException(Problems.Required($"explanation.{Language.Norwegian.Code}"));
        }

        return Replace(index, item.WithExplanation(language, text), keepHistory: false);
    }

    /// <summary>
    /// Applies a term substitution (for example "karriereveileder" → "veileder") to the text of every item in
    /// one language. Matching is ordinal and case-sensitive. Each item whose text changes gets one new
    /// revision, as with <see cref="EditWording"/>.
    /// </summary>
    /// <returns>The items that changed, at their new revision.</returns>
    public IReadOnlyList<Item> ReplaceTerm(Language language, string term, string replacement)
    {
        ArgumentNullException.ThrowIfNull(language);
        ArgumentException.ThrowIfNullOrEmpty(term);
        ArgumentNullException.ThrowIfNull(replacement);
        var changed = new List<Item>();
        var errors = new List<ValidationError>();
        foreach (var item in _items.ToArray())
        {
            if (!item.Text.Has(language))
            {
                continue;
            }

            var before = item.Text.Get(language);
            var after = before.Replace(term, replacement, StringComparison.Ordinal).Trim();
            if (after == before)
            {
                continue;
            }

            if (after.Length == 0 || after.Length > Item.TextMaxLength)
            {
                errors.Add(after.Length == 0 ? Problems.Required($"items.{item.Id}") : Problems.TooLong($"items.{item.Id}", Item.TextMaxLength));
                continue;
            }

            changed.Add(item.WithText(language, after));
        }

        SurveyValidationException.ThrowIfAny(errors);
        foreach (var item in changed)
        {
            Replace(_items.FindIndex(i => i.Id == item.Id), item, keepHistory: true);
        }

        return changed;
    }

    /// <summary>
    /// Chooses the label set shown for an item, for example <c>LBL-FREQ5-JA</c> to type in a historical paper
    /// form exactly as printed. The label set must belong to the item's scale: labels change the words, never
    /// the meaning of a position. Throws <c>unknown-item</c>, <c>unknown-label-set</c> or
    /// <c>label-set-mismatch</c>.
    /// </summary>
    public Item UseLabelSet(string itemId, string labelSetId)
    {
        ArgumentNullException.ThrowIfNull(labelSetId);
        var index = IndexOf(itemId);
        var item = _items[index];
        if (item.Scale.FindLabelSet(labelSetId) is null)
        {
            throw new SurveyValidationException(Scales.FindLabelSet(labelSetId) is null
                ? Problems.UnknownLabelSet("labelSetId")
                : Problems.LabelSetMismatch("labelSetId"));
        }

        return item.LabelSetId == labelSetId ? item : Replace(index, item.WithLabelSet(labelSetId), keepHistory: false);
    }

    /// <summary>
    /// The question text of the survey's current revision of <paramref name="item"/> in
    /// <paramref name="language"/> (bokmål when there is no translation), with <see cref="Item.OrgPlaceholder"/>
    /// replaced by <see cref="OrganisationName"/>. Throws <c>unknown-item</c> for an item not in the survey.
    /// </summary>
    public string RenderText(Item item, Language language)
    {
        ArgumentNullException.ThrowIfNull(item);
        return RenderText(item.Id, language);
    }

    /// <summary>As <see cref="RenderText(Item, Language)"/>, by item id.</summary>
    public string RenderText(string itemId, Language language) => Render(_items[IndexOf(itemId)].Text, language);

    /// <summary>Any text of this survey (easy-read, lead, explanation) in <paramref name="language"/>, with
    /// <see cref="Item.OrgPlaceholder"/> filled in.</summary>
    public string Render(LocalizedText text, Language language)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(language);
        return text.Get(language).Replace(Item.OrgPlaceholder, OrganisationName, StringComparison.Ordinal);
    }

    /// <summary>
    /// Adds a round (see <see cref="Round.Create"/> for its rules). Round ids and labels are unique within the
    /// survey (<c>duplicate</c>).
    /// </summary>
    public Round AddRound(string roundId, string label, DateTimeOffset? opens = null, DateTimeOffset? closes = null,
        int? invited = null, bool continuous = false)
    {
        var errors = new List<ValidationError>();
        if (_rounds.Any(r => r.Id == roundId))
        {
            errors.Add(Problems.Duplicate("id"));
        }

        if (_rounds.Any(r => string.Equals(r.Label, label?.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(Problems.Duplicate("label"));
        }

        Round? round = null;
        try
        {
            round = Round.Create(roundId, Id, label!, opens, closes, invited, continuous);
        }
        catch (SurveyValidationException e)
        {
            errors.AddRange(e.Errors);
        }

        SurveyValidationException.ThrowIfAny(errors);
        _rounds.Add(round!);
        return round!;
    }

    /// <summary>The round with <paramref name="roundId"/>, or <c>null</c>.</summary>
    public Round? FindRound(string roundId) => _rounds.Find(r => r.Id == roundId);

    /// <summary>
    /// Validates a submission against this survey and <paramref name="round"/> and returns the response to
    /// store, or throws <see cref="SurveyValidationException"/> listing every problem at once:
    /// <list type="bullet">
    /// <item><c>invalid-response-id</c>: the id is empty or not a random version-4 GUID (AN-06);</item>
    /// <item><c>unsupported-language</c>: a language other than those in <see cref="Language.Supported"/>;</item>
    /// <item><c>round-mismatch</c> / <c>round-closed</c>: not this survey's round, or not open at <paramref name="receivedAt"/>;</item>
    /// <item><c>unknown-item</c>: an answer to an item the survey does not have;</item>
    /// <item><c>off-scale</c>: a number that is neither 1..k nor the scale's non-scale code;</item>
    /// <item><c>wrong-type</c>: text for a scale item, a number for a text item, or an invalid JSON kind;</item>
    /// <item><c>text-too-long</c>: free text over <see cref="Answer.TextMaxLength"/> after trimming;</item>
    /// <item><c>required</c>: a required item not answered (the non-scale code counts as an answer);</item>
    /// <item><c>empty-response</c>: no item of the survey answered at all.</item>
    /// </list>
    /// Free text is trimmed; blank text counts as skipped. A missing language means bokmål. The response's
    /// <see cref="Response.Period"/> is taken from <paramref name="receivedAt"/> (in <paramref name="zone"/>
    /// when given), coarsened as the round requires; nothing finer is kept.
    /// </summary>
    public Response Validate(ResponseSubmission submission, Round round, DateTimeOffset receivedAt, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(round);
        var errors = new List<ValidationError>();

        if (!Response.IsRandomId(submission.ResponseId))
        {
            errors.Add(Problems.InvalidResponseId());
        }

        var language = Language.Norwegian;
        if (submission.Language is not null && !Language.TryParse(submission.Language, out language))
        {
            errors.Add(Problems.UnsupportedLanguage());
            language = Language.Norwegian;
        }

        if (!Enum.IsDefined(submission.EntryMode))
        {
            errors.Add(Problems.UnknownEntryMode());
        }

        if (round.SurveyId != Id)
        {
            errors.Add(Problems.RoundMismatch("round"));
        }
        else if (!round.IsOpenAt(receivedAt))
        {
            errors.Add(Problems.RoundClosed());
        }

        var inputs = submission.Answers ?? new Dictionary<string, AnswerInput>();
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        var versions = new Dictionary<string, ItemVersion>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            var input = inputs.TryGetValue(item.Id, out var given) && given is not null ? given : AnswerInput.Skipped;
            var (answer, error) = Interpret(item, input);
            if (error is not null)
            {
                errors.Add(error);
            }
            else if (answer is not null)
            {
                answers[item.Id] = answer;
                versions[item.Id] = ItemVersion.Of(item);
            }
            else if (item.Required)
            {
                errors.Add(Problems.RequiredAnswer(item.Id));
            }
        }

        foreach (var unknown in inputs.Keys.Where(k => FindItem(k) is null).Order(StringComparer.Ordinal))
        {
            errors.Add(Problems.UnknownItem(Problems.AnswerField(unknown)));
        }

        var anythingGiven = _items.Any(i => inputs.TryGetValue(i.Id, out var v) && v is not null && !IsBlank(v));
        if (!anythingGiven)
        {
            errors.Add(Problems.EmptyResponse());
        }

        SurveyValidationException.ThrowIfAny(errors);
        return Response.Create(submission.ResponseId, Id, round.Id, language, submission.EntryMode,
            round.PeriodOf(receivedAt, zone), answers, versions);
    }

    private static bool IsBlank(AnswerInput input) =>
        input.Kind == AnswerInputKind.Skipped
        || (input.Kind == AnswerInputKind.Text && string.IsNullOrWhiteSpace(input.TextValue));

    private static (Answer? Answer, ValidationError? Error) Interpret(Item item, AnswerInput input)
    {
        var scale = item.Scale;
        var isText = scale.Kind == ScaleKind.FreeText;
        switch (input.Kind)
        {
            case AnswerInputKind.Skipped:
                return (null, null);
            case AnswerInputKind.Number when isText:
                return (null, Problems.WrongType(item.Id, scale));
            case AnswerInputKind.Number:
                var code = input.NumberValue!.Value;
                return scale.IsPosition(code) ? (Answer.Position(code), null)
                    : scale.IsNonScale(code) ? (Answer.NonScale(code), null)
                    : (null, Problems.OffScale(item.Id, scale));
            case AnswerInputKind.Text when !isText:
                return (null, Problems.WrongType(item.Id, scale));
            case AnswerInputKind.Text:
                var text = input.TextValue!.Trim();
                return text.Length == 0 ? (null, null)
                    : text.Length > Answer.TextMaxLength ? (null, Problems.TextTooLong(item.Id, Answer.TextMaxLength))
                    : (Answer.Text(text), null);
            default:
                return (null, Problems.WrongType(item.Id, scale));
        }
    }

    private (int Index, string Text) PrepareEdit(string itemId, string newText, string field)
    {
        var errors = new List<ValidationError>();
        var index = _items.FindIndex(i => i.Id == itemId);
        if (index < 0)
        {
            errors.Add(Problems.UnknownItem("itemId"));
        }

        var text = newText?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors.Add(Problems.Required(field));
        }
        else if (text.Length > Item.TextMaxLength)
        {
            errors.Add(Problems.TooLong(field, Item.TextMaxLength));
        }

        SurveyValidationException.ThrowIfAny(errors);
        return (index, text);
    }

    private int IndexOf(string itemId)
    {
        var index = _items.FindIndex(i => i.Id == itemId);
        return index >= 0 ? index : throw new SurveyValidationException(Problems.UnknownItem("itemId"));
    }

    private Item Replace(int index, Item next, bool keepHistory)
    {
        if (keepHistory)
        {
            _history.Add(_items[index]);
        }

        _items[index] = next;
        return next;
    }

    private static (string Title, string OrganisationName) CheckHeader(List<ValidationError> errors, string id,
        string organisationId, string title, string organisationName)
    {
        if (!Ids.IsKeySafe(id))
        {
            errors.Add(Problems.InvalidId("id", Ids.MaxLength));
        }

        if (!Ids.IsKeySafe(organisationId))
        {
            errors.Add(Problems.InvalidId("organisationId", Ids.MaxLength));
        }

        return (CheckName(errors, "title", title, TitleMaxLength),
            CheckName(errors, "organisationName", organisationName, OrganisationNameMaxLength));
    }

    private static string CheckName(List<ValidationError> errors, string field, string? value, int max)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors.Add(Problems.Required(field));
        }
        else if (trimmed.Length > max)
        {
            errors.Add(Problems.TooLong(field, max));
        }

        return trimmed;
    }

    private static void CheckItems(List<ValidationError> errors, List<Item> items)
    {
        if (items.Count == 0)
        {
            errors.Add(Problems.NoItems());
        }

        foreach (var duplicate in items.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(Problems.Duplicate($"items.{duplicate.Key}"));
        }
    }
}
