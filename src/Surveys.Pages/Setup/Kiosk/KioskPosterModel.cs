namespace Surveys.Pages.Setup.Kiosk;

/// <summary>
/// /leder/runder/{roundId}/kiosk/plakat?lenke={token}: an A4 poster for the tablet's place: the link in large type, its QR
/// code and how to set the tablet up.
/// </summary>
/// <param name="QrSvg">The QR code of <paramref name="Url"/>, made by the app (QRCoder), never from user input.</param>
/// <param name="Contact">Who to ask: the person who printed the poster (name and e-mail address).</param>
public sealed record KioskPosterModel(
    string Url,
    string QrSvg,
    string? Name,
    string? Unit,
    string SurveyTitle,
    string RoundLabel,
    string OrganisationName,
    string Contact,
    string BackHref);
