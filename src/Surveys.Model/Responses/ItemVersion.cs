namespace Surveys.Model;

/// <summary>
/// What a respondent was shown for one item: the text revision, the scale and its revision, and the label
/// set and its revision (instruments.md §1.1, "Every stored answer carries"). Lets reports mark
/// "Ordlyden er endret" without changing how answers are joined (on item id, scale id and position).
/// </summary>
public sealed record ItemVersion(int TextRevision, string ScaleId, int ScaleRevision, string? LabelSetId, int? LabelSetRevision)
{
    /// <summary>The version of <paramref name="item"/> as it is now.</summary>
    public static ItemVersion Of(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.TextRevision, item.Scale.Id, item.Scale.Revision, item.LabelSet?.Id, item.LabelSet?.Revision);
    }
}
