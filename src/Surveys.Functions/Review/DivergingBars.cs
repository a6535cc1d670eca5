using System.Globalization;
using System.Text;
using Surveys.Model;
using static Surveys.Functions.Pages.HtmlPage;

namespace Surveys.Functions.Review;

/// <summary>One position of a distribution as the comparison JSON gives it: exact share for the geometry, the
/// already rounded (largest remainder) integer percent for the label, never re-rounded.</summary>
public sealed record BarSegment(int Position, string Label, int Count, double Share, int Percent);

/// <summary>One bar: a round's distribution over every position of the scale, position 1 first, zeros included.</summary>
public sealed record BarRow(string Label, string SubLabel, IReadOnlyList<BarSegment> Segments);

/// <summary>How much of the scale's range each side of the centre line shows (shares, 0–1), shared by every bar
/// on a page so bars can be compared with each other.</summary>
public sealed record BarDomain(double Left, double Right)
{
    /// <summary>The smallest domain holding every row, rounded up to a tenth, at least half on each side.</summary>
    public static BarDomain Covering(IEnumerable<(ScaleLayout Layout, BarRow Row)> rows)
    {
        double left = 0.5, right = 0.5;
        foreach (var (layout, row) in rows)
        {
            left = Math.Max(left, layout.LeftExtent(row));
            right = Math.Max(right, layout.RightExtent(row));
        }
        static double Up(double x) => Math.Min(1, Math.Ceiling(x * 10 - 1e-9) / 10);
        return new BarDomain(Up(left), Up(right));
    }
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

    /// <summary>The text colour on a position's fill: white on dark fills, near-black on light ones (≥ 4.5:1).</summary>
    public string Ink(int position) => IsDark(Fill(position)) ? "#ffffff" : "#1b1b1b";

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

    /// <summary>Relative luminance below 0.2: white text and white pattern ink.</summary>
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

/// <summary>
/// Diverging stacked bars in inline SVG (no script, no external resources; presentation attributes only,
/// so the page's style-src CSP holds). Each segment is labelled with its percent from the JSON where it
/// fits, carries a <c>&lt;title&gt;</c> with label, percent and count, and the whole chart has a text
/// alternative. Zero positions draw nothing but stay in the legend, in scale order.
/// </summary>
public static class DivergingBars
{
    private const double Width = 900;
    private const double Gutter = 178;
    private const double BarLeft = Gutter;
    private const double BarRight = Width - 22;
    private const double AxisHeight = 18;
    private const double RowHeight = 28;
    private const double RowGap = 10;

    /// <summary>The patterns every bar refers to; put once on the page (not display:none, or Chromium drops them).</summary>
    public static string PatternDefinitions() => """
        <svg class="pattern-defs" aria-hidden="true" focusable="false" width="0" height="0"><defs>
        <pattern id="rp-hl-w" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="6" fill="#ffffff" fill-opacity="0.55"/></pattern>
        <pattern id="rp-hl-k" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="6" fill="#000000" fill-opacity="0.4"/></pattern>
        <pattern id="rp-hr-w" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="2" height="6" fill="#ffffff" fill-opacity="0.55"/></pattern>
        <pattern id="rp-hr-k" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="2" height="6" fill="#000000" fill-opacity="0.4"/></pattern>
        <pattern id="rp-dt-w" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.3" fill="#ffffff" fill-opacity="0.7"/></pattern>
        <pattern id="rp-dt-k" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.3" fill="#000000" fill-opacity="0.45"/></pattern>
        </defs></svg>
        """;

    /// <summary>An SVG with one bar per row (before, after), an axis of percentages and the centre line.</summary>
    /// <param name="id">A page-unique id for the chart.</param>
    /// <param name="title">The chart's text alternative (announced instead of the drawing).</param>
    public static string Chart(string id, string title, ScaleLayout layout, IReadOnlyList<BarRow> rows, BarDomain domain, ReportFormat f)
    {
        var height = AxisHeight + rows.Count * RowHeight + (rows.Count - 1) * RowGap + 6;
        var scale = (BarRight - BarLeft) / (domain.Left + domain.Right);
        var centre = BarLeft + domain.Left * scale;
        var svg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg class=\"bars\" viewBox=\"0 0 {N(Width)} {N(height)}\" role=\"img\" aria-labelledby=\"{E(id)}-t\" focusable=\"false\">")
            .Append("<title id=\"").Append(E(id)).Append("-t\">").Append(E(title)).Append("</title>");

        // Axis: a tick every 25 % on each side, labelled without sign (both sides count answers).
        svg.Append("<g class=\"axis\" aria-hidden=\"true\">");
        var ticks = Enumerable.Range(1, 4).Select(i => -0.25 * i).Where(t => t >= -domain.Left - 1e-9).Reverse()
            .Concat(Enumerable.Range(0, 5).Select(i => 0.25 * i).Where(t => t <= domain.Right + 1e-9));
        foreach (var t in ticks)
        {
            var x = centre + t * scale;
            var tick = (int)Math.Round(Math.Abs(t) * 100);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" x2=\"{N(x)}\" y1=\"{N(AxisHeight - 3)}\" y2=\"{N(height - 2)}\" stroke=\"#c8c8c8\" stroke-width=\"1\" stroke-dasharray=\"{(tick == 0 ? "none" : "2 3")}\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"11\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a4a4a\">{E(f.Percent(tick))}</text>");
        }
        svg.Append("</g>");

