namespace Surveys.Model;

/// <summary>
/// The words shown at each position of a scale, for example <c>LBL-FREQ5-STD r1</c>. Label sets can
/// differ per item and per round; they never change what a position means. Results join on position,
/// never on label text (instruments.md §1.2), so a different label set at the same position is the
/// same category.
/// </summary>
public sealed class LabelSet
{
    private readonly LocalizedText[] _labels;
    private readonly LocalizedText?[] _easyRead;

    /// <summary>Creates a label set with one label per position, position 1 first.</summary>
    /// <param name="id">Stable id, for example <c>LBL-FREQ5-STD</c>.</param>
    /// <param name="revision">Revision of the wording, starting at 1.</param>
    /// <param name="scaleId">The scale the labels belong to.</param>
    /// <param name="labels">The label at each position, position 1 (the lowest) first.</param>
    /// <param name="easyRead">Optional one-to-two-word alternatives per position (same order; <c>null</c>
    /// where there is none), for example "Noen ganger" at position 3 of FREQ5.</param>
    public LabelSet(string id, int revision, string scaleId, IEnumerable<LocalizedText> labels,
        IEnumerable<LocalizedText?>? easyRead = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(scaleId);
        ArgumentOutOfRangeException.ThrowIfLessThan(revision, 1);
        ArgumentNullException.ThrowIfNull(labels);
        _labels = labels.ToArray();
        if (_labels.Length == 0 || _labels.Any(l => l is null))
        {
            throw new ArgumentException("Every position needs a label.", nameof(labels));
        }

        _easyRead = easyRead?.ToArray() ?? new LocalizedText?[_labels.Length];
        if (_easyRead.Length != _labels.Length)
        {
            throw new ArgumentException("Easy-read labels must be given per position.", nameof(easyRead));
        }

        Id = id;
        Revision = revision;
        ScaleId = scaleId;
    }

    /// <summary>Stable id, for example <c>LBL-FREQ5-STD</c>.</summary>
    public string Id { get; }

    /// <summary>Wording revision, starting at 1.</summary>
    public int Revision { get; }

    /// <summary>The scale whose positions these labels name.</summary>
    public string ScaleId { get; }

    /// <summary>The labels, position 1 first (index 0 is position 1).</summary>
    public IReadOnlyList<LocalizedText> Labels => _labels;

    /// <summary>The number of positions labelled.</summary>
    public int Points => _labels.Length;

    /// <summary>The label at <paramref name="position"/> (1-based).</summary>
    public LocalizedText Label(int position) => _labels[Index(position)];

    /// <summary>The easy-read alternative at <paramref name="position"/> (1-based), or <c>null</c>.</summary>
    public LocalizedText? EasyRead(int position) => _easyRead[Index(position)];

    /// <summary>The easy-read alternative where one exists, otherwise the ordinary label.</summary>
    public LocalizedText EasyReadOrLabel(int position) => EasyRead(position) ?? Label(position);

    /// <inheritdoc />
    public override string ToString() => $"{Id} r{Revision}";

    private int Index(int position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, _labels.Length);
        return position - 1;
    }
}
