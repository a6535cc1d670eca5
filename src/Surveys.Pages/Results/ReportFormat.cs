using System.Globalization;
using Surveys.Model;

namespace Surveys.Pages.Results;

/// <summary>
/// Numbers and dates on the results page (and in the e-mails that show figures or dates), in the page's language (instruments.md §2): bokmål has a
/// decimal comma, a space before "%" and before "pp" ("45 %", "+4 pp"), English has "45%" and a
/// decimal point. The spaces are no-break spaces, so a figure never wraps from its unit. Signs use
/// hyphen-minus, as the model's texts do. Every figure passed in is rounded here exactly once;
/// integer percentages that the comparison JSON already rounded (largest remainder) are printed as
/// they are.
/// </summary>
public sealed class ReportFormat(bool english)
{
    /// <summary>The no-break space between a number and its unit.</summary>
    public const char NoBreakSpace = '\u00A0';


    public bool English { get; } = english;

    /// <summary>The text for the page's language.</summary>
    public string T(string nb, string en) => English ? en : nb;

    /// <summary><paramref name="value"/> rounded once to <paramref name="decimals"/>: "0,42" / "0.42"; never "-0,00".</summary>
    public string Decimal(double value, int decimals)
    {
        var text = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);
        if (text.StartsWith('-') && text.Trim('-', '0', '.').Length == 0) text = text[1..];
        return English ? text : text.Replace('.', ',');
    }

    /// <summary>As <see cref="Decimal"/>, with "+" before positive values: "+0,12", "-3", "0".</summary>
    public string Signed(double value, int decimals)
    {
        var text = Decimal(value, decimals);
        return text.StartsWith('-') || text.Trim('0', ',', '.').Length == 0 ? text : "+" + text;
    }

    /// <summary>An integer percentage as given: "45 %" / "45%".</summary>
    public string Percent(int percent) => English ? $"{percent}%" : $"{percent}{NoBreakSpace}%";

    /// <summary>A share (0–1) as a percentage rounded once: "95 %" for 0.95.</summary>
    public string PercentOf(double share) => English ? $"{Decimal(100 * share, 0)}%" : $"{Decimal(100 * share, 0)}{NoBreakSpace}%";

    /// <summary>A change in percentage points, rounded once to a whole point: "+4 pp".</summary>
    public string PercentagePoints(double points) => $"{Signed(points, 0)}{NoBreakSpace}pp";

    /// <summary>An interval of shares (−1…1) in percentage points: "-24 til 31" / "-24 to 31".</summary>
    public string PointsInterval(double lower, double upper) => $"{Decimal(100 * lower, 0)} {T("til", "to")} {Decimal(100 * upper, 0)}";

    /// <summary>An interval on its own scale with <paramref name="decimals"/>: "-0,27 til 0,36".</summary>
    public string Interval(double lower, double upper, int decimals) => $"{Decimal(lower, decimals)} {T("til", "to")} {Decimal(upper, decimals)}";

    /// <summary>A p-value: "&lt; 0,001", three decimals below 0.1, otherwise two.</summary>
    public string PValue(double p) => p < 0.001 ? $"<{NoBreakSpace}{Decimal(0.001, 3)}" : Decimal(p, p < 0.1 ? 3 : 2);

    /// <summary>The confidence level as the label of an interval: "95 % KI" / "95% CI".</summary>
    public string IntervalLabel(double level) => English ? $"{PercentOf(level)} CI" : $"{PercentOf(level)} KI";

    /// <summary>A date in Norwegian time: "01.03.2026" / "1 Mar 2026".</summary>
    public string Date(DateTimeOffset at)
    {
        var local = NorwegianTime.Of(at);
        return English
            ? local.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
            : local.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>A round's dates: "01.01.2026–31.03.2026", "fra 01.01.2026", or "" when unknown.</summary>
    public string Dates(DateTimeOffset? opens, DateTimeOffset? closes) => (opens, closes) switch
    {
        ({ } o, { } c) => $"{Date(o)}–{Date(c)}",
        ({ } o, null) => $"{T("fra", "from")} {Date(o)}",
        (null, { } c) => $"{T("til", "until")} {Date(c)}",
        _ => "",
    };
}
