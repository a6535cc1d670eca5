namespace Surveys.Model;

/// <summary>
/// A named way of turning a mean on a 1..k scale into a 0–100 score (instruments.md §2, "0–100 index"). The
/// source instruments define none, so every index carries its definition id, and two definitions are never
/// mixed in one series. On a 1–6 scale they differ by (6 − mean)/30 × 100 points.
/// </summary>
public sealed class IndexDefinition
{
    /// <summary><c>IDX-LIN</c>, the default: (mean − 1)/(k − 1) × 100. Position 1 maps to 0 and position k to
    /// 100, so the index uses the whole range and a "neutral" mean is 50.</summary>
    public static readonly IndexDefinition Linear = new("IDX-LIN", "(mean − 1)/(k − 1) × 100",
        (mean, k) => (mean - 1) / (k - 1) * 100);

    /// <summary><c>IDX-MAX</c>: mean/k × 100. Offered only to continue a series an organisation already
    /// publishes: its lowest possible value is 100/k, not 0.</summary>
    public static readonly IndexDefinition Max = new("IDX-MAX", "mean/k × 100",
        (mean, k) => mean / k * 100);

    private readonly Func<double, int, double> _apply;

    private IndexDefinition(string id, string formula, Func<double, int, double> apply)
    {
        Id = id;
        Formula = formula;
        _apply = apply;
    }

    /// <summary>The id shown with every index: <c>IDX-LIN</c> or <c>IDX-MAX</c>.</summary>
    public string Id { get; }

    /// <summary>The formula, for reports and exports.</summary>
    public string Formula { get; }

    /// <summary>The label shown with the value: "Indeks 0–100 (IDX-LIN)" / "Index 0–100 (IDX-LIN)".</summary>
    public LocalizedText Label => new($"Indeks 0–100 ({Id})", $"Index 0–100 ({Id})");

    /// <summary>Every definition, the default first.</summary>
    public static IReadOnlyList<IndexDefinition> All { get; } = [Linear, Max];

    /// <summary>The definition with <paramref name="id"/>, or <c>null</c>.</summary>
    public static IndexDefinition? Find(string id) => All.FirstOrDefault(d => d.Id == id);

    /// <summary>The index of <paramref name="mean"/> on a scale of <paramref name="points"/> positions (k ≥ 2).</summary>
    public double Apply(double mean, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        return _apply(mean, points);
    }

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>A 0–100 index value with the definition that produced it.</summary>
/// <param name="Definition">How the mean was turned into the index.</param>
/// <param name="Value">The index, 0–100 for <see cref="IndexDefinition.Linear"/>.</param>
public sealed record IndexValue(IndexDefinition Definition, double Value);
