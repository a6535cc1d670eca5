namespace Surveys.Model;

/// <summary>
/// An answer scale: the number of points, their order and their meaning (instruments.md §1.1).
/// The code stored for an answer is its position 1..<see cref="Points"/>; position 1 is always the
/// lowest or most negative point. A scale may also define a <see cref="NonScaleCode"/> ("Ikke aktuelt",
/// "Vet ikke / ikke aktuelt"), which is an answer but not a point: it is counted separately and excluded
/// from every percentage denominator and every mean.
/// </summary>
/// <remarks>
/// Changing the number of points, the polarity or the kind of a scale is a change of meaning and needs a
/// new scale id; the words shown live in <see cref="LabelSet"/>s and can change freely.
/// </remarks>
public sealed class Scale
{
    /// <summary>The non-scale code used by every built-in scale that has one.</summary>
    public const int StandardNonScaleCode = 9;

    /// <summary>On <see cref="ScaleKind.YesNo"/>: the code for "Ja" (yes).</summary>
    public const int YesCode = 1;

    /// <summary>On <see cref="ScaleKind.YesNo"/>: the code for "Nei" (no).</summary>
    public const int NoCode = 2;

    private readonly LabelSet[] _labelSets;
    private readonly Band[] _bands;

    internal Scale(string id, ScaleKind kind, int points, LocalizedText name,
        IEnumerable<LabelSet> labelSets, string? defaultLabelSetId,
        int? nonScaleCode = null, LocalizedText? nonScaleLabel = null,
        string? bandSplitId = null, IEnumerable<Band>? bands = null)
    {
        Id = id;
        Kind = kind;
        Points = points;
        Name = name;
        NonScaleCode = nonScaleCode;
        NonScaleLabel = nonScaleLabel;
        _labelSets = labelSets.ToArray();
        DefaultLabelSet = defaultLabelSetId is null ? null : _labelSets.Single(l => l.Id == defaultLabelSetId);
        BandSplitId = bandSplitId;
        _bands = bands?.ToArray() ?? [];

        if (_labelSets.Any(l => l.ScaleId != id || l.Points != points)
            || (nonScaleCode is not null && nonScaleCode <= points)
            || (nonScaleCode is null) != (nonScaleLabel is null)
            || (_bands.Length > 0 && (_bands[0].From != 1 || _bands[^1].To != points)))
        {
            throw new InvalidOperationException($"Scale {id} is defined inconsistently.");
        }
    }

    /// <summary>Stable id: <c>SCALE-KNOW5</c>, <c>SCALE-FREQ5</c>, <c>SCALE-SAT6</c>, <c>SCALE-GOOD5</c>,
    /// <c>SCALE-YESNO</c> or <c>TEXT</c>.</summary>
    public string Id { get; }

    /// <summary>Revision of the scale definition; every stored answer carries it. All built-in scales are at 1.</summary>
    public int Revision { get; } = 1;

    /// <summary>What kind of answer the scale collects.</summary>
    public ScaleKind Kind { get; }

    /// <summary>The number of points k (positions 1..k); 2 for yes/no; 0 for free text.</summary>
    public int Points { get; }

    /// <summary>A short description of the scale, for editors.</summary>
    public LocalizedText Name { get; }

    /// <summary>The code of the "not applicable / don't know" option, or <c>null</c> when the scale has none.</summary>
    public int? NonScaleCode { get; }

    /// <summary>The label of <see cref="NonScaleCode"/>, for example "Ikke aktuelt".</summary>
    public LocalizedText? NonScaleLabel { get; }

    /// <summary>The label set new items and rounds use; <c>null</c> for free text.</summary>
    public LabelSet? DefaultLabelSet { get; }

    /// <summary>Every label set shipped for the scale, the default first.</summary>
    public IReadOnlyList<LabelSet> LabelSets => _labelSets;

    /// <summary>
    /// True when a higher position means more or better, so means, bands, top-two shares and rank
    /// statistics (Mann–Whitney, Cliff's delta) apply. False for yes/no (1 = Ja, 2 = Nei) and free text.
    /// </summary>
    public bool IsRankable => Kind == ScaleKind.Ordinal;

    /// <summary>
    /// The named split behind <see cref="Bands"/>: <c>BANDS-KNOW5-212</c> etc. for the 5-point scales
    /// (1–2 / 3 / 4–5) and <c>BANDS-SAT6-222</c> (1–2 / 3–4 / 5–6) for the 1–6 scale, which has no middle
    /// point. <c>null</c> when the scale has no bands.
    /// </summary>
    public string? BandSplitId { get; }

    /// <summary>
    /// Three bands, lowest first, covering positions 1..k exactly once; empty for yes/no and free text.
    /// </summary>
    public IReadOnlyList<Band> Bands => _bands;

    /// <summary>The two highest positions ("andel av de to beste"): 4–5 on 5 points, 5–6 on 6 points;
    /// empty when the scale is not rankable.</summary>
    public IReadOnlyList<int> TopTwo => IsRankable ? [Points - 1, Points] : [];

    /// <summary>The two lowest positions, 1–2; empty when the scale is not rankable.</summary>
    public IReadOnlyList<int> BottomTwo => IsRankable ? [1, 2] : [];

    /// <summary>True when <paramref name="position"/> is a point of the scale (1..k).</summary>
    public bool IsPosition(int position) => position >= 1 && position <= Points;

    /// <summary>True when <paramref name="code"/> is the scale's non-scale code.</summary>
    public bool IsNonScale(int code) => NonScaleCode == code;

    /// <summary>The band holding <paramref name="position"/>, or <c>null</c> when the scale has no bands.</summary>
    public Band? BandOf(int position) => _bands.FirstOrDefault(b => b.Contains(position));

    /// <summary>The shipped label set with <paramref name="labelSetId"/>, or <c>null</c>.</summary>
    public LabelSet? FindLabelSet(string labelSetId) => _labelSets.FirstOrDefault(l => l.Id == labelSetId);

    /// <inheritdoc />
    public override string ToString() => Id;
}
