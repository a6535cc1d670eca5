namespace Surveys.Model.Tests;

public class LanguageTests
{
    [Theory]
    [InlineData("nb", "nb")]
    [InlineData("NB", "nb")]
    [InlineData("nb-NO", "nb")]
    [InlineData("no", "nb")]
    [InlineData("en", "en")]
    [InlineData("en-GB", "en")]
    public void TryParse_AcceptsSupportedLanguagesAndTheirRegionalTags(string tag, string code)
    {
        Assert.True(Language.TryParse(tag, out var language));
        Assert.Equal(code, language.Code);
    }

    [Theory]
    [InlineData("nn")]
    [InlineData("sv")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_RejectsUnsupportedLanguages(string? tag) => Assert.False(Language.TryParse(tag, out _));

    [Fact]
    public void Norwegian_IsTheDefaultAndFirstSupportedLanguage()
    {
        Assert.Same(Language.Norwegian, Language.Default);
        Assert.Equal([Language.Norwegian, Language.English], Language.Supported);
    }

    [Fact]
    public void LocalizedText_FallsBackToBokmålWhenATranslationIsMissing()
    {
        var text = new LocalizedText("Hopp over");
        Assert.Equal("Hopp over", text.Get(Language.English));
        Assert.False(text.Has(Language.English));
        Assert.Equal("Skip", text.With(Language.English, "Skip").Get(Language.English));
    }

    [Fact]
    public void LocalizedTexts_AreEqualWhenEveryTranslationIsEqual()
    {
        Assert.Equal(new LocalizedText("Ja", "Yes"), new LocalizedText("Ja", "Yes"));
        Assert.NotEqual(new LocalizedText("Ja", "Yes"), new LocalizedText("Ja"));
    }
}
