namespace Surveys.Model.Tests;

public class ScaleTests
{
    private static string[] Nb(LabelSet set) => set.Labels.Select(l => l.Get(Language.Norwegian)).ToArray();

    private static string[] En(LabelSet set) => set.Labels.Select(l => l.Get(Language.English)).ToArray();

    [Theory]
    [InlineData("SCALE-KNOW5", ScaleKind.Ordinal, 5, null)]
    [InlineData("SCALE-FREQ5", ScaleKind.Ordinal, 5, null)]
    [InlineData("SCALE-SAT6", ScaleKind.Ordinal, 6, 9)]
    [InlineData("SCALE-GOOD5", ScaleKind.Ordinal, 5, 9)]
    [InlineData("SCALE-YESNO", ScaleKind.YesNo, 2, null)]
    [InlineData("TEXT", ScaleKind.FreeText, 0, null)]
    public void Scale_HasItsKindPointsAndNonScaleCode(string id, ScaleKind kind, int points, int? nonScale)
    {
        var scale = Scales.Find(id)!;
        Assert.Equal(kind, scale.Kind);
        Assert.Equal(points, scale.Points);
        Assert.Equal(nonScale, scale.NonScaleCode);
        Assert.Equal(1, scale.Revision);
    }

    [Fact]
    public void NonScaleCode9_HasTheLabelTheInstrumentGivesIt()
    {
        Assert.Equal("Ikke aktuelt", Scales.Sat6.NonScaleLabel!.Get(Language.Norwegian));
        Assert.Equal("Not applicable", Scales.Sat6.NonScaleLabel!.Get(Language.English));
        Assert.Equal("Vet ikke / ikke aktuelt", Scales.Good5.NonScaleLabel!.Get(Language.Norwegian));
        Assert.Equal("Don't know / not applicable", Scales.Good5.NonScaleLabel!.Get(Language.English));
        Assert.Null(Scales.Freq5.NonScaleLabel);
    }

    [Fact]
    public void OnlyOrdinalScalesAreRankable_YesNoIsNot()
    {
        Assert.True(Scales.Know5.IsRankable);
        Assert.True(Scales.Sat6.IsRankable);
        Assert.False(Scales.YesNo.IsRankable);
        Assert.False(Scales.Text.IsRankable);
        Assert.Empty(Scales.YesNo.TopTwo);
        Assert.Empty(Scales.YesNo.Bands);
    }

    [Fact]
    public void YesNo_Code1IsJaAndCode2IsNei()
    {
        var labels = Scales.YesNo.DefaultLabelSet!;
        Assert.Equal("LBL-YESNO-STD", labels.Id);
        Assert.Equal("Ja", labels.Label(Scale.YesCode).Get(Language.Norwegian));
        Assert.Equal("Yes", labels.Label(1).Get(Language.English));
        Assert.Equal("Nei", labels.Label(Scale.NoCode).Get(Language.Norwegian));
        Assert.Equal("No", labels.Label(2).Get(Language.English));
    }

    [Fact]
    public void Freq5Standard_HasEveryLabelAsOnTheForm()
    {
        Assert.Equal(["Ikke i det hele tatt", "Sjeldent", "Noen ganger, andre ganger ikke", "Ofte", "Alltid"], Nb(Scales.Freq5Standard));
        Assert.Equal(["Not at all", "Rarely", "Sometimes, other times not", "Often", "Always"], En(Scales.Freq5Standard));
        Assert.Equal("LBL-FREQ5-STD", Scales.Freq5.DefaultLabelSet!.Id);
    }

    [Fact]
    public void Freq5Ja_HasEveryLabelAsOnTheForm()
    {
        Assert.Equal("LBL-FREQ5-JA", Scales.Freq5Ja.Id);
        Assert.Equal(["Ikke i det hele tatt", "Sjeldent", "Noen ganger, andre ganger ikke", "Stort sett", "Ja, alltid"], Nb(Scales.Freq5Ja));
        Assert.Equal(["Not at all", "Rarely", "Sometimes, other times not", "Mostly", "Yes, always"], En(Scales.Freq5Ja));
    }

    [Fact]
    public void Freq5Stort_HasEveryLabelAsOnTheForm()
    {
        Assert.Equal("LBL-FREQ5-STORT", Scales.Freq5Stort.Id);
        Assert.Equal(["Ikke i det hele tatt", "Sjeldent", "Noen ganger, andre ganger ikke", "Stort sett", "Alltid"], Nb(Scales.Freq5Stort));
        Assert.Equal(["Not at all", "Rarely", "Sometimes, other times not", "Mostly", "Always"], En(Scales.Freq5Stort));
    }

    [Fact]
    public void Freq5LabelSets_OfferNoenGangerAsTheEasyReadLabelAtPosition3Only()
    {
        foreach (var set in Scales.Freq5.LabelSets)
        {
            Assert.Equal(1, set.Revision);
            Assert.Equal("Noen ganger", set.EasyRead(3)!.Get(Language.Norwegian));
            Assert.Equal("Sometimes", set.EasyRead(3)!.Get(Language.English));
            Assert.All(new[] { 1, 2, 4, 5 }, p => Assert.Null(set.EasyRead(p)));
            Assert.Equal(set.Label(5), set.EasyReadOrLabel(5));
        }
    }

