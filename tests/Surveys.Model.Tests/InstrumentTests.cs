namespace Surveys.Model.Tests;

public class InstrumentTests
{
    private static string[] Ids(IEnumerable<Item> items) => items.Select(i => i.Id).ToArray();

    private static string Nb(Instrument instrument, string itemId) => instrument.FindItem(itemId)!.Text.Get(Language.Norwegian);

    private static string En(Instrument instrument, string itemId) => instrument.FindItem(itemId)!.Text.Get(Language.English);

    [Fact]
    public void Catalogue_HasTheFiveBuiltInInstruments()
    {
        Assert.Equal(["ETHICS", "WELLBEING", "EXIT", "USER", "EMPLOYEE"], Instruments.All.Select(i => i.Id));
        Assert.All(Instruments.All, i => Assert.Equal(1, i.Revision));
    }

    [Theory]
    [InlineData("ETHICS", "Etisk egenevaluering (selvevaluering)", "Ethics self-evaluation for guidance staff")]
    [InlineData("WELLBEING", "Trivselsundersøkelse", "Smiley wellbeing survey")]
    [InlineData("EXIT", "Sluttundersøkelse / tilfredshetsundersøkelse", "Exit satisfaction survey")]
    [InlineData("USER", "Brukerundersøkelse", "Yearly user survey (VTA employees, AFT participants)")]
    [InlineData("EMPLOYEE", "Medarbeiderundersøkelse / arbeidsmiljøundersøkelse", "Employee (work-environment) survey")]
    public void Instrument_HasItsNameInBothLanguages(string id, string nb, string en)
    {
        var instrument = Instruments.Find(id)!;
        Assert.Equal(nb, instrument.Name.Get(Language.Norwegian));
        Assert.Equal(en, instrument.Name.Get(Language.English));
    }