        var labels = new StringBuilder();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var y = AxisHeight + r * (RowHeight + RowGap);
            svg.Append("<g class=\"bar\" data-row=\"").Append(r).Append("\">")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{N(y + 12)}\" font-size=\"13\" font-weight=\"600\" fill=\"#1b1b1b\">{E(Shorten(row.Label, 24))}</text>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{N(y + 26)}\" font-size=\"12\" fill=\"#4a4a4a\">{E(row.SubLabel)}</text>");

            foreach (var (segment, x, w) in Place(layout, row, centre, scale))
            {
                svg.Append("<g class=\"seg\" data-position=\"").Append(segment.Position).Append("\" data-percent=\"").Append(segment.Percent).Append("\">")
                   .Append("<title>").Append(E($"{segment.Label}: {f.Percent(segment.Percent)} ({segment.Count})")).Append("</title>");
                if (w > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(RowHeight)}\" fill=\"{layout.Fill(segment.Position)}\" stroke=\"#ffffff\" stroke-width=\"1\"/>");
                    if (layout.PatternId(segment.Position) is { } pattern)
                        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(RowHeight)}\" fill=\"url(#{pattern})\"/>");
                    if (LabelFor(segment, w, f) is { } text)
                    {
                        var fill = layout.Fill(segment.Position);
                        labels.Append(CultureInfo.InvariantCulture,
                            $"<text x=\"{N(x + w / 2)}\" y=\"{N(y + RowHeight / 2 + 4.5)}\" text-anchor=\"middle\" font-size=\"12.5\" font-weight=\"600\" fill=\"{layout.Ink(segment.Position)}\" stroke=\"{fill}\" stroke-width=\"3.5\" stroke-linejoin=\"round\" paint-order=\"stroke\">{E(text)}</text>");
                    }
                }
                svg.Append("</g>");
            }
            svg.Append("</g>");
        }

        // The centre line over the bars, reaching above and below them; the percent labels over it, each with a
        // halo in its segment's fill so neither the line nor a pattern crosses the digits.
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"centre\" x1=\"{N(centre)}\" x2=\"{N(centre)}\" y1=\"{N(AxisHeight - 4)}\" y2=\"{N(height - 1)}\" stroke=\"#1b1b1b\" stroke-width=\"2\" aria-hidden=\"true\"/>");
        return svg.Append("<g class=\"labels\" aria-hidden=\"true\">").Append(labels).Append("</g></svg>").ToString();
    }

    /// <summary>The legend: every position of the scale in scale order (position 1 first), zeros included.</summary>
    public static string Legend(ScaleLayout layout, IReadOnlyList<string> labels, ReportFormat f)
    {
        var html = new StringBuilder("<ul class=\"legend\" aria-label=\"").Append(E(f.T("Forklaring, i skalaens rekkefølge", "Key, in scale order"))).Append("\">");
        for (var p = 1; p <= labels.Count; p++)
        {
            html.Append("<li data-position=\"").Append(p).Append("\"><svg class=\"swatch\" viewBox=\"0 0 26 16\" width=\"26\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">")
                .Append("<rect width=\"26\" height=\"16\" fill=\"").Append(layout.Fill(p)).Append("\"/>");
            if (layout.PatternId(p) is { } pattern) html.Append("<rect width=\"26\" height=\"16\" fill=\"url(#").Append(pattern).Append(")\"/>");
            html.Append("</svg><span class=\"pos\">").Append(p).Append("</span> ").Append(E(labels[p - 1])).Append("</li>");
        }
        return html.Append("</ul>").ToString();
    }

    /// <summary>The segments of a row with their x and width, left to right; zero shares get width 0.</summary>
    internal static IEnumerable<(BarSegment Segment, double X, double Width)> Place(ScaleLayout layout, BarRow row, double centre, double scale)
    {
        BarSegment At(int p) => row.Segments.First(s => s.Position == p);
        var placed = new List<(BarSegment, double, double)>();
        var middle = layout.Middle is { } m ? At(m) : null;
        var half = middle is null ? 0 : middle.Share * scale / 2;

        var cursor = centre - half;
        foreach (var p in layout.Left.Reverse())
        {
            var w = At(p).Share * scale;
            cursor -= w;
            placed.Insert(0, (At(p), cursor, w));
        }
        if (middle is not null) placed.Add((middle, centre - half, 2 * half));
        cursor = centre + half;
        foreach (var p in layout.Right)
        {
            var w = At(p).Share * scale;
            placed.Add((At(p), cursor, w));
            cursor += w;
        }
        return placed;
    }

    // The percent with its unit where it fits, the bare number where only that fits, else nothing (the title,
    // the legend and the table of counts still carry it).
    private static string? LabelFor(BarSegment segment, double width, ReportFormat f)
    {
        if (segment.Count == 0) return null;
        var full = f.Percent(segment.Percent);
        if (TextWidth(full) + 6 <= width) return full;
        var bare = segment.Percent.ToString(CultureInfo.InvariantCulture);
        return TextWidth(bare) + 4 <= width ? bare : null;
    }

    private static double TextWidth(string text) => text.Sum(c => c is ' ' or '\u00A0' ? 3.5 : c == '%' ? 10.5 : 7.5);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
