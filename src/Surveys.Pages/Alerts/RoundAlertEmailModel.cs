namespace Surveys.Pages.Alerts;

/// <summary>
/// What the real-time alert e-mail shows (issue 15): the survey and round, the window in Norwegian time, how many answered
/// in it (never fewer than the minimum group size: the alert is not sent otherwise) and the share of answers on the lowest
/// two faces, with links. No item, no position, no free text, nothing about any one person.
/// </summary>
/// <param name="WindowText">The window as a reader reads it, e.g. «mandag 7. desember kl. 10.10–12.10».</param>
/// <param name="SharePercent">The lowest-two share as a whole percentage, rounded once, for display.</param>
/// <param name="ThresholdPercent">The configured threshold as a whole percentage.</param>
/// <param name="KioskUrl">The round's kiosk-link page for leaders, or null.</param>
public sealed record RoundAlertEmailModel(
    string OrganisationName,
    string SurveyTitle,
    string RoundLabel,
    string WindowText,
    int Respondents,
    int SharePercent,
    int ThresholdPercent,
    string ResultsUrl,
    string? KioskUrl)
{
    /// <summary>The subject line: survey and round first, so a leader sees which one at a glance.</summary>
    public string Subject => $"Varsel: mange svarte med de to laveste fjesene i «{SurveyTitle}», {RoundLabel}";
}
