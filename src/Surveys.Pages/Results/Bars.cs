using System.Globalization;
using Surveys.Model;

namespace Surveys.Pages.Results;

/// <summary>One position of a distribution as the comparison JSON gives it: exact share for the geometry, the
/// already rounded (largest remainder) integer percent for the label, never re-rounded.</summary>
public sealed record BarSegment(int Position, string Label, int Count, double Share, int Percent);

/// <summary>One bar: a round's distribution over every position of the scale, position 1 first, zeros included.</summary>
public sealed record BarRow(string Label, string SubLabel, IReadOnlyList<BarSegment> Segments);

/// <summary>How much of the scale's range each side of the centre line shows (shares, 0–1), shared by every bar
/// on a page so bars can be compared with each other.</summary>
public sealed record BarDomain(double Left, double Right)
{
    /// <summary>The gridline every quarter, so the axis has a label at each gridline.</summary>
    public const double Step = 0.25;

    /// <summary>The smallest domain holding every row, rounded up to a quarter (a gridline at each end), at least half on each side.</summary>
    public static BarDomain Covering(IEnumerable<(ScaleLayout Layout, BarRow Row)> rows)
    {
        double left = 0.5, right = 0.5;
        foreach (var (layout, row) in rows)
        {
            left = Math.Max(left, layout.LeftExtent(row));
            right = Math.Max(right, layout.RightExtent(row));
        }
        static double Up(double x) => Math.Min(1, Math.Ceiling(x / Step - 1e-9) * Step);
        return new BarDomain(Up(left), Up(right));
    }

    /// <summary>The gridlines from the left end to the right end, as shares from the centre line (negative to the left).</summary>
    public IReadOnlyList<double> Ticks =>
        Enumerable.Range(0, (int)Math.Round((Left + Right) / Step) + 1).Select(i => -Left + i * Step).ToList();
}

/// <summary>
/// Where a scale's positions go in a diverging stacked bar, and how each is drawn. The lower positions lie to
/// the left of the centre line and the higher to the right; on an odd scale the middle position straddles
/// the centre line, half on each side; on an even scale (SAT6) the centre line falls between k/2 and k/2 + 1.
/// Yes/no draws "Nei" left and "Ja" right. Each position has a fill and a pattern, so positions are told
/// apart without colour: neighbouring fills differ by at least 3:1 in contrast (odd scales and yes/no;
/// on even scales the centre line separates the two inner fills), and outer positions are hatched
/// (leaning away from the centre), the next ones dotted, the middle plain.
/// </summary>
public sealed class ScaleLayout
{
    private static readonly string[] Five = ["#9a3a06", "#f6b37f", "#5f5f5f", "#9cc3e4", "#1c4f8a"];
    private static readonly string[] Six = ["#361704", "#ac4f19", "#f0b897", "#a2c7f2", "#1c6ac3", "#051f3e"];

    private ScaleLayout(Scale scale, int[] left, int? middle, int[] right, string[] fills, string?[] patterns)
    {
        Scale = scale;
        Left = left;
        Middle = middle;
        Right = right;
        _fills = fills;
        _patterns = patterns;
    }

    private readonly string[] _fills;
    private readonly string?[] _patterns;

    public Scale Scale { get; }

    /// <summary>Positions left of the centre line, position 1 (outermost) first.</summary>
    public IReadOnlyList<int> Left { get; }

    /// <summary>The position split across the centre line (odd ordinal scales), or <c>null</c>.</summary>
    public int? Middle { get; }

    /// <summary>Positions right of the centre line, innermost first.</summary>
    public IReadOnlyList<int> Right { get; }

