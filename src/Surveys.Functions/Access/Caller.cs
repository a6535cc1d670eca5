namespace Surveys.Functions.Access;

/// <summary>A member's role in one organisation (users.md A-02).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<OrganisationRole>))]
public enum OrganisationRole
{
    /// <summary>Results and actions for the assigned units (all units when none are named).</summary>
    Leader,

    /// <summary>Everything within the organisation, including members and kiosk links.</summary>
    Admin,
}

/// <summary>Membership of one organisation; <see cref="Units"/> null means every unit.</summary>
public sealed record Membership(OrganisationRole Role, IReadOnlyList<string>? Units);

/// <summary>
/// Who is calling, established on the server for every request: nobody, the platform operator (the
/// bootstrap admin key, for first setup and automation), or a signed-in member with memberships per
/// organisation. Kiosk tokens are not callers: they only open their own round.
/// </summary>
public sealed record Caller(string Kind, string? UserId, string? Email, IReadOnlyDictionary<string, Membership> Organisations)
{
    public static readonly Caller Anonymous = new("anonymous", null, null, new Dictionary<string, Membership>());
    public static readonly Caller PlatformAdmin = new("platform-admin", null, null, new Dictionary<string, Membership>());

    public bool IsAuthenticated => Kind != Anonymous.Kind;
    public bool IsPlatformAdmin => Kind == PlatformAdmin.Kind;

    public Membership? MembershipOf(string organisationId) => Organisations.GetValueOrDefault(organisationId);
}
