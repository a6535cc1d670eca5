using QRCoder;

namespace Surveys.Functions.Kiosk;

/// <summary>
/// The QR code of a kiosk link as inline SVG (QRCoder): a white square and one black path, with no style attribute, no
/// script and no external reference, so the page's strict Content-Security-Policy needs nothing more (inline SVG is part
/// of the document, not a fetched image). Error correction M: a poster on a wall gets scuffed.
/// </summary>
public static class KioskQr
{
    public static string Svg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        // viewBox only: the page's style sizes it; the four-module quiet zone stays in the picture.
        var svg = new SvgQRCode(data).GetGraphic(new System.Drawing.Size(256, 256), "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
        return svg.Replace("<svg ", "<svg aria-hidden=\"true\" focusable=\"false\" ", StringComparison.Ordinal).Trim();
    }
}