    [Fact]
    public void Know5_LabelsAreTheExactKnowledgeLevels()
    {
        Assert.Equal(["Jeg har ikke kunnskap", "Jeg har i liten grad kunnskap", "Jeg har i noen grad kunnskap", "Jeg har jevnt over god kunnskap", "Jeg har svært god kunnskap"], Nb(Scales.Know5Standard));
        Assert.Equal("I have generally good knowledge", Scales.Know5Standard.Label(4).Get(Language.English));
    }

    [Fact]
    public void Sat6AndGood5_LabelsAreTheProposedOnes()
    {
        Assert.Equal(["Svært misfornøyd", "Misfornøyd", "Litt misfornøyd", "Litt fornøyd", "Fornøyd", "Svært fornøyd"], Nb(Scales.Sat6Standard));
        Assert.Equal(["Very dissatisfied", "Dissatisfied", "Slightly dissatisfied", "Slightly satisfied", "Satisfied", "Very satisfied"], En(Scales.Sat6Standard));
        Assert.Equal(["Veldig dårlig", "Dårlig", "Greit", "Bra", "Veldig bra"], Nb(Scales.Good5Standard));
        Assert.Equal(["Very poor", "Poor", "OK", "Good", "Very good"], En(Scales.Good5Standard));
    }

    [Fact]
    public void LabelSetCatalogue_HoldsEveryNamedSetOnItsScale()
    {
        Assert.Equal(["LBL-KNOW5-STD", "LBL-FREQ5-STD", "LBL-FREQ5-JA", "LBL-FREQ5-STORT", "LBL-SAT6-STD", "LBL-GOOD5-STD", "LBL-YESNO-STD"],
            Scales.AllLabelSets.Select(l => l.Id));
        Assert.All(Scales.AllLabelSets, l => Assert.Equal(Scales.Find(l.ScaleId)!.Points, l.Points));
        Assert.Null(Scales.Text.DefaultLabelSet);
    }

    [Theory]
    [InlineData("SCALE-KNOW5", "BANDS-KNOW5-212", "under middels", "middels", "over middels")]
    [InlineData("SCALE-FREQ5", "BANDS-FREQ5-212", "sjelden eller aldri", "noen ganger", "ofte eller alltid")]
    [InlineData("SCALE-GOOD5", "BANDS-GOOD5-212", "dårlig", "greit", "bra")]
    public void FivePointScales_BandPositions1To2And3And4To5WithTheirOwnLabels(string scaleId, string split, string low, string middle, string high)
    {
        var scale = Scales.Find(scaleId)!;
        Assert.Equal(split, scale.BandSplitId);
        Assert.Equal([[1, 2], [3], [4, 5]], scale.Bands.Select(b => b.Positions.ToArray()));
        Assert.Equal([Band.LowId, Band.MiddleId, Band.HighId], scale.Bands.Select(b => b.Id));
        Assert.Equal([low, middle, high], scale.Bands.Select(b => b.Label.Get(Language.Norwegian)));
    }

    [Fact]
    public void FivePointBandLabels_HaveTheirEnglishTranslations()
    {
        Assert.Equal(["below the middle", "middle", "above the middle"], Scales.Know5.Bands.Select(b => b.Label.Get(Language.English)));
        Assert.Equal(["rarely or never", "sometimes", "often or always"], Scales.Freq5.Bands.Select(b => b.Label.Get(Language.English)));
        Assert.Equal(["poor", "OK", "good"], Scales.Good5.Bands.Select(b => b.Label.Get(Language.English)));
    }

    [Fact]
    public void Sat6_UsesTheNamedSplitBands222BecauseItHasNoMiddlePoint()
    {
        Assert.Equal("BANDS-SAT6-222", Scales.Sat6.BandSplitId);
        Assert.Equal([[1, 2], [3, 4], [5, 6]], Scales.Sat6.Bands.Select(b => b.Positions.ToArray()));
        Assert.Equal(Band.MiddleId, Scales.Sat6.BandOf(4)!.Id);
        Assert.Equal(Band.HighId, Scales.Sat6.BandOf(5)!.Id);
    }

    [Fact]
    public void TopTwoAndBottomTwo_AreTheTwoHighestAndTwoLowestPositions()
    {
        Assert.Equal([4, 5], Scales.Freq5.TopTwo);
        Assert.Equal([5, 6], Scales.Sat6.TopTwo);
        Assert.Equal([1, 2], Scales.Sat6.BottomTwo);
        Assert.Equal([1, 2], Scales.Good5.BottomTwo);
    }

    [Fact]
    public void BandsNeverCoverTheNonScaleCode()
    {
        Assert.Null(Scales.Sat6.BandOf(9));
        Assert.False(Scales.Sat6.IsPosition(9));
        Assert.True(Scales.Sat6.IsNonScale(9));
    }
}