    [Fact]
    public void FindAndTryGet_ResolveIdsAndRejectUnknownOnes()
    {
        Assert.Same(Instruments.Exit, Instruments.Find("EXIT"));
        Assert.True(Instruments.TryGet("USER", out var user));
        Assert.Same(Instruments.User, user);
        Assert.Null(Instruments.Find("exit"));
        Assert.False(Instruments.TryGet("NOPE", out _));
        var error = Assert.Throws<SurveyValidationException>(() => Instruments.Get("NOPE"));
        Assert.Equal(ErrorCodes.UnknownInstrument, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public void Ethics_HasNineRequiredKnowledgeItemsWithShortCodesE1ToE9()
    {
        var items = Instruments.Ethics.Items;
        Assert.Equal(Enumerable.Range(1, 9).Select(n => $"ETHICS-0{n}"), Ids(items));
        Assert.Equal(Enumerable.Range(1, 9).Select(n => $"E{n}"), items.Select(i => i.ShortCode));
        Assert.All(items, i => Assert.True(i.Required));
        Assert.All(items, i => Assert.Same(Scales.Know5, i.Scale));
        Assert.All(items, i => Assert.Equal("LBL-KNOW5-STD", i.LabelSetId));
        Assert.All(items, i => Assert.Null(i.Explanation));
    }

    [Fact]
    public void Ethics_RetrospectiveSetIsAnOptionalAddOnRepeatingTheNineStatementsUnderItsLead()
    {
        var optional = Instruments.Ethics.OptionalItems;
        Assert.Equal(Enumerable.Range(1, 9).Select(n => $"ETHICS-R0{n}"), Ids(optional));
        Assert.All(optional, i => Assert.False(i.IncludedByDefault));
        Assert.All(optional, i => Assert.Equal("Hvordan vurderer du kunnskapen din slik den var før prosjektet?", i.Lead!.Get(Language.Norwegian)));
        Assert.All(optional, i => Assert.Equal("How do you rate your knowledge as it was before the project?", i.Lead!.Get(Language.English)));
        for (var n = 0; n < 9; n++)
        {
            Assert.Equal(Instruments.Ethics.Items[n].Text, optional[n].Text);
        }

        Assert.Equal(18, Instruments.Ethics.AllItems.Count);
    }

    [Fact]
    public void Ethics_TextsAreVerbatim()
    {
        var e = Instruments.Ethics;
        Assert.Equal("Som karriereveileder har jeg kunnskap om etiske retningslinjer for karriereveiledning.", Nb(e, "ETHICS-01"));
        Assert.Equal("Som karriereveileder er jeg bevisst egne verdier og holdninger, og hvordan de kommer til uttrykk i relasjonen til veisøker.", Nb(e, "ETHICS-07"));
        Assert.Equal("As a career counsellor, I am aware of my own values and attitudes, and of how they show in my relationship with the person seeking guidance.", En(e, "ETHICS-07"));
        Assert.Equal("Som karriereveileder er jeg bevisst makten som er ilagt min rolle.", Nb(e, "ETHICS-08"));
        Assert.Equal("As a career counsellor, I am aware of the power vested in my role.", En(e, "ETHICS-08"));
        Assert.Equal("Som karriereveileder tar jeg initiativ til etisk refleksjon og handling i mitt profesjonelle fellesskap.", Nb(e, "ETHICS-09"));
    }

    [Fact]
    public void Wellbeing_HasFourOptionalSmileyItemsT1ToT4WithTheStandardLabelsForNewRounds()
    {
        var items = Instruments.Wellbeing.Items;
        Assert.Equal(["WELLBEING-01", "WELLBEING-02", "WELLBEING-03", "WELLBEING-04"], Ids(items));
        Assert.Equal(["T1", "T2", "T3", "T4"], items.Select(i => i.ShortCode));
        Assert.All(items, i => Assert.False(i.Required));
        Assert.All(items, i => Assert.Same(Scales.Freq5, i.Scale));
        Assert.All(items, i => Assert.Equal("LBL-FREQ5-STD", i.LabelSetId));
        Assert.Empty(Instruments.Wellbeing.OptionalItems);
    }

    [Fact]
    public void Wellbeing_TextsAreVerbatimAndWellbeing02HasNoFinalFullStop()
    {
        var w = Instruments.Wellbeing;
        Assert.Equal("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.", Nb(w, "WELLBEING-01"));
        Assert.Equal("Jeg kan dele personlige ting med fagveilederen min", Nb(w, "WELLBEING-02"));
        Assert.Equal("I can share personal things with my supervisor.", En(w, "WELLBEING-02"));
        Assert.Equal("Når jeg får arbeidsoppgaver jeg ikke har lyst å gjøre, sier jeg fra til veilederen min.", Nb(w, "WELLBEING-04"));
        Assert.Equal("When I get work tasks I don't want to do, I tell my supervisor.", En(w, "WELLBEING-04"));
    }

    [Fact]
    public void Exit_HasSixRatingTwoYesNoAndTwoTextItemsNoneRequired()
    {
        var items = Instruments.Exit.Items;
        Assert.Equal(["EXIT-01", "EXIT-02", "EXIT-03", "EXIT-04", "EXIT-05", "EXIT-06", "EXIT-YN-01", "EXIT-YN-02", "EXIT-TXT-01", "EXIT-TXT-02"], Ids(items));
        Assert.Equal(["SCALE-SAT6", "SCALE-SAT6", "SCALE-SAT6", "SCALE-SAT6", "SCALE-SAT6", "SCALE-SAT6", "SCALE-YESNO", "SCALE-YESNO", "TEXT", "TEXT"], items.Select(i => i.Scale.Id));
        Assert.All(items, i => Assert.False(i.Required));
    }

    [Fact]
    public void Exit_VerbatimItemsKeepTheOrgPlaceholder()
    {
        var x = Instruments.Exit;
        Assert.Equal("I hvilken grad er du fornøyd med informasjon om rettigheter og plikter etter oppstart på {org}?", Nb(x, "EXIT-03"));
        Assert.Equal("To what degree are you satisfied with the information about your rights and duties after you started at {org}?", En(x, "EXIT-03"));
        Assert.Equal("I hvilken grad er du fornøyd med kartleggingen ved {org}, for å finne ditt utgangspunkt for jobb?", Nb(x, "EXIT-04"));
        Assert.Equal("Er du tilfreds med tjenestene du har fått ved {org}?", Nb(x, "EXIT-YN-01"));
        Assert.Equal("Andre kommentarer", Nb(x, "EXIT-TXT-02"));
        Assert.Equal("Other comments", En(x, "EXIT-TXT-02"));
    }

    [Fact]
    public void User_HasTwelveRatingItemsOneYesNoAndOneTextItemNoneRequired()
    {
        var items = Instruments.User.Items;
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"USER-{n:00}").Append("USER-YN-01").Append("USER-TXT-01"), Ids(items));
        Assert.All(items.Take(12), i => Assert.Same(Scales.Sat6, i.Scale));
        Assert.Same(Scales.YesNo, items[12].Scale);
        Assert.Same(Scales.Text, items[13].Scale);
        Assert.All(items, i => Assert.False(i.Required));
    }

