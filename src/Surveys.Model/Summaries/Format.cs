using System.Globalization;

namespace Surveys.Model;

/// <summary>Number formatting for report texts: decimal comma in bokmål, point in English; hyphen-minus in both.</summary>
internal static class Format
{
    public static string Decimal(double value, int decimals, Language language)
    {
        var text = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);
        if (text.StartsWith('-') && text.Trim('-', '0', '.') == "")
        {
            text = text[1..];  // no "-0.00"
        }

        return language == Language.Norwegian ? text.Replace('.', ',') : text;
    }

    public static string Signed(double value, int decimals, Language language)
    {
        var text = Decimal(value, decimals, language);
        return text.StartsWith('-') || text.Trim('0', ',', '.') == "" ? text : "+" + text;
    }
}
