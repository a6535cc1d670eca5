namespace Surveys.Model;

/// <summary>
/// The running counts of one round (statistics.md, "Aggregation that scales"): per item the answers per
/// scale position, plus respondents, the entry-mode split and a straight-lining indicator. Every statistic of
/// a round is computed from these counts, so reports never re-read raw responses; aggregates merge by
/// addition.
/// </summary>
/// <remarks>
/// <para><b>Definitions.</b> <see cref="Respondents"/> is the number of responses folded in (every valid
/// response answers at least one item). Per item see <see cref="ItemCounts"/>: positions, the non-scale code
/// and free text are counted apart, and "not answered" = respondents − answers of any kind. Free-text
/// content never enters an aggregate, only its count.</para>
/// <para><b>Once only.</b> <see cref="Fold"/> remembers the response ids it folded, so folding the same
/// response twice into the same instance counts it once. That memory lives only in the instance: it is not
/// part of <see cref="RoundAggregateSnapshot"/>. Across processes, restarts and concurrent instances the
/// storage layer enforces once-only by writing a marker row keyed by the response id atomically with the
/// updated aggregate (same partition, one entity-group transaction, ETag-guarded), and skips a response
/// whose marker exists.</para>
/// <para>An instance is not thread-safe: one writer at a time, as with any aggregate loaded for an update.</para>
/// </remarks>
public sealed class RoundAggregate
{
    private readonly List<ItemCounts> _items;
    private readonly Dictionary<string, ItemCounts> _byId;
    private readonly Dictionary<EntryMode, int> _entryModes;
    private readonly HashSet<Guid> _folded = [];

    private RoundAggregate(string roundId, IEnumerable<ItemCounts> items)
    {
        RoundId = roundId;
        _items = items.ToList();
        _byId = _items.ToDictionary(i => i.ItemId, StringComparer.Ordinal);
        _entryModes = Enum.GetValues<EntryMode>().ToDictionary(m => m, _ => 0);
    }

    /// <summary>The round (or, for a pool, the pool id) the counts belong to.</summary>
    public string RoundId { get; }

    /// <summary>The number of responses folded in. The respondent count shown with every result.</summary>
    public int Respondents { get; private set; }

    /// <summary>Counts per item, in survey order. Every item of the survey is present, answered or not.</summary>
    public IReadOnlyList<ItemCounts> Items => _items.AsReadOnly();

    /// <summary>Responses per entry mode; every mode is present, zeros included. Sums to <see cref="Respondents"/>.</summary>
    public IReadOnlyDictionary<EntryMode, int> EntryModes => _entryModes.AsReadOnly();

    /// <summary>
    /// Straight-lining, a data-quality indicator (users.md P-19): responses that gave a position on at least two
    /// rankable (ordinal) items and gave the same position on all of them. Yes/no, free text and the non-scale
    /// code are ignored. The denominator is <see cref="StraightLineEligible"/>, not <see cref="Respondents"/>.
    /// </summary>
    public int StraightLined { get; private set; }

    /// <summary>Responses that gave a position on at least two rankable items: the denominator of <see cref="StraightLined"/>.</summary>
    public int StraightLineEligible { get; private set; }

