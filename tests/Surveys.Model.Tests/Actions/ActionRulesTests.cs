namespace Surveys.Model.Tests.Actions;

public class ActionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1));

    private static ImprovementAction Action(ActionStatus status = ActionStatus.Planned, string title = "Bedre oppfølging", string? owner = "Kari", DateOnly? due = null,
        DateOnly? evaluationDate = null, string? evaluationNote = null) =>
        new("act-1", "org-1", "survey-1", "WELLBEING-01", "round-1", title, "Faste samtaler hver uke.", owner, null,
            due ?? new DateOnly(2026, 6, 1), status, null, evaluationDate, evaluationNote, ActionOrigin.WorkEnvironmentCommittee, SmartChecklist.None,
            [], ActionRules.Created(status, "kari@example.no", Now), null, Now, Now);

    private static IEnumerable<(string Field, string Code)> Broken(ImprovementAction a) => ActionRules.Validate(a).Select(e => (e.Field, e.Code));

    [Fact]
    public void AComplete_PlannedAction_BreaksNoRule() => Assert.Empty(ActionRules.Validate(Action()));

    [Fact]
    public void APlannedAction_NeedsAnOwnerAndADueDate()
    {
        var errors = Assert.Throws<SurveyValidationException>(() => ActionRules.Check(Action(owner: " ") with { DueDate = null })).Errors;
        Assert.Equal([("ownerName", ErrorCodes.RequiredWhenPlanned), ("dueDate", ErrorCodes.RequiredWhenPlanned)], errors.Select(e => (e.Field, e.Code)));
        Assert.Equal("Et planlagt tiltak må ha en ansvarlig.", errors[0].Message.Get(Language.Norwegian));
        Assert.Equal("A planned action needs a due date.", errors[1].Message.Get(Language.English));
    }

    [Fact]
    public void AnActionInProgress_MayLackAnOwnerAndADueDate() =>
        Assert.Empty(ActionRules.Validate(Action(ActionStatus.InProgress, owner: null) with { DueDate = null }));

    [Fact]
    public void ADoneAction_NeedsAnEvaluationDateAndNote()
    {
        Assert.Equal([("evaluationDate", ErrorCodes.RequiredWhenDone), ("evaluationNote", ErrorCodes.RequiredWhenDone)], Broken(Action(ActionStatus.Done, evaluationNote: "  ")));
        Assert.Empty(ActionRules.Validate(Action(ActionStatus.Done, evaluationDate: new DateOnly(2026, 9, 1), evaluationNote: "Flere svarer nå at de blir hørt.")));
    }

    [Fact]
    public void TitleIsRequired_AndAtMost200Characters()
    {
        Assert.Equal([("title", ErrorCodes.Required)], Broken(Action(title: "")));
        Assert.Empty(ActionRules.Validate(Action(title: new string('a', 200))));
        Assert.Equal([("title", ErrorCodes.TooLong)], Broken(Action(title: new string('a', 201))));
    }

    [Fact]
    public void LongTexts_AreRefused_ByField()
    {
        var a = Action() with { Description = new string('d', 4001), EvaluationNote = new string('e', 4001), OwnerName = new string('o', 201) };
        Assert.Equal([("description", ErrorCodes.TooLong), ("ownerName", ErrorCodes.TooLong), ("evaluationNote", ErrorCodes.TooLong)], Broken(a));
    }

    [Fact]
    public void AnOwnerEmail_MustLookLikeAnAddress()
    {
        Assert.Equal([("ownerEmail", ErrorCodes.InvalidEmail)], Broken(Action() with { OwnerEmail = "kari" }));
        Assert.Empty(ActionRules.Validate(Action() with { OwnerEmail = "kari@example.no" }));
    }

    [Fact]
    public void Notes_AreCapped_InLengthAndNumber_SoAnActionStaysWellBelowOneMebibyte()
    {
        var note = new ActionNote(new DateOnly(2026, 3, 2), new string('n', ActionRules.NoteMaxLength), "kari@example.no");
        var full = Enumerable.Range(0, ActionRules.MaxNotes).Aggregate(Action(), (a, _) => ActionRules.WithNote(a, note));
        Assert.Empty(ActionRules.Validate(full));
        Assert.True(System.Text.Json.JsonSerializer.Serialize(full).Length * 2 < 1024 * 1024 / 2, "a full action must fit comfortably in one entity");

        Assert.Equal([("notes", ErrorCodes.TooMany)], Broken(ActionRules.WithNote(full, note with { Text = "én til" })));
        Assert.Equal([("notes[0].text", ErrorCodes.TooLong)], Broken(ActionRules.WithNote(Action(), note with { Text = new string('n', 2001) })));
        Assert.Equal([("notes[0].text", ErrorCodes.Required)], Broken(ActionRules.WithNote(Action(), note with { Text = " " })));
    }

    [Fact]
    public void AStatusChange_IsAppendedToTheHistory_WithWhoWhenFromAndTo()
    {
        var later = Now.AddDays(3);
        var a = ActionRules.WithStatus(Action(), ActionStatus.InProgress, "ola@example.no", later);

        Assert.Equal(ActionStatus.InProgress, a.Status);
        Assert.Equal(2, a.History.Count);
        Assert.Equal(new ActionStatusChange(Now, null, ActionStatus.Planned, "kari@example.no"), a.History[0]);
        Assert.Equal(new ActionStatusChange(later, ActionStatus.Planned, ActionStatus.InProgress, "ola@example.no"), a.History[1]);
        Assert.Same(a, ActionRules.WithStatus(a, ActionStatus.InProgress, "ola@example.no", later.AddDays(1)));
    }

    [Fact]
    public void Overdue_IsAnOpenActionPastItsDueDate()
    {
        var today = new DateOnly(2026, 6, 2);
        Assert.True(Action().IsOverdue(today));
        Assert.False(Action().IsOverdue(new DateOnly(2026, 6, 1)));
        Assert.False(Action(ActionStatus.Dropped).IsOverdue(today));
    }

    [Fact]
    public void StatusesAndOrigins_HaveTheirNorwegianAndEnglishNames()
    {
        Assert.Equal(["Planlagt", "Pågår", "Fullført", "Avbrutt"], Enum.GetValues<ActionStatus>().Select(s => ActionLabels.Of(s).Get(Language.Norwegian)));
        Assert.Equal(["Planned", "In progress", "Done", "Dropped"], Enum.GetValues<ActionStatus>().Select(s => ActionLabels.Of(s).Get(Language.English)));
        Assert.Equal(["Ledergruppen", "AMU", "Bedriftshelsetjenesten", "Brukerforum"], Enum.GetValues<ActionOrigin>().Select(o => ActionLabels.Of(o).Get(Language.Norwegian)));
    }
}
