namespace Surveys.Model.Tests;

public class ValidationTests
{
    private static Survey Ethics() => new SurveyBuilder().FromInstrument(Instruments.Ethics).WithRound("2025-før").Build();

    private static Survey Exit() => new SurveyBuilder().FromInstrument(Instruments.Exit).WithRound("2026", continuous: true).Build();

    private static Survey Wellbeing() => new SurveyBuilder().FromInstrument(Instruments.Wellbeing).WithRound("2025-før").Build();

    private static IReadOnlyList<ValidationError> Rejected(Survey survey, SubmissionBuilder submission) =>
        Assert.Throws<SurveyValidationException>(() => submission.ValidFor(survey)).Errors;

    private static (string Field, string Code) Only(Survey survey, SubmissionBuilder submission)
    {
        var error = Assert.Single(Rejected(survey, submission));
        return (error.Field, error.Code);
    }

    [Fact]
    public void ValidSubmission_BecomesAResponseWithTypedAnswers()
    {
        var survey = Exit();
        var id = Guid.NewGuid();
        var response = new SubmissionBuilder().WithId(id).Answer("EXIT-01", 5).Answer("EXIT-02", 9).Answer("EXIT-YN-01", 1)
            .Answer("EXIT-TXT-01", "Mer kaffe").Skip("EXIT-03").Via(EntryMode.Paper).InLanguage("en").ValidFor(survey);

        Assert.Equal(id, response.Id);
        Assert.Equal(survey.Id, response.SurveyId);
        Assert.Equal("round-1", response.RoundId);
        Assert.Equal(Language.English, response.Language);
        Assert.Equal(EntryMode.Paper, response.EntryMode);
        Assert.Equal(Answer.Position(5), response.Answers["EXIT-01"]);
        Assert.Equal(Answer.NonScale(9), response.Answers["EXIT-02"]);
        Assert.Equal(Answer.Position(Scale.YesCode), response.Answers["EXIT-YN-01"]);
        Assert.Equal(Answer.Text("Mer kaffe"), response.Answers["EXIT-TXT-01"]);
        Assert.False(response.Answers.ContainsKey("EXIT-03"));
        Assert.Equal(4, response.Answers.Count);
    }

    [Fact]
    public void Response_RecordsWhichRevisionsWereShown()
    {
        var survey = Wellbeing();
        survey.UseLabelSet("WELLBEING-02", "LBL-FREQ5-JA");
        survey.EditWording("WELLBEING-02", Language.Norwegian, "Jeg kan dele personlige ting med veilederen min");
        var response = new SubmissionBuilder().Answer("WELLBEING-02", 5).ValidFor(survey);
        Assert.Equal(new ItemVersion(2, "SCALE-FREQ5", 1, "LBL-FREQ5-JA", 1), response.Versions["WELLBEING-02"]);
        Assert.Single(response.Versions);
    }

    [Fact]
    public void Response_CarriesOnlyACoarsePeriod()
    {
        var ethics = Ethics();
        Assert.Equal("2026-W47", new SubmissionBuilder().AnswerAll(ethics, 3).ValidFor(ethics).Period.Value);
        Assert.Equal("2026-11", new SubmissionBuilder().Answer("EXIT-01", 3).ValidFor(Exit()).Period.Value);
        var properties = typeof(Response).GetProperties().Select(p => p.PropertyType).ToArray();
        Assert.DoesNotContain(typeof(DateTimeOffset), properties);
        Assert.DoesNotContain(typeof(DateTime), properties);
    }

    [Fact]
    public void MissingLanguage_MeansBokmål() =>
        Assert.Equal(Language.Norwegian, new SubmissionBuilder().Answer("EXIT-01", 3).InLanguage(null).ValidFor(Exit()).Language);

