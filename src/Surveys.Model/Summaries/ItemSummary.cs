namespace Surveys.Model;

/// <summary>
/// The figures of one item in one round, computed only from its <see cref="ItemCounts"/> (instruments.md §2):
/// n, the non-scale count and "not answered" shown apart, the distribution over every position, the bands,
/// top-two and bottom-two shares, mean and SD (N − 1), a named 0–100 index, and for yes/no items the share
/// answering "Ja". See <see cref="CountsSummary"/> for every definition and the empty-input behaviour.
/// </summary>
public sealed class ItemSummary : CountsSummary
{
    private ItemSummary(ItemCounts counts, int? respondents, IndexDefinition? index)
        : base(counts.Scale, counts.Counts, counts.NonScaleCount, index)
    {
        ItemId = counts.ItemId;
        Respondents = respondents;
        NotAnswered = respondents is { } r ? counts.NotAnswered(r) : null;
    }

    /// <summary>The item.</summary>
    public string ItemId { get; }

    /// <summary>The respondents of the round, when known.</summary>
    public int? Respondents { get; }

    /// <summary>Respondents who gave no answer of any kind to the item (respondents − answers − non-scale);
    /// <c>null</c> when the respondents are not known. Not in any denominator.</summary>
    public int? NotAnswered { get; }

    /// <summary>
    /// The summary of one item's counts. The scale is the one the counts were collected on
    /// (<see cref="ItemCounts.Scale"/>), so figures can never be computed on the wrong scale.
    /// Throws <see cref="ArgumentException"/> for a free-text item.
    /// </summary>
    /// <param name="counts">The item's counts in one round.</param>
    /// <param name="respondents">The round's respondents, for "not answered"; optional.</param>
    /// <param name="index">The 0–100 index definition; <see cref="IndexDefinition.Linear"/> when <c>null</c>.</param>
    public static ItemSummary From(ItemCounts counts, int? respondents = null, IndexDefinition? index = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (respondents is { } r && r < counts.Responded)
        {
            throw new ArgumentOutOfRangeException(nameof(respondents), "An item cannot have more answers than the round has respondents.");
        }

        return new ItemSummary(counts, respondents, index);
    }

    /// <summary>The summary of <paramref name="itemId"/> in <paramref name="round"/>, with the round's respondents.
    /// Throws <see cref="SurveyValidationException"/> (<c>unknown-item</c>) when the round does not have the item.</summary>
    /// <param name="round">The round's counts.</param>
    /// <param name="itemId">The item.</param>
    /// <param name="index">The 0–100 index definition; <see cref="IndexDefinition.Linear"/> when <c>null</c>.</param>
    public static ItemSummary From(RoundAggregate round, string itemId, IndexDefinition? index = null)
    {
        ArgumentNullException.ThrowIfNull(round);
        var counts = round.Find(itemId) ?? throw new SurveyValidationException(Problems.UnknownItem("itemId"));
        return From(counts, round.Respondents, index);
    }

    /// <inheritdoc />
    public override string ToString() => $"{ItemId} n={N} [{string.Join(", ", Counts)}]";
}
