namespace Surveys.Pages.Setup.People;

/// <summary>
/// /leder/personer?org=: the organisation's leaders and admins, a form to add one, and a remove button each; with
/// <c>&amp;endre={memberId}</c>, the form that changes that person's role and units instead.
/// </summary>
/// <param name="MyId">The signed-in admin's own member id (marked «deg»).</param>
/// <param name="Editing">The person whose role is being changed, or null for the list and the add form.</param>
public sealed record PeopleModel(
    string OrganisationId,
    string OrganisationName,
    IReadOnlyList<string> Units,
    IReadOnlyList<PeopleModel.Person> People,
    string? MyId,
    PeopleModel.Person? Editing = null)
{
    /// <param name="Units">The units a leader is limited to; null: all.</param>
    public sealed record Person(string Id, string? Name, string Email, bool Admin, IReadOnlyList<string>? Units);
}
