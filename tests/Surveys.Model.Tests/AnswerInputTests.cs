using System.Text.Json;

namespace Surveys.Model.Tests;

public class AnswerInputTests
{
    private static AnswerInput Map(string json) => AnswerInput.FromJson(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void JsonNull_IsSkipped() => Assert.Equal(AnswerInput.Skipped, Map("null"));

    [Theory]
    [InlineData("3", 3)]
    [InlineData("9", 9)]
    [InlineData("-2", -2)]
    [InlineData("0", 0)]
    public void WholeJsonNumbers_AreNumbers(string json, int value) => Assert.Equal(AnswerInput.Number(value), Map(json));

    [Theory]
    [InlineData("99999999999", int.MaxValue)]
    [InlineData("-99999999999", int.MinValue)]
    public void HugeWholeNumbers_AreClampedSoTheyAreOffEveryScale(string json, int value) => Assert.Equal(AnswerInput.Number(value), Map(json));

    [Theory]
    [InlineData("3.5")]
    [InlineData("3.0")]
    [InlineData("3e0")]
    public void NumbersWithAFractionOrExponent_AreInvalidFractions(string json) => Assert.Equal(AnswerInput.Invalid("fraction"), Map(json));

    [Fact]
    public void JsonStrings_AreTextEvenWhenTheyLookLikeNumbers()
    {
        Assert.Equal(AnswerInput.Text("3"), Map("\"3\""));
        Assert.Equal(AnswerInput.Text("Bra"), Map("\"Bra\""));
    }

    [Theory]
    [InlineData("true", "boolean")]
    [InlineData("false", "boolean")]
    [InlineData("{}", "object")]
    [InlineData("[1]", "array")]
    public void OtherJsonKinds_AreInvalidWithTheirKind(string json, string rawKind) => Assert.Equal(AnswerInput.Invalid(rawKind), Map(json));

    [Fact]
    public void ToString_NeverShowsFreeText() => Assert.DoesNotContain("hemmelig", AnswerInput.Text("hemmelig").ToString(), StringComparison.Ordinal);
}
