namespace Surveys.Pages.Partners;

/// <summary>
/// <c>/partner</c>: for each partner the user belongs to, the organisations that granted it access with the granted
/// surveys, and for partner admins the partner's API tokens (never their secrets).
/// </summary>
public sealed record PartnerHomeModel(string Email, IReadOnlyList<PartnerHomeModel.Partner> Partners)
{
    /// <param name="Tokens">Null unless the user is an admin of the partner.</param>
    public sealed record Partner(string Name, IReadOnlyList<Client> Clients, IReadOnlyList<Token>? Tokens);

    /// <param name="AllSurveys">The grant covers every survey, also those made later.</param>
    public sealed record Client(string Organisation, bool AllSurveys, IReadOnlyList<SurveyLink> Surveys);

    public sealed record SurveyLink(string Id, string Title);

    /// <param name="Status"><c>active</c>, <c>expired</c> or <c>revoked</c>.</param>
    public sealed record Token(string Name, string Status, DateTimeOffset ExpiresAt, string CreatedBy);
}
