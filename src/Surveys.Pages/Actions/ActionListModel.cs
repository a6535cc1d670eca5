using Surveys.Model;

namespace Surveys.Pages.Actions;

/// <summary><c>/leder/tiltak</c>: the actions of each organisation the leader is in, filtered, open ones first.</summary>
/// <param name="Surveys">The surveys to filter by, across the organisations, by title.</param>
public sealed record ActionListModel(ActionListModel.Filter Filters, IReadOnlyList<ActionListModel.SurveyLink> Surveys, IReadOnlyList<ActionListModel.Organisation> Organisations)
{
    public sealed record Filter(ActionStatus? Status, string? SurveyId, bool OverdueOnly);

    public sealed record SurveyLink(string Id, string Title);

    /// <param name="Surveys">Its surveys: a new action can be made for each.</param>
    public sealed record Organisation(string Id, string Name, IReadOnlyList<SurveyLink> Surveys, IReadOnlyList<Row> Actions);

    /// <param name="Overdue">Open and past its due date (today in Norway).</param>
    /// <param name="SurveyTitle">The title of the survey it belongs to, if any.</param>
    public sealed record Row(string Id, string Title, string? Unit, ActionStatus Status, string? OwnerName, DateOnly? DueDate, bool Overdue, string? SurveyTitle);
}
