namespace Surveys.Pages.Alerts;

/// <summary>
/// What the real-time alert e-mail shows (issue 15, <see cref="RoundAlertEmail"/>): the survey and round, the window in
/// Norwegian time, how many answered in it (never fewer than the minimum group size: the alert is not sent otherwise) and
/// the share of answers on the lowest two faces, with links. No item, no position, no free text, nothing about any one person.
/// The texts are here so the HTML and the plain text say the same.
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
    public const string Heading = "Mange svarte med de to laveste fjesene";

    public const string ResultsLinkText = "Se resultatene for undersøkelsen";

    public const string KioskLinkText = "Kiosklenkene for runden";

    /// <summary>Why the leader gets it, and what it never contains.</summary>
    public const string Footnote = "Du får denne e-posten fordi du er leder eller administrator for undersøkelsen. "
        + "Tallene gjelder bare grupper med nok svar, og e-posten inneholder aldri svar, spørsmål enkeltvis eller fritekst.";

    /// <summary>The subject line: survey and round first, so a leader sees which one at a glance.</summary>
    public string Subject => $"Varsel: mange svarte med de to laveste fjesene i «{SurveyTitle}», {RoundLabel}";

    /// <summary>When the alert is sent, in plain words.</summary>
    public string Explanation =>
        $"Varselet sendes når minst {ThresholdPercent} % av svarene i tidsrommet er på de to laveste fjesene, og bare når mange nok "
        + "har svart til at ingen kan kjennes igjen. Det sendes én gang per tidsrom. Snakk gjerne med deltakerne om hvordan dagen har vært.";

    /// <summary>The same in English, after the bokmål.</summary>
    public string English =>
        $"In English: many answers on the two lowest faces. {Respondents} people answered in the period above, and {SharePercent} % of "
        + $"their answers were on the two lowest faces (the alert threshold is {ThresholdPercent} %). It is sent once per period, only "
        + "when enough people answered that nobody can be recognised.";
}