    [Fact]
    public void User_TextsAreAsProposed()
    {
        var u = Instruments.User;
        Assert.Equal("Hvor fornøyd er du med hverdagen din hos {org}?", Nb(u, "USER-01"));
        Assert.Equal("Hvor fornøyd er du med hvordan veilederen din hører på deg?", Nb(u, "USER-04"));
        Assert.Equal("All in all, how satisfied are you with what {org} offers you?", En(u, "USER-12"));
        Assert.Equal("Er du fornøyd med tjenesten du har fått hos {org}? (Ja / Nei)", Nb(u, "USER-YN-01"));
        Assert.Equal("Is there anything we could do better?", En(u, "USER-TXT-01"));
    }

    [Fact]
    public void Employee_HasEighteenGood5ItemsAndATextItemByDefaultAnd19And20AsOptionalAddOns()
    {
        var e = Instruments.Employee;
        Assert.Equal(Enumerable.Range(1, 18).Select(n => $"EMPLOYEE-{n:00}").Append("EMPLOYEE-TXT-01"), Ids(e.Items));
        Assert.Equal(["EMPLOYEE-19", "EMPLOYEE-20"], Ids(e.OptionalItems));
        Assert.Equal("EMPLOYEE-TXT-01", e.AllItems[^1].Id);
        Assert.All(e.AllItems.Where(i => i.Id != "EMPLOYEE-TXT-01"), i => Assert.Same(Scales.Good5, i.Scale));
        Assert.All(e.AllItems, i => Assert.False(i.Required));
    }

    [Fact]
    public void Employee_TextsAreAsProposed()
    {
        var e = Instruments.Employee;
        Assert.Equal("Hvordan trives du på arbeidsplassen?", Nb(e, "EMPLOYEE-01"));
        Assert.Equal("Hvordan opplever du tiden du har til oppgaver som gir mening, motivasjon og mestring?", Nb(e, "EMPLOYEE-18"));
        Assert.Equal("How do you experience the time you have for tasks that give meaning, motivation and mastery?", En(e, "EMPLOYEE-18"));
        Assert.Equal("Hvordan opplever du fordelingen av arbeidsoppgaver?", Nb(e, "EMPLOYEE-20"));
        Assert.Equal("Har du kommentarer til noe av dette, eller noe annet du vil si om arbeidsmiljøet?", Nb(e, "EMPLOYEE-TXT-01"));
    }

    [Fact]
    public void ItemIds_AreUniqueAcrossTheWholeCatalogueAndStartAtTextRevision1()
    {
        var all = Instruments.All.SelectMany(i => i.AllItems).ToList();
        Assert.Equal(all.Count, all.Select(i => i.Id).Distinct().Count());
        Assert.All(all, i => Assert.Equal(1, i.TextRevision));
        Assert.All(all, i => Assert.True(i.Text.Has(Language.English)));
    }
}
