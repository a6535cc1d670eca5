namespace Surveys.Pages.Setup.Kiosk;

/// <summary>
/// /leder/runder/{roundId}/kiosk: the round's kiosk links, a form to make one, and (right after making one) its QR code,
/// the link as text and the way to its poster. Only then: the token is not stored, so it cannot be shown again (ADR 0019).
/// </summary>
/// <param name="Units">The units a link can be made for (a leader limited to some units: only those).</param>
/// <param name="UnitRequired">A leader limited to some units must name one.</param>
/// <param name="Created">The link just made, when the page is opened right after making it.</param>
/// <param name="CreatedGone">The page was opened for a new link that is unknown, revoked or not this round's.</param>
public sealed record KioskLinksModel(
    string RoundId,
    string RoundLabel,
    string SurveyTitle,
    string OrganisationName,
    bool RoundOpen,
    IReadOnlyList<string> Units,
    bool UnitRequired,
    IReadOnlyList<KioskLinksModel.Link> Links,
    KioskLinksModel.NewLink? Created,
    bool CreatedGone = false)
{
    /// <param name="Id">The link's id (its token's hash): what revoking names.</param>
    /// <param name="CreatedAt">When it was made, in Norwegian time (unknown for links made before names and dates were kept).</param>
    public sealed record Link(string Id, string? Name, string? Unit, DateTimeOffset? CreatedAt, bool Revoked);

    /// <param name="QrSvg">The QR code of <paramref name="Url"/>, made by the app (QRCoder), never from user input.</param>
    /// <param name="PosterHref">The printable poster of this link.</param>
    public sealed record NewLink(string Url, string QrSvg, string? Name, string? Unit, string PosterHref);
}
