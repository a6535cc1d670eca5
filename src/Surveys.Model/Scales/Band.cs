namespace Surveys.Model;

/// <summary>
/// A contiguous range of scale positions reported together (instruments.md §2, "Bands"): for example
/// positions 1–2 "under middels". Band shares are computed over the answers at positions 1..k; "not
/// answered" and the non-scale code are excluded from the denominator.
/// </summary>
/// <param name="Id">Stable id within the band split: <c>low</c>, <c>middle</c> or <c>high</c>.</param>
/// <param name="From">First position in the band (inclusive).</param>
/// <param name="To">Last position in the band (inclusive).</param>
/// <param name="Label">The report label, for example "sjelden eller aldri" / "rarely or never".</param>
public sealed record Band(string Id, int From, int To, LocalizedText Label)
{
    /// <summary>Id of the band of the lowest positions.</summary>
    public const string LowId = "low";

    /// <summary>Id of the middle band.</summary>
    public const string MiddleId = "middle";

    /// <summary>Id of the band of the highest positions.</summary>
    public const string HighId = "high";

    /// <summary>The positions in the band, in scale order.</summary>
    public IReadOnlyList<int> Positions => Enumerable.Range(From, To - From + 1).ToArray();

    /// <summary>True when <paramref name="position"/> falls in the band.</summary>
    public bool Contains(int position) => position >= From && position <= To;
}
