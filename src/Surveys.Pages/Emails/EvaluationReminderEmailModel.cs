namespace Surveys.Pages.Emails;

/// <summary>
/// The owner's reminder on an action's evaluation date (users.md L-04, <see cref="EvaluationReminderEmail"/>): the title,
/// the evaluation date, the link to the action and the linked item's result in the newest round. Never the
/// description, notes or any answer.
/// </summary>
/// <param name="OrganisationName">The organisation's name.</param>
/// <param name="Evaluation">The action and its result.</param>
public sealed record EvaluationReminderEmailModel(string OrganisationName, DigestEvaluation Evaluation)
{
    /// <summary>The heading, the document's title and (on one line) the subject.</summary>
    public string Title => $"Tid for å evaluere: {Evaluation.Action.Title}";

    /// <summary>The link's text, in the HTML and the plain text alike.</summary>
    public const string LinkText = "Se tiltaket og skriv evalueringen";

    /// <summary>Why the owner gets it, and what it never contains.</summary>
    public const string Footnote = "Du får denne e-posten fordi du er ansvarlig for tiltaket. " + DigestSummaryEmailModel.FiguresNote;
}