    /// <summary>An empty aggregate for <paramref name="roundId"/> with zero counts for each of <paramref name="items"/>.</summary>
    public static RoundAggregate Empty(string roundId, IEnumerable<Item> items)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roundId);
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        if (list.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw new SurveyValidationException(Problems.Duplicate("items"));
        }

        return new RoundAggregate(roundId, list.Select(i => new ItemCounts(i.Id, i.Scale)));
    }

    /// <summary>An empty aggregate for <paramref name="round"/> of <paramref name="survey"/>.</summary>
    public static RoundAggregate For(Survey survey, Round round)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(round);
        if (round.SurveyId != survey.Id)
        {
            throw new SurveyValidationException(Problems.RoundMismatch("round"));
        }

        return Empty(round.Id, survey.Items);
    }

    /// <summary>The counts of <paramref name="itemId"/>, or <c>null</c> when the item is not in the round.</summary>
    public ItemCounts? Find(string itemId) => _byId.GetValueOrDefault(itemId);

    /// <summary>Respondents who did not answer <paramref name="itemId"/> at all (no position, code or text).</summary>
    public int NotAnswered(string itemId) =>
        (Find(itemId) ?? throw new SurveyValidationException(Problems.UnknownItem("itemId"))).NotAnswered(Respondents);

    /// <summary>True when this instance has folded the response with <paramref name="responseId"/>.</summary>
    public bool HasFolded(Guid responseId) => _folded.Contains(responseId);

    /// <summary>
    /// Adds one response. Returns <c>false</c> and changes nothing when this instance already folded a
    /// response with the same id (a redelivered message counts once). Throws
    /// <see cref="SurveyValidationException"/>, changing nothing, when the response belongs to another round
    /// (<c>round-mismatch</c>), names an item the round does not have (<c>unknown-item</c>), or has an answer
    /// its item's scale cannot hold (<c>off-scale</c>, <c>wrong-type</c>).
    /// </summary>
    public bool Fold(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (_folded.Contains(response.Id))
        {
            return false;
        }

        var errors = new List<ValidationError>();
        if (response.RoundId != RoundId)
        {
            errors.Add(Problems.RoundMismatch("roundId"));
        }

        foreach (var (itemId, answer) in response.Answers)
        {
            if (Find(itemId) is not { } counts)
            {
                errors.Add(Problems.UnknownItem(Problems.AnswerField(itemId)));
            }
            else if (!counts.Accepts(answer))
            {
                var textMismatch = (answer.Kind == AnswerKind.Text) != (counts.Scale.Kind == ScaleKind.FreeText);
                errors.Add(textMismatch ? Problems.WrongType(itemId, counts.Scale) : Problems.OffScale(itemId, counts.Scale));
            }
        }

        SurveyValidationException.ThrowIfAny(errors);

        var positions = new List<int>();
        foreach (var (itemId, answer) in response.Answers)
        {
            var counts = _byId[itemId];
            counts.Add(answer);
            if (answer.Kind == AnswerKind.Position && counts.Scale.IsRankable)
            {
                positions.Add(answer.Code!.Value);
            }
        }

        if (positions.Count >= 2)
        {
            StraightLineEligible++;
            if (positions.All(p => p == positions[0]))
            {
                StraightLined++;
            }
        }

        _entryModes[response.EntryMode] = _entryModes.GetValueOrDefault(response.EntryMode) + 1;
        Respondents++;
        _folded.Add(response.Id);
        return true;
    }

    /// <summary>
    /// Adds two aggregates of the same round, for example the counts of two units, by adding every number.
    /// Items present in only one are kept; an item present in both must have the same scale
    /// (<c>scale-mismatch</c>). Refuses (<c>overlapping-responses</c>) when both instances remember folding
    /// the same response, which would count it twice. Neither input changes.
    /// </summary>
    public static RoundAggregate Merge(RoundAggregate a, RoundAggregate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.RoundId != b.RoundId)
        {
            throw new SurveyValidationException(Problems.RoundMismatch("roundId"));
        }

        return Combine(a.RoundId, [a, b]);
    }

    /// <summary>
    /// Pools aggregates of different rounds or organisations under <paramref name="poolId"/>, for example the
    /// participating organisations of a joint project, by adding every number. Same rules as <see cref="Merge"/>.
    /// </summary>
    public static RoundAggregate Pool(string poolId, IEnumerable<RoundAggregate> parts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(poolId);
        ArgumentNullException.ThrowIfNull(parts);
        return Combine(poolId, parts.ToList());
    }

    /// <summary>The stored form of the counts (no response ids).</summary>
    public RoundAggregateSnapshot ToSnapshot() => new(
        RoundId,
        Respondents,
        _entryModes.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value, StringComparer.Ordinal),
        StraightLined,
        StraightLineEligible,
        _items.Select(i => i.ToSnapshot()).ToArray());

    /// <summary>
    /// Restores counts from storage. The result remembers no response ids (see the type's remarks). Throws
    /// <see cref="SurveyValidationException"/> (<c>invalid-snapshot</c>) when the numbers contradict each other:
    /// an unknown scale or schema version, a count array whose length is not the scale's k, negative counts,
    /// more answers to an item than respondents, entry modes that do not sum to the respondents, or more
    /// straight-lined than eligible responses.
    /// </summary>
    public static RoundAggregate FromSnapshot(RoundAggregateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var errors = new List<ValidationError>();
        void Check(bool ok, string field)
        {
            if (!ok)
            {
                errors.Add(Problems.InvalidSnapshot(field));
            }
        }

        Check(snapshot.SchemaVersion == RoundAggregateSnapshot.CurrentSchemaVersion, "schemaVersion");
        Check(!string.IsNullOrWhiteSpace(snapshot.RoundId), "roundId");
        Check(snapshot.Respondents >= 0, "respondents");
        Check(snapshot.StraightLined >= 0 && snapshot.StraightLined <= snapshot.StraightLineEligible
            && snapshot.StraightLineEligible <= snapshot.Respondents, "straightLined");

        var modes = new Dictionary<EntryMode, int>();
        foreach (var (name, count) in snapshot.EntryModes ?? new Dictionary<string, int>())
        {
            var known = Enum.TryParse<EntryMode>(name, ignoreCase: false, out var mode) && Enum.IsDefined(mode) && mode.ToString() == name;
            Check(known && count >= 0, $"entryModes.{name}");
            if (known)
            {
                modes[mode] = count;
            }
        }

        Check(modes.Values.Sum() == snapshot.Respondents, "entryModes");

        var items = new List<ItemCounts>();
        foreach (var item in snapshot.Items ?? [])
        {
            var field = $"items.{item?.ItemId}";
            if (item?.ItemId is null || item.Counts is null || Scales.Find(item.ScaleId) is not { } scale)
            {
                Check(false, field);
                continue;
            }

            var consistent = scale.Points == item.Points
                && item.Counts.Length == scale.Points
                && item.Counts.All(c => c >= 0) && item.NonScaleCount >= 0 && item.TextCount >= 0
                && (scale.NonScaleCode is not null || item.NonScaleCount == 0)
                && (scale.Kind == ScaleKind.FreeText || item.TextCount == 0)
                && (long)item.Counts.Sum(c => (long)c) + item.NonScaleCount + item.TextCount <= snapshot.Respondents;
            Check(consistent, field);
            items.Add(new ItemCounts(item.ItemId, scale, (int[])item.Counts.Clone(), item.NonScaleCount, item.TextCount));
        }

        Check(items.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Count() == items.Count, "items");
        SurveyValidationException.ThrowIfAny(errors);

        var aggregate = new RoundAggregate(snapshot.RoundId, items)
        {
            Respondents = snapshot.Respondents,
            StraightLined = snapshot.StraightLined,
            StraightLineEligible = snapshot.StraightLineEligible,
        };
        foreach (var (mode, count) in modes)
        {
            aggregate._entryModes[mode] = count;
        }

        return aggregate;
    }

    /// <inheritdoc />
    public override string ToString() => $"{RoundId}: {Respondents} respondents, {_items.Count} items";

    private static RoundAggregate Combine(string roundId, List<RoundAggregate> parts)
    {
        var errors = new List<ValidationError>();
        var items = new List<ItemCounts>();
        var byId = new Dictionary<string, ItemCounts>(StringComparer.Ordinal);
        var folded = new HashSet<Guid>();
        foreach (var part in parts)
        {
            ArgumentNullException.ThrowIfNull(part);
            if (part._folded.Overlaps(folded))
            {
                errors.Add(Problems.OverlappingResponses());
            }

            folded.UnionWith(part._folded);
            foreach (var counts in part._items)
            {
                if (!byId.TryGetValue(counts.ItemId, out var sum))
                {
                    sum = new ItemCounts(counts.ItemId, counts.Scale);
                    byId[counts.ItemId] = sum;
                    items.Add(sum);
                }

                if (sum.Scale != counts.Scale)
                {
                    errors.Add(Problems.ScaleMismatch(counts.ItemId));
                    continue;
                }

                sum.Add(counts);
            }
        }

        SurveyValidationException.ThrowIfAny(errors.Distinct().ToList());
        var result = new RoundAggregate(roundId, items)
        {
            Respondents = parts.Sum(p => p.Respondents),
            StraightLined = parts.Sum(p => p.StraightLined),
            StraightLineEligible = parts.Sum(p => p.StraightLineEligible),
        };
        foreach (var mode in Enum.GetValues<EntryMode>())
        {
            result._entryModes[mode] = parts.Sum(p => p._entryModes[mode]);
        }

        result._folded.UnionWith(folded);
        return result;
    }
}
