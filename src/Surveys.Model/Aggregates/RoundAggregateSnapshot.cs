namespace Surveys.Model;

/// <summary>
/// The stored form of a <see cref="RoundAggregate"/>: primitives, arrays and a dictionary, nothing else.
/// It holds no response ids (once-only folding across processes is enforced by the storage layer, see
/// <see cref="RoundAggregate"/>) and no free text. Two snapshots are equal when every number is equal.
/// </summary>
/// <param name="RoundId">The round (or pool) the counts belong to.</param>
/// <param name="Respondents">Responses folded in.</param>
/// <param name="EntryModes">Responses per <see cref="EntryMode"/> name (<c>Kiosk</c>, <c>PersonalLink</c>, <c>Assisted</c>, <c>Paper</c>).</param>
/// <param name="StraightLined">Responses that used one position on every rankable item (see <see cref="RoundAggregate.StraightLined"/>).</param>
/// <param name="StraightLineEligible">Responses with a position on at least two rankable items.</param>
/// <param name="Items">Counts per item, in survey order.</param>
/// <param name="SchemaVersion">The layout version of this record; currently <see cref="CurrentSchemaVersion"/>.</param>
public sealed record RoundAggregateSnapshot(
    string RoundId,
    int Respondents,
    IReadOnlyDictionary<string, int> EntryModes,
    int StraightLined,
    int StraightLineEligible,
    ItemCountsSnapshot[] Items,
    int SchemaVersion = RoundAggregateSnapshot.CurrentSchemaVersion)
{
    /// <summary>The layout version written by <see cref="RoundAggregate.ToSnapshot"/>.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <inheritdoc />
    public bool Equals(RoundAggregateSnapshot? other) =>
        other is not null
        && RoundId == other.RoundId
        && Respondents == other.Respondents
        && StraightLined == other.StraightLined
        && StraightLineEligible == other.StraightLineEligible
        && SchemaVersion == other.SchemaVersion
        && EntryModes.Count == other.EntryModes.Count
        && EntryModes.All(kv => other.EntryModes.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RoundId, Respondents, Items.Length);
}

/// <summary>The stored counts of one item; see <see cref="ItemCounts"/> for what each number means.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="ScaleId">The item's scale.</param>
/// <param name="Points">The number of positions k (0 for free text).</param>
/// <param name="Counts">Answers per position, position 1 first; length k.</param>
/// <param name="NonScaleCount">Answers with the non-scale code.</param>
/// <param name="TextCount">Free-text answers given.</param>
public sealed record ItemCountsSnapshot(string ItemId, string ScaleId, int Points, int[] Counts, int NonScaleCount, int TextCount)
{
    /// <inheritdoc />
    public bool Equals(ItemCountsSnapshot? other) =>
        other is not null
        && ItemId == other.ItemId
        && ScaleId == other.ScaleId
        && Points == other.Points
        && NonScaleCount == other.NonScaleCount
        && TextCount == other.TextCount
        && Counts.AsSpan().SequenceEqual(other.Counts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ItemId, ScaleId, Points);
}
