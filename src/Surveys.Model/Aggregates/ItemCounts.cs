namespace Surveys.Model;

/// <summary>
/// The counts for one item in one round (statistics.md, "Aggregation that scales"): how many answers fell
/// at each position 1..k, how many gave the non-scale code, and how many gave free text. Enough for every
/// per-item statistic, and merged by addition.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="Counts"/> always has all k positions, zeros included, in scale order (position 1 first).</item>
/// <item><see cref="Answered"/> = the sum of <see cref="Counts"/>: the denominator of every share, band,
/// top-two share and mean. The non-scale code and "not answered" are excluded from it.</item>
/// <item>"Not answered" is not stored: it is the round's respondents minus <see cref="Responded"/>
/// (<see cref="NotAnswered"/>).</item>
/// <item>Free-text items only count answers (<see cref="TextCount"/>); their content is never aggregated.</item>
/// </list>
/// </remarks>
public sealed class ItemCounts
{
    private readonly int[] _counts;

    internal ItemCounts(string itemId, Scale scale, int[]? counts = null, int nonScaleCount = 0, int textCount = 0)
    {
        ItemId = itemId;
        Scale = scale;
        _counts = counts ?? new int[scale.Points];
        NonScaleCount = nonScaleCount;
        TextCount = textCount;
    }

    /// <summary>The item counted.</summary>
    public string ItemId { get; }

    /// <summary>The item's scale.</summary>
    public Scale Scale { get; }

    /// <summary>The scale's id, the join key with <see cref="ItemId"/> and the position.</summary>
    public string ScaleId => Scale.Id;

    /// <summary>The number of positions k; 0 for free text.</summary>
    public int Points => Scale.Points;

    /// <summary>Answers per position: index 0 is position 1. All k positions are present, zeros included.</summary>
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>Answers with the scale's non-scale code (9 = "Ikke aktuelt" / "Vet ikke"). Not in any position.</summary>
    public int NonScaleCount { get; private set; }

    /// <summary>Free-text answers given (only the number; never the text).</summary>
    public int TextCount { get; private set; }

    /// <summary>Answers on the scale: the sum of <see cref="Counts"/>. The denominator for shares and means.</summary>
    public int Answered => _counts.Sum();

    /// <summary>Every answer of any kind: <see cref="Answered"/> + <see cref="NonScaleCount"/> + <see cref="TextCount"/>.</summary>
    public int Responded => Answered + NonScaleCount + TextCount;

    /// <summary>The answers at <paramref name="position"/> (1-based).</summary>
    public int Count(int position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, Points);
        return _counts[position - 1];
    }

    /// <summary>The respondents of the round who did not answer the item: <paramref name="respondents"/> − <see cref="Responded"/>.</summary>
    public int NotAnswered(int respondents) => respondents - Responded;

    /// <inheritdoc />
    public override string ToString() => $"{ItemId} [{string.Join(", ", _counts)}] 9:{NonScaleCount} text:{TextCount}";

    internal void Add(Answer answer)
    {
        switch (answer.Kind)
        {
            case AnswerKind.Position:
                _counts[answer.Code!.Value - 1]++;
                break;
            case AnswerKind.NonScale:
                NonScaleCount++;
                break;
            default:
                TextCount++;
                break;
        }
    }

    internal void Add(ItemCounts other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        NonScaleCount += other.NonScaleCount;
        TextCount += other.TextCount;
    }

    internal bool Accepts(Answer answer) => answer.Kind switch
    {
        AnswerKind.Position => Scale.Kind != ScaleKind.FreeText && Scale.IsPosition(answer.Code!.Value),
        AnswerKind.NonScale => Scale.IsNonScale(answer.Code!.Value),
        _ => Scale.Kind == ScaleKind.FreeText,
    };

    internal ItemCountsSnapshot ToSnapshot() => new(ItemId, ScaleId, Points, (int[])_counts.Clone(), NonScaleCount, TextCount);
}
