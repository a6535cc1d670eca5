using System.Globalization;

namespace Surveys.Pages.Emails;

/// <summary>
/// The e-mail that delivers a partner's export (<see cref="ExportDeliveryEmail"/>): who shares what, and the download
/// link with when it stops working. In the export's language, bokmål or English.
/// </summary>
/// <param name="English">The export was asked for in English.</param>
/// <param name="OrganisationName">The organisation that shares it.</param>
/// <param name="SurveyTitle">The survey's title.</param>
/// <param name="PeriodLabel">The round or period the export covers.</param>
/// <param name="Results">The export holds results (else anonymous answers).</param>
/// <param name="Format">The file format as shown («XLSX»).</param>
/// <param name="Url">The download link.</param>
/// <param name="ExpiresAt">When the link stops working.</param>
public sealed record ExportDeliveryEmailModel(bool English, string OrganisationName, string SurveyTitle, string PeriodLabel, bool Results, string Format,
    string Url, DateTimeOffset ExpiresAt)
{
    /// <summary>The text for the e-mail's language.</summary>
    public string T(string nb, string en) => English ? en : nb;

    public string Lang => English ? "en" : "nb";

    /// <summary>The subject and the document's title.</summary>
    public string Title => T($"Eksport fra {OrganisationName}: {SurveyTitle} ({PeriodLabel})", $"Export from {OrganisationName}: {SurveyTitle} ({PeriodLabel})");

    /// <summary>What is shared: «resultater» or «anonyme svar».</summary>
    public string What => Results ? T("resultater", "results") : T("anonyme svar", "anonymous answers");

    /// <summary>The last day of the link in Norway: «9. januar 2027» / «9 January 2027».</summary>
    public string Expires => Surveys.Model.NorwegianTime.Of(ExpiresAt).ToString(English ? "d MMMM yyyy" : "d. MMMM yyyy", CultureInfo.GetCultureInfo(English ? "en-GB" : "nb-NO"));

    /// <summary>The first sentence: who shares what, in which format.</summary>
    public string Sharing => T($"{OrganisationName} deler {What} fra «{SurveyTitle}» ({PeriodLabel}) med dere, som {Format}.",
        $"{OrganisationName} shares {What} of «{SurveyTitle}» ({PeriodLabel}) with you, as {Format}.");

    /// <summary>How long the link works, and what the file leaves out.</summary>
    public string Terms => T(
        $"Lenken virker til {Expires}, og bare så lenge organisasjonen gir dere tilgang. Filen er anonym: grupper mindre enn minste gruppestørrelse er utelatt. Ikke videresend lenken.",
        $"The link works until {Expires}, and only while the organisation's grant is in force. The file is anonymous: groups smaller than the minimum group size are left out. Do not forward the link.");
}
