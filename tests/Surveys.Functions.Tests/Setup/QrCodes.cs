using System.Text.RegularExpressions;
using ZXing.Common;
using ZXing.QrCode.Internal;

namespace Surveys.Functions.Tests.Setup;

/// <summary>Reads a QR code drawn as the pages draw it (one SVG path of one-module-high runs: <c>M{x} {y}h{w}v1h-{w}z</c>,
/// a four-module quiet zone) with ZXing's decoder, so a test checks what a phone's camera would read.</summary>
public static partial class QrCodes
{
    public static string Decode(string svg)
    {
        var size = int.Parse(ViewBox().Match(svg).Groups[1].Value);
        const int quiet = 4;
        var matrix = new BitMatrix(size - 2 * quiet);
        foreach (Match run in Run().Matches(svg))
        {
            int x = int.Parse(run.Groups[1].Value), y = int.Parse(run.Groups[2].Value), w = int.Parse(run.Groups[3].Value);
            for (var i = 0; i < w; i++) matrix[x + i - quiet, y - quiet] = true;
        }
        return new Decoder().decode(matrix, null)?.Text ?? throw new InvalidOperationException("No QR code read.");
    }

    /// <summary>The first inline SVG of a page.</summary>
    public static string FirstSvg(string html) => Svg().Match(html) is { Success: true } m ? m.Value : throw new InvalidOperationException("No <svg> in the page.");

    [GeneratedRegex("""viewBox="0 0 (\d+) \d+" """)]
    private static partial Regex ViewBox();

    [GeneratedRegex(@"M(\d+) (\d+)h(\d+)v1h-\d+z")]
    private static partial Regex Run();

    [GeneratedRegex(@"<svg[\s\S]*?</svg>")]
    private static partial Regex Svg();
}
