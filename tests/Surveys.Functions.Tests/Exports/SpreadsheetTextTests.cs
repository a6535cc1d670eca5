using Surveys.Functions.Exports;

namespace Surveys.Functions.Tests.Exports;

/// <summary>What a spreadsheet would run is turned into text; everything else is left exactly as it was.</summary>
public class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+47 22 00 00 00", "'+47 22 00 00 00")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("@SUM(A1:A3)", "'@SUM(A1:A3)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    public void TextAFormulaCouldStartWith_GetsALeadingApostrophe(string text, string expected) =>
        Assert.Equal(expected, SpreadsheetText.Neutralise(text));

    [Theory]
    [InlineData("Svært fornøyd")]
    [InlineData("Kjøkken = kantine")]
    [InlineData("")]
    [InlineData("'allerede sitert")]
    public void OtherText_IsUnchanged(string text) => Assert.Equal(text, SpreadsheetText.Neutralise(text));

    [Fact]
    public void Numbers_UseADecimalCommaOnlyWhenAsked()
    {
        Assert.Equal("3,5", SpreadsheetText.Number(3.5, decimalComma: true));
        Assert.Equal("3.5", SpreadsheetText.Number(3.5, decimalComma: false));
        Assert.Equal("12", SpreadsheetText.Number(12, decimalComma: true));
        // A share of one in nine reads as a spreadsheet shows it, never as 0,1111111111111111 or in exponent notation.
        Assert.Equal("0,111111", SpreadsheetText.Number(1 / 9.0, decimalComma: true));
        Assert.Equal("0.000001", SpreadsheetText.Number(1 / 999_999.0, decimalComma: false));
    }

    [Fact]
    public void ControlCharactersXmlCannotHold_AreDropped_LettersAndEmojiKept() =>
        Assert.Equal("Hei\tpå deg 👍", SpreadsheetText.XmlSafe("Hei\u0001\tpå deg\u000B 👍"));
}
