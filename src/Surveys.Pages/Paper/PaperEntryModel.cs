namespace Surveys.Pages.Paper;

/// <summary>
/// <c>/rounds/{roundId}/paper</c>: typing in the paper forms of a round (users.md P-17), one sheet at a time or a CSV
/// file. Texts of the survey are already in the page's language.
/// </summary>
/// <param name="Open">The round takes answers now; otherwise the page says so (the API refuses them).</param>
/// <param name="Path">This page's path, for the language link.</param>
/// <param name="Units">The units the leader may enter forms for; none: no unit field.</param>
/// <param name="UnitRequired">A leader limited to units must choose one.</param>
/// <param name="Items">The survey's items in its order.</param>
/// <param name="Example">What the CSV example shows: the first items, and a unit column when the organisation has units.</param>
public sealed record PaperEntryModel(
    string OrganisationName,
    string SurveyTitle,
    string RoundId,
    string RoundLabel,
    bool Open,
    string Path,
    IReadOnlyList<string> Units,
    bool UnitRequired,
    IReadOnlyList<PaperEntryModel.Item> Items,
    PaperEntryModel.CsvExample Example,
    PaperEntryModel.ImportLimits Limits)
{
    /// <param name="Code">The small id printed on the paper form: «T2 · WELLBEING-02», or the item id.</param>
    /// <param name="Lead">The text before the question, if the item has one.</param>
    /// <param name="Allowed">What may be typed for a scale item: its positions and its non-scale code («9»); empty for free text.</param>
    /// <param name="Options">The positions with their labels, as the hint under the field.</param>
    public sealed record Item(string Id, string Code, string? Lead, string Text, bool Required, bool FreeText, IReadOnlyList<string> Allowed, IReadOnlyList<Option> Options);

    public sealed record Option(string Value, string Label);

    /// <param name="Items">The first items (up to four): their ids, and which are free text.</param>
    /// <param name="Unit">A unit of the organisation, for the example's unit column; null: no unit column.</param>
    public sealed record CsvExample(IReadOnlyList<(string Id, bool FreeText)> Items, string? Unit);

    public sealed record ImportLimits(int MaxMegabytes, int MaxRows);
}
