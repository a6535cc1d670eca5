namespace Surveys.Pages.Actions;

/// <summary>
/// <c>/surveys/{surveyId}/actions/new</c>: a new action for a survey, from one of its items (usually a weakest item of
/// the results page) or from scratch.
/// </summary>
/// <param name="UnknownItem">An item was asked for that is not in the survey: the action is made without it.</param>
/// <param name="Item">The item the action starts from, if any.</param>
public sealed record NewActionModel(string SurveyTitle, bool UnknownItem, NewActionModel.Question? Item, ActionFormModel Form)
{
    /// <param name="Text">The item's text in the page's language.</param>
    /// <param name="Latest">Its result in the chosen round, or its latest round with a result; null: none yet.</param>
    public sealed record Question(string? ShortCode, string Text, Result? Latest);

    /// <param name="Figures">Null when the result is not shown (too few answers): then <paramref name="Message"/> says why.</param>
    public sealed record Result(string RoundLabel, Shared.LocalText? Message, ItemFigures? Figures);
}
