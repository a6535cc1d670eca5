namespace Surveys.Model;

/// <summary>Whether a comparison has figures.</summary>
public enum ComparisonStatus
{
    /// <summary>Both rounds reached the minimum group size: figures are carried.</summary>
    Compared,

    /// <summary>A round is below the minimum group size: the object carries no figures at all.</summary>
    Suppressed,

    /// <summary>The item is missing from a round or changed scale: nothing to compare.</summary>
    NotComparable,
}

/// <summary>Why an item cannot be compared.</summary>
public enum NotComparableReason
{
    /// <summary>The item is only in the earlier round (for example retired after a change of meaning).</summary>
    OnlyInBefore,

    /// <summary>The item is only in the later round (for example new).</summary>
    OnlyInAfter,

    /// <summary>The item has different scale ids in the two rounds: a change of meaning, never joined.</summary>
    ScaleChanged,
}

/// <summary>
/// One item compared between two rounds, joined on (item id, scale id, position). When either round has
/// fewer answers than the minimum group size the object holds nothing but the item id, the scale id and
/// "For få svar til å vise resultat" (users.md AN-01): <see cref="Change"/> is <c>null</c> and no count is
/// kept, so no caller can leak a figure by accident.
/// </summary>
public sealed class ItemComparison
{
    private ItemComparison(string itemId, string? scaleId, ComparisonStatus status, Verdict verdict, ItemChange? change, NotComparableReason? reason)
    {
        ItemId = itemId;
        ScaleId = scaleId;
        Status = status;
        Verdict = verdict;
        Change = change;
        Reason = reason;
    }

    /// <summary>The item.</summary>
    public string ItemId { get; }

    /// <summary>The scale both rounds share; <c>null</c> when the item is not comparable.</summary>
    public string? ScaleId { get; }

    /// <summary>Compared, suppressed or not comparable.</summary>
    public ComparisonStatus Status { get; }

    /// <summary>What may be said (users.md L-07).</summary>
    public Verdict Verdict { get; }

    /// <summary>The figures; <c>null</c> unless <see cref="Status"/> is <see cref="ComparisonStatus.Compared"/>.</summary>
    public ItemChange? Change { get; }

    /// <summary>Why the item is not comparable; <c>null</c> otherwise.</summary>
    public NotComparableReason? Reason { get; }

    internal static ItemComparison Suppressed(string itemId, string scaleId) =>
        new(itemId, scaleId, ComparisonStatus.Suppressed, Verdict.TooFewToShow, null, null);

    internal static ItemComparison NotComparable(string itemId, NotComparableReason reason) =>
        new(itemId, null, ComparisonStatus.NotComparable, Verdict.NotComparable(reason switch
        {
            NotComparableReason.OnlyInBefore => ComparisonTexts.OnlyInBefore,
            NotComparableReason.OnlyInAfter => ComparisonTexts.OnlyInAfter,
            _ => ComparisonTexts.ScaleChanged,
        }), null, reason);

    internal static ItemComparison Compared(ItemChange change, Verdict verdict) =>
        new(change.After.ItemId, change.After.ScaleId, ComparisonStatus.Compared, verdict, change, null);

    /// <inheritdoc />
    public override string ToString() => $"{ItemId}: {Verdict}";
}

/// <summary>
/// The items of one scale pooled over answers and compared between two rounds (users.md L-06, "per item and
/// pooled"). Only items compared with figures in both rounds are pooled, so no suppressed item can be
/// recovered by subtracting the shown items from the pool (AN-04); <see cref="ItemIds"/> lists them. The
/// verdict uses the people behind the answers (the largest item n of each round), not the answer count, and
/// an interval widened for answers from the same people (<see cref="PooledChange"/>).
/// </summary>
public sealed class PooledComparison
{
    internal PooledComparison(string scaleId, IReadOnlyList<string> itemIds, ComparisonStatus status, Verdict verdict, PooledChange? change)
    {
        ScaleId = scaleId;
        ItemIds = itemIds;
        Status = status;
        Verdict = verdict;
        Change = change;
    }

    /// <summary>The scale whose items are pooled.</summary>
    public string ScaleId { get; }

    /// <summary>The items pooled (empty when suppressed).</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Compared or suppressed.</summary>
    public ComparisonStatus Status { get; }

    /// <summary>What may be said.</summary>
    public Verdict Verdict { get; }

    /// <summary>The pooled figures; <c>null</c> when suppressed.</summary>
    public PooledChange? Change { get; }

    /// <summary>The note explaining the pooled intervals.</summary>
    public LocalizedText Note => ComparisonTexts.PooledAnswersNote;
}

/// <summary>
/// A round's respondents, invited and response rate (respondents ÷ invited), as shown with every result.
/// Below the minimum group size the respondent count is only "færre enn 5" and no rate is given (AN-01).
/// </summary>
public sealed class ResponseRate
{
    private ResponseRate(string roundId, int? respondents, int? invited, LocalizedText? countText)
    {
        RoundId = roundId;
        Respondents = respondents;
        Invited = invited;
        CountText = countText;
    }

    /// <summary>The round.</summary>
    public string RoundId { get; }

    /// <summary>The respondents; <c>null</c> when suppressed.</summary>
    public int? Respondents { get; }

    /// <summary>The number invited, when known.</summary>
    public int? Invited { get; }

    /// <summary>"færre enn 5" when the respondents are suppressed; otherwise <c>null</c>.</summary>
    public LocalizedText? CountText { get; }

    /// <summary>True when the round is below the minimum group size.</summary>
    public bool IsSuppressed => CountText is not null;

    /// <summary>Respondents ÷ invited, exact; <c>null</c> when suppressed, when the invited count is unknown or 0.</summary>
    public double? Rate => Respondents is { } r && Invited is { } i && i > 0 ? (double)r / i : null;

    /// <summary>True when this round's rate is lower than <paramref name="earlier"/>'s (both known; compared exactly).</summary>
    public bool FellFrom(ResponseRate earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return earlier.Respondents is { } r0 && earlier.Invited is { } i0 && i0 > 0
            && Respondents is { } r1 && Invited is { } i1 && i1 > 0
            && (long)r1 * i0 < (long)r0 * i1;
    }

    internal static ResponseRate For(RoundAggregate round, ComparisonOptions options)
    {
        int? invited = options.Invited.TryGetValue(round.RoundId, out var i) ? i : null;
        return round.Respondents < options.MinimumGroupSize
            ? new ResponseRate(round.RoundId, null, invited, ComparisonTexts.FewerThan(options.MinimumGroupSize))
            : new ResponseRate(round.RoundId, round.Respondents, invited, null);
    }
}