    public static ScaleLayout For(Scale scale)
    {
        var k = scale.Points;
        if (!scale.IsRankable)
        {
            // Yes/no: code 1 = Ja (right), code 2 = Nei (left).
            return new ScaleLayout(scale, [Scale.NoCode], null, [Scale.YesCode], ["#1c4f8a", "#f6b37f"], ["hr", "hl"]);
        }

        var half = k / 2;
        int[] left = Enumerable.Range(1, half).ToArray();
        int? middle = k % 2 == 1 ? half + 1 : null;
        int[] right = Enumerable.Range(k - half + 1, half).ToArray();
        var fills = k switch
        {
            5 => Five,
            6 => Six,
            _ => Enumerable.Range(1, k).Select(p => p % 2 == 1 ? "#3a3a3a" : "#d0d0d0").ToArray(),
        };
        var patterns = new string?[k];
        for (var p = 1; p <= k; p++)
        {
            var fromEdge = Math.Min(p - 1, k - p);
            patterns[p - 1] = p == middle ? null
                : fromEdge == 0 ? (p <= half ? "hl" : "hr")
                : fromEdge == 1 && k >= 5 ? "dt"
                : null;
        }
        return new ScaleLayout(scale, left, middle, right, fills, patterns);
    }

    /// <summary>The fill of a position (1-based).</summary>
    public string Fill(int position) => _fills[position - 1];

    /// <summary>The id of the pattern drawn over a position, or <c>null</c> for a plain fill.</summary>
    public string? PatternId(int position) =>
        _patterns[position - 1] is { } kind ? $"rp-{kind}-{(IsDark(Fill(position)) ? "w" : "k")}" : null;

    /// <summary>Positions in the order they are drawn, left to right.</summary>
    public IEnumerable<int> DrawingOrder => Left.Concat(Middle is { } m ? [m] : []).Concat(Right);

    /// <summary>The share of a row left of the centre line.</summary>
    public double LeftExtent(BarRow row) => Left.Sum(p => ShareOf(row, p)) + (Middle is { } m ? ShareOf(row, m) / 2 : 0);

    /// <summary>The share of a row right of the centre line.</summary>
    public double RightExtent(BarRow row) => Right.Sum(p => ShareOf(row, p)) + (Middle is { } m ? ShareOf(row, m) / 2 : 0);

    /// <summary>How the centre line splits the scale, in words.</summary>
    public string SplitText(ReportFormat f, IReadOnlyList<string> labels)
    {
        if (!Scale.IsRankable)
            return f.T($"«{labels[Scale.NoCode - 1]}» til venstre for midtlinjen, «{labels[Scale.YesCode - 1]}» til høyre.",
                $"'{labels[Scale.NoCode - 1]}' left of the centre line, '{labels[Scale.YesCode - 1]}' right of it.");
        var k = Scale.Points;
        if (Middle is { } m)
            return f.T($"Svar 1–{m - 1} til venstre for midtlinjen, {m + 1}–{k} til høyre; svar {m} er delt likt på hver side av midtlinjen.",
                $"Answers 1–{m - 1} left of the centre line, {m + 1}–{k} right of it; answer {m} is split evenly across the centre line.");
        var half = k / 2;
        var bands = Scale.BandSplitId is { } split ? f.T($" Tre grupper: {split} (1–2 / 3–4 / 5–6).", $" Three groups: {split} (1–2 / 3–4 / 5–6).") : "";
        return f.T($"Skala 1–{k} uten midtpunkt: svar 1–{half} til venstre for midtlinjen, {half + 1}–{k} til høyre.{bands}",
            $"Scale 1–{k} without a middle point: answers 1–{half} left of the centre line, {half + 1}–{k} right of it.{bands}");
    }

    private static double ShareOf(BarRow row, int position) => row.Segments.FirstOrDefault(s => s.Position == position)?.Share ?? 0;

    /// <summary>Relative luminance below 0.2: white pattern ink.</summary>
    internal static bool IsDark(string hex) => Luminance(hex) < 0.2;

    /// <summary>WCAG relative luminance of a #rrggbb colour.</summary>
    internal static double Luminance(string hex)
    {
        static double Channel(string hex, int at)
        {
            var c = int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(hex, 1) + 0.7152 * Channel(hex, 3) + 0.0722 * Channel(hex, 5);
    }

    /// <summary>WCAG contrast ratio of two #rrggbb colours.</summary>
    internal static double Contrast(string a, string b)
    {
        double la = Luminance(a), lb = Luminance(b);
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }
}

