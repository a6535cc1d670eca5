namespace Surveys.Pages.Setup.Partners;

/// <summary>
/// /leder/partnere?org=: which occupational-health partners may export which of the organisation's surveys, a form to
/// grant access and a button to revoke it.
/// </summary>
/// <param name="KnownPartners">Partners this organisation has granted before (offered when typing a partner id).</param>
public sealed record PartnersModel(
    string OrganisationId,
    string OrganisationName,
    IReadOnlyList<PartnersModel.SurveyChoice> Surveys,
    IReadOnlyList<PartnersModel.Grant> Grants,
    IReadOnlyList<PartnersModel.KnownPartner> KnownPartners)
{
    public sealed record SurveyChoice(string Id, string Title);

    public sealed record KnownPartner(string Id, string Name);

    /// <param name="SurveyTitles">The granted surveys' titles (empty when <paramref name="AllSurveys"/>).</param>
    /// <param name="Schedule"><c>none</c>, <c>afterRoundCloses</c> or <c>monthly</c>.</param>
    /// <param name="CreatedAt">When, in Norwegian time.</param>
    public sealed record Grant(string Id, string PartnerName, bool AllSurveys, IReadOnlyList<string> SurveyTitles, string Schedule,
        IReadOnlyList<string> Recipients, bool Active, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy);
}
