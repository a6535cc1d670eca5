namespace Surveys.Model.Tests;

public class SurveyTests
{
    [Fact]
    public void FromInstrument_TakesTheDefaultItemsAndRemembersTheTemplate()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Employee).Build();
        Assert.Equal("EMPLOYEE", survey.InstrumentId);
        Assert.Equal(1, survey.InstrumentRevision);
        Assert.False(survey.IsCustom);
        Assert.Equal(19, survey.Items.Count);
        Assert.Equal("org-1", survey.OrganisationId);
    }

    [Fact]
    public void ChosenOptionalItems_AreIncludedInTheInstrumentsOrder()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Employee).WithOptionalItems("EMPLOYEE-20", "EMPLOYEE-19").Build();
        Assert.Equal(["EMPLOYEE-18", "EMPLOYEE-19", "EMPLOYEE-20", "EMPLOYEE-TXT-01"], survey.Items.Skip(17).Select(i => i.Id));
    }

    [Fact]
    public void UnknownOptionalItem_IsRejected()
    {
        var error = Assert.Throws<SurveyValidationException>(() =>
            new SurveyBuilder().FromInstrument(Instruments.Ethics).WithOptionalItems("ETHICS-01", "ETHICS-R99").Build());
        Assert.Equal(["optionalItems.ETHICS-01", "optionalItems.ETHICS-R99"], error.Errors.Select(e => e.Field));
    }

    [Fact]
    public void CustomSurvey_HasNoInstrumentAndKeepsItsItemsInOrder()
    {
        var survey = new SurveyBuilder().WithItems(
            new Item("KANTINE-01", Scales.Freq5, new LocalizedText("Jeg liker maten i kantina.")),
            new Item("KANTINE-TXT", Scales.Text, new LocalizedText("Hva vil du spise?"))).Build();
        Assert.True(survey.IsCustom);
        Assert.Null(survey.InstrumentId);
        Assert.Equal(["KANTINE-01", "KANTINE-TXT"], survey.Items.Select(i => i.Id));
    }

    [Fact]
    public void CustomSurvey_ReportsEveryProblemTogether()
    {
        var item = new Item("A-1", Scales.YesNo, new LocalizedText("Spørsmål?"));
        var error = Assert.Throws<SurveyValidationException>(() =>
            Survey.FromCustomItems("s#1", "org-1", " ", new string('x', Survey.OrganisationNameMaxLength + 1), [item, item]));
        Assert.Equal(
            [("id", ErrorCodes.InvalidId), ("title", ErrorCodes.Required), ("organisationName", ErrorCodes.TooLong), ("items.A-1", ErrorCodes.Duplicate)],
            error.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(ErrorCodes.NoItems,
            Assert.Single(Assert.Throws<SurveyValidationException>(() => Survey.FromCustomItems("s1", "o1", "T", "O", [])).Errors).Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ETHICS 07")]
    [InlineData("ETHICS/07")]
    [InlineData("-ETHICS")]
    public void ItemId_MustBeASafeIdentifier(string id)
    {
        var error = Assert.Throws<SurveyValidationException>(() => new Item(id, Scales.Know5, new LocalizedText("Tekst")));
        Assert.Equal(ErrorCodes.InvalidId, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public void Item_RejectsALabelSetOfAnotherScale()
    {
        var error = Assert.Throws<SurveyValidationException>(() =>
            new Item("X-1", Scales.Sat6, new LocalizedText("Tekst"), labelSetId: "LBL-FREQ5-JA"));
        Assert.Equal(ErrorCodes.LabelSetMismatch, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public void EditWording_KeepsTheItemIdAndBumpsTheRevision()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).Build();
        var edited = survey.EditWording("WELLBEING-02", Language.Norwegian, "Jeg kan dele personlige ting med veilederen min");

        Assert.Equal("WELLBEING-02", edited.Id);
        Assert.Equal(2, edited.TextRevision);
        Assert.Same(Scales.Freq5, edited.Scale);
        Assert.Equal("T2", edited.ShortCode);
        Assert.Same(edited, survey.FindItem("WELLBEING-02"));
        Assert.Equal("I can share personal things with my supervisor.", edited.Text.Get(Language.English));
        Assert.Equal([1, 2], survey.RevisionsOf("WELLBEING-02").Select(i => i.TextRevision));
        Assert.Equal("Jeg kan dele personlige ting med fagveilederen min", survey.RevisionsOf("WELLBEING-02")[0].Text.Get(Language.Norwegian));
    }

    [Fact]
    public void EditWording_DoesNotChangeTheTemplate()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).Build();
        survey.EditWording("WELLBEING-01", Language.Norwegian, "Veilederen min hører på meg.");
        Assert.Equal(1, Instruments.Wellbeing.Items[0].TextRevision);
        Assert.Equal("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.", Instruments.Wellbeing.Items[0].Text.Get(Language.Norwegian));
    }

    [Fact]
    public void EditWording_InOneLanguageAlsoCreatesARevision()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Ethics).Build();
        var edited = survey.EditWording("ETHICS-08", Language.English, "As a counsellor, I am aware of the power vested in my role.");
        Assert.Equal(2, edited.TextRevision);
        Assert.Equal("Som karriereveileder er jeg bevisst makten som er ilagt min rolle.", edited.Text.Get(Language.Norwegian));
    }

    [Fact]
    public void EditWording_ThatChangesNothing_CreatesNoRevision()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Ethics).Build();
        var item = survey.EditWording("ETHICS-08", Language.Norwegian, "  Som karriereveileder er jeg bevisst makten som er ilagt min rolle. ");
        Assert.Equal(1, item.TextRevision);
        Assert.Empty(survey.ItemHistory);
    }

    [Fact]
    public void EditWording_OfAnUnknownItem_IsADomainError()
    {
        var survey = new SurveyBuilder().Build();
        var error = Assert.Throws<SurveyValidationException>(() => survey.EditWording("ETHICS-99", Language.Norwegian, "Ny tekst"));
        Assert.Equal(ErrorCodes.UnknownItem, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public void EditWording_ReportsUnknownItemAndBlankTextTogether()
    {
        var survey = new SurveyBuilder().Build();
        var error = Assert.Throws<SurveyValidationException>(() => survey.EditWording("ETHICS-99", Language.Norwegian, "  "));
        Assert.Equal([ErrorCodes.UnknownItem, ErrorCodes.Required], error.Errors.Select(e => e.Code));
        Assert.Throws<SurveyValidationException>(() => survey.EditWording("ETHICS-01", Language.Norwegian, new string('x', Item.TextMaxLength + 1)));
    }

    [Fact]
    public void TermSubstitution_ProducesTheDocumentedEthics07Revision2()
    {
        var survey = new SurveyBuilder().Build();
        survey.ReplaceTerm(Language.Norwegian, "Som karriereveileder", "Som veileder");
        var changed = survey.ReplaceTerm(Language.Norwegian, "veisøker", "deltakeren");

        var item = Assert.Single(changed);
        Assert.Equal("ETHICS-07", item.Id);
        Assert.Equal(3, item.TextRevision);
        Assert.Equal("Som veileder er jeg bevisst egne verdier og holdninger, og hvordan de kommer til uttrykk i relasjonen til deltakeren.",
            survey.RenderText("ETHICS-07", Language.Norwegian));
        Assert.All(survey.Items, i => Assert.StartsWith("Som veileder ", i.Text.Get(Language.Norwegian), StringComparison.Ordinal));
    }

    [Fact]
    public void EasyReadWording_KeepsIdentityAndBumpsTheRevision()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).Build();
        var item = survey.EditEasyRead("WELLBEING-03", Language.Norwegian, "Får du være med å velge oppgaver?");
        Assert.Equal(2, item.TextRevision);
        Assert.Equal("Får du være med å velge oppgaver?", item.EasyRead!.Get(Language.Norwegian));
        Assert.Equal("Jeg kan bli med å bestemme hvilke arbeidsoppgaver jeg skal gjøre.", item.Text.Get(Language.Norwegian));
    }

    [Fact]
    public void Explanation_CanBeFilledInWithoutANewRevision()
    {
        var survey = new SurveyBuilder().Build();
        var item = survey.EditExplanation("ETHICS-03", Language.Norwegian, "Personvern handler om retten til et privatliv.");
        Assert.Equal(1, item.TextRevision);
        Assert.Equal("Personvern handler om retten til et privatliv.", item.Explanation!.Get(Language.Norwegian));
        Assert.Throws<SurveyValidationException>(() => survey.EditExplanation("ETHICS-04", Language.English, "Only English"));
    }

    [Fact]
    public void UseLabelSet_SwitchesToAnotherLabelSetOfTheSameScale()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).Build();
        var item = survey.UseLabelSet("WELLBEING-02", "LBL-FREQ5-JA");
        Assert.Equal("LBL-FREQ5-JA", item.LabelSetId);
        Assert.Equal("Ja, alltid", item.LabelSet!.Label(5).Get(Language.Norwegian));
        Assert.Equal(1, item.TextRevision);
    }

    [Fact]
    public void UseLabelSet_OfAnotherScaleOrUnknown_IsRejected()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).Build();
        Assert.Equal(ErrorCodes.LabelSetMismatch,
            Assert.Single(Assert.Throws<SurveyValidationException>(() => survey.UseLabelSet("WELLBEING-02", "LBL-SAT6-STD")).Errors).Code);
        Assert.Equal(ErrorCodes.UnknownLabelSet,
            Assert.Single(Assert.Throws<SurveyValidationException>(() => survey.UseLabelSet("WELLBEING-02", "LBL-NOPE")).Errors).Code);
        Assert.Equal(ErrorCodes.UnknownItem,
            Assert.Single(Assert.Throws<SurveyValidationException>(() => survey.UseLabelSet("EXIT-01", "LBL-FREQ5-JA")).Errors).Code);
    }

    [Fact]
    public void RenderText_FillsTheOrgPlaceholderWithTheOrganisationsName_ReproducingTheOriginalExit03()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Exit).ForOrganisation("Fjordtun AS").Build();
        Assert.Equal("I hvilken grad er du fornøyd med informasjon om rettigheter og plikter etter oppstart på Fjordtun AS?",
            survey.RenderText(Instruments.Exit.FindItem("EXIT-03")!, Language.Norwegian));
        Assert.Equal("To what degree are you satisfied with the information about your rights and duties after you started at Fjordtun AS?",
            survey.RenderText("EXIT-03", Language.English));
    }

    [Fact]
    public void RenderText_UsesTheSurveysCurrentWording()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.User).Build();
        survey.EditWording("USER-01", Language.Norwegian, "Hvor fornøyd er du med dagene dine hos {org}?");
        Assert.Equal("Hvor fornøyd er du med dagene dine hos Fjordtun AS?", survey.RenderText(Instruments.User.Items[0], Language.Norwegian));
    }

    [Fact]
    public void RenderText_ForAnItemNotInTheSurvey_IsRejected()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.User).Build();
        Assert.Throws<SurveyValidationException>(() => survey.RenderText(Instruments.Exit.Items[0], Language.Norwegian));
    }

    [Fact]
    public void Restore_RebuildsASurveyWithItsRevisionsAndRounds()
    {
        var original = new SurveyBuilder().FromInstrument(Instruments.Wellbeing).WithRound("2025-før").Build();
        original.EditWording("WELLBEING-01", Language.Norwegian, "Veilederen min hører på meg.");

        var restored = Survey.Restore(original.Id, original.OrganisationId, original.Title, original.OrganisationName,
            original.InstrumentId, original.InstrumentRevision, original.Items, original.ItemHistory, original.Rounds);

        Assert.Equal(original.Items, restored.Items);
        Assert.Equal([1, 2], restored.RevisionsOf("WELLBEING-01").Select(i => i.TextRevision));
        Assert.Equal("2025-før", Assert.Single(restored.Rounds).Label);
    }
}