    [Fact]
    public void UnknownItem_IsRejectedWithItsId() =>
        Assert.Equal(("answers.EXIT-99", ErrorCodes.UnknownItem), Only(Exit(), new SubmissionBuilder().Answer("EXIT-01", 3).Answer("EXIT-99", 3)));

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-1)]
    [InlineData(8)]
    [InlineData(10)]
    public void OffScaleValue_IsRejectedWithItsId(int value) =>
        Assert.Equal(("answers.EXIT-03", ErrorCodes.OffScale), Only(Exit(), new SubmissionBuilder().Answer("EXIT-03", value)));

    [Fact]
    public void NonScaleCode9_IsAcceptedOnlyWhereTheScaleDefinesIt()
    {
        Assert.Equal(Answer.NonScale(9), new SubmissionBuilder().Answer("EXIT-01", 9).ValidFor(Exit()).Answers["EXIT-01"]);
        Assert.Equal(("answers.WELLBEING-01", ErrorCodes.OffScale), Only(Wellbeing(), new SubmissionBuilder().Answer("WELLBEING-01", 9)));
        Assert.Equal(("answers.EXIT-YN-01", ErrorCodes.OffScale), Only(Exit(), new SubmissionBuilder().Answer("EXIT-YN-01", 9)));
    }

    [Fact]
    public void YesNo_AcceptsOnly1And2()
    {
        Assert.Equal(Answer.Position(2), new SubmissionBuilder().Answer("EXIT-YN-02", 2).ValidFor(Exit()).Answers["EXIT-YN-02"]);
        Assert.Equal(("answers.EXIT-YN-02", ErrorCodes.OffScale), Only(Exit(), new SubmissionBuilder().Answer("EXIT-YN-02", 3)));
    }

    [Fact]
    public void TextForAScaleItem_IsTheWrongType() =>
        Assert.Equal(("answers.EXIT-01", ErrorCodes.WrongType), Only(Exit(), new SubmissionBuilder().Answer("EXIT-01", "5")));

    [Fact]
    public void NumberForATextItem_IsTheWrongType() =>
        Assert.Equal(("answers.EXIT-TXT-01", ErrorCodes.WrongType), Only(Exit(), new SubmissionBuilder().Answer("EXIT-01", 5).Answer("EXIT-TXT-01", 5)));

    [Theory]
    [InlineData("boolean")]
    [InlineData("object")]
    [InlineData("fraction")]
    public void InvalidJsonKinds_AreTheWrongType(string rawKind) =>
        Assert.Equal(("answers.EXIT-01", ErrorCodes.WrongType), Only(Exit(), new SubmissionBuilder().Answer("EXIT-01", AnswerInput.Invalid(rawKind))));

    [Fact]
    public void MissingRequiredItems_AreEachReported()
    {
        var errors = Rejected(Ethics(), new SubmissionBuilder().Answer("ETHICS-01", 3).Answer("ETHICS-02", 9).Skip("ETHICS-03"));
        Assert.Equal(
            ["answers.ETHICS-02", .. Enumerable.Range(3, 7).Select(n => $"answers.ETHICS-0{n}")],
            errors.Select(e => e.Field));
        Assert.Equal(ErrorCodes.OffScale, errors[0].Code);
        Assert.All(errors.Skip(1), e => Assert.Equal(ErrorCodes.Required, e.Code));
    }

    [Fact]
    public void ParticipantSurveys_AcceptSkippedItems() =>
        Assert.Single(new SubmissionBuilder().Answer("WELLBEING-03", 4).ValidFor(Wellbeing()).Answers);

    [Fact]
    public void RequiredItem_AnsweredWithTheNonScaleCode_CountsAsAnswered()
    {
        var survey = new SurveyBuilder()
            .WithItems(new Item("ARB-01", Scales.Good5, new LocalizedText("Hvordan er arbeidstiden?"), required: true))
            .WithRound("2026").Build();
        Assert.Equal(Answer.NonScale(9), new SubmissionBuilder().Answer("ARB-01", 9).ValidFor(survey).Answers["ARB-01"]);
    }

    [Fact]
    public void FreeText_IsTrimmed()
    {
        var response = new SubmissionBuilder().Answer("EXIT-TXT-01", "  \n Mer kaffe, takk.\t ").ValidFor(Exit());
        Assert.Equal("Mer kaffe, takk.", response.Answers["EXIT-TXT-01"].Content);
    }

    [Fact]
    public void BlankFreeText_CountsAsSkipped()
    {
        var response = new SubmissionBuilder().Answer("EXIT-01", 4).Answer("EXIT-TXT-01", "   ").ValidFor(Exit());
        Assert.False(response.Answers.ContainsKey("EXIT-TXT-01"));
    }

    [Fact]
    public void FreeText_MayHaveTextMaxLengthCharactersAfterTrimming()
    {
        Assert.Equal(2000, Answer.TextMaxLength);
        var atLimit = new string('x', Answer.TextMaxLength);
        Assert.Equal(atLimit, new SubmissionBuilder().Answer("EXIT-TXT-01", $"  {atLimit}  ").ValidFor(Exit()).Answers["EXIT-TXT-01"].Content);
        Assert.Equal(("answers.EXIT-TXT-01", ErrorCodes.TextTooLong),
            Only(Exit(), new SubmissionBuilder().Answer("EXIT-TXT-01", atLimit + "y")));
    }

    [Fact]
    public void ResponseWithNoAnsweredItem_IsRejected()
    {
        Assert.Equal(("answers", ErrorCodes.EmptyResponse), Only(Exit(), new SubmissionBuilder()));
        Assert.Equal(("answers", ErrorCodes.EmptyResponse), Only(Exit(), new SubmissionBuilder().Skip("EXIT-01").Answer("EXIT-TXT-01", " ")));
    }

    [Theory]
    [InlineData("sv")]
    [InlineData("nn")]
    [InlineData("klingon")]
    public void UnsupportedLanguage_IsRejected(string language) =>
        Assert.Equal(("language", ErrorCodes.UnsupportedLanguage), Only(Exit(), new SubmissionBuilder().Answer("EXIT-01", 3).InLanguage(language)));

    [Fact]
    public void ClosedRound_RejectsFurtherAnswers()
    {
        var survey = Exit();
        survey.Rounds[0].Close(Clock.Now.AddMinutes(-1));
        Assert.Equal(("round", ErrorCodes.RoundClosed), Only(survey, new SubmissionBuilder().Answer("EXIT-01", 3)));
    }

    [Fact]
    public void RoundNotYetOpen_RejectsAnswers()
    {
        var survey = new SurveyBuilder().FromInstrument(Instruments.Exit).WithRound("2027", opens: Clock.Now.AddDays(1)).Build();
        Assert.Equal(("round", ErrorCodes.RoundClosed), Only(survey, new SubmissionBuilder().Answer("EXIT-01", 3)));
    }

    [Fact]
    public void RoundOfAnotherSurvey_IsRejected()
    {
        var other = new SurveyBuilder().WithId("other").FromInstrument(Instruments.Exit).WithRound("2026").Build();
        var error = Assert.Throws<SurveyValidationException>(() =>
            Exit().Validate(new SubmissionBuilder().Answer("EXIT-01", 3).Build(), other.Rounds[0], Clock.Now));
        Assert.Equal(ErrorCodes.RoundMismatch, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public void EmptyGuid_IsRejectedAsResponseId() =>
        Assert.Equal(("responseId", ErrorCodes.InvalidResponseId), Only(Exit(), new SubmissionBuilder().Answer("EXIT-01", 3).WithId(Guid.Empty)));

    [Fact]
    public void TimeOrderedVersion7Guid_IsRejectedAsResponseId() =>
        Assert.Equal(("responseId", ErrorCodes.InvalidResponseId), Only(Exit(), new SubmissionBuilder().Answer("EXIT-01", 3).WithId(Guid.CreateVersion7())));

    [Theory]
    [InlineData("c232ab00-9414-11ec-b3c8-9f6bdeced846")] // version 1, time-based (RFC 9562 example)
    [InlineData("00000000-0000-0000-0000-000000000001")] // sequential
    [InlineData("3f2504e0-4f89-41d3-1a0c-0305e82c3301")] // version nibble 4 but not the RFC variant
    public void NonRandomGuids_AreRejectedAsResponseIds(string id)
    {
        Assert.False(Response.IsRandomId(Guid.Parse(id)));
        Assert.Equal(("responseId", ErrorCodes.InvalidResponseId), Only(Exit(), new SubmissionBuilder().Answer("EXIT-01", 3).WithId(Guid.Parse(id))));
    }

    [Fact]
    public void RandomVersion4Guids_AreAccepted() =>
        Assert.All(Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()), id => Assert.True(Response.IsRandomId(id)));

    [Fact]
    public void UndefinedEntryMode_IsRejected() =>
        Assert.Equal(("entryMode", ErrorCodes.UnknownEntryMode), Only(Exit(), new SubmissionBuilder().Answer("EXIT-01", 3).Via((EntryMode)42)));

    [Fact]
    public void EveryProblem_IsReportedTogether()
    {
        var survey = Ethics();
        survey.Rounds[0].Close(Clock.Now.AddDays(-1));
        var submission = new SubmissionBuilder().WithId(Guid.Empty).InLanguage("de")
            .Answer("ETHICS-01", 6).Answer("ETHICS-02", "tekst").Answer("ETHICS-03", AnswerInput.Invalid("boolean"))
            .Answer("ETHICS-04", 4).Answer("ETHICS-05", 5).Answer("ETHICS-06", 1).Answer("ETHICS-07", 2).Answer("ETHICS-08", 3)
            .Answer("NOPE", 1);

        Assert.Equal(
            [
                ("responseId", ErrorCodes.InvalidResponseId),
                ("language", ErrorCodes.UnsupportedLanguage),
                ("round", ErrorCodes.RoundClosed),
                ("answers.ETHICS-01", ErrorCodes.OffScale),
                ("answers.ETHICS-02", ErrorCodes.WrongType),
                ("answers.ETHICS-03", ErrorCodes.WrongType),
                ("answers.ETHICS-09", ErrorCodes.Required),
                ("answers.NOPE", ErrorCodes.UnknownItem),
            ],
            Rejected(survey, submission).Select(e => (e.Field, e.Code)));
    }

    [Fact]
    public void ErrorMessages_AreInBokmålWithEnglishAlongside()
    {
        var error = Assert.Single(Rejected(Exit(), new SubmissionBuilder().Answer("EXIT-01", 7)));
        Assert.Equal("Svaret må være et tall fra 1 til 6, eller 9.", error.Message.Get(Language.Norwegian));
        Assert.Equal("The answer must be a number from 1 to 6, or 9.", error.Message.Get(Language.English));
    }

    [Fact]
    public void ErrorMessages_NeverEchoTheSubmittedText()
    {
        var secret = "Navnet mitt er Kari" + new string('!', Answer.TextMaxLength);
        var exception = Assert.Throws<SurveyValidationException>(() => new SubmissionBuilder().Answer("EXIT-TXT-01", secret).ValidFor(Exit()));
        Assert.DoesNotContain("Kari", exception.Message, StringComparison.Ordinal);
        Assert.All(exception.Errors, e => Assert.DoesNotContain("Kari", e.Message.Get(Language.Norwegian), StringComparison.Ordinal));
    }
}
