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

/// <summary>A person's role in an occupational-health partner (users.md O-01).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PartnerRole>))]
public enum PartnerRole
{
    /// <summary>Sees the partner's grants and exports what they cover.</summary>
    User,

    /// <summary>Also adds the partner's users and makes and revokes its API tokens.</summary>
    Admin,
}

/// <summary>The partner API token a request came with (never the secret itself).</summary>
/// <param name="PartnerId">The partner the token belongs to.</param>
/// <param name="TokenId">The token's id (as listed and revoked).</param>
/// <param name="Name">The name its creator gave it, e.g. «AMU-eksport».</param>
public sealed record PartnerTokenIdentity(string PartnerId, string TokenId, string Name);

/// <summary>
/// Who is calling, established on the server for every request: nobody, the platform operator (the
/// bootstrap admin key, for first setup and automation), a signed-in member with memberships per
/// organisation (and per partner, for occupational-health partner users), or a partner API token.
/// Kiosk tokens are not callers: they only open their own round. Partner memberships and tokens give
/// no organisation rights: only <c>Partners.ExportAccess</c> and the partner endpoints look at them.
/// </summary>
public sealed record Caller(string Kind, string? UserId, string? Email, IReadOnlyDictionary<string, Membership> Organisations)
{
    public const string PartnerTokenKind = "partner-token";

    public static readonly Caller Anonymous = new("anonymous", null, null, new Dictionary<string, Membership>());
    public static readonly Caller PlatformAdmin = new("platform-admin", null, null, new Dictionary<string, Membership>());

    /// <summary>The member's roles per partner (partner id → role); empty for everyone else.</summary>
    public IReadOnlyDictionary<string, PartnerRole> Partners { get; init; } = new Dictionary<string, PartnerRole>();

    /// <summary>Set when the caller is a partner API token (<see cref="Kind"/> <c>partner-token</c>).</summary>
    public PartnerTokenIdentity? PartnerToken { get; init; }

    public bool IsAuthenticated => Kind != Anonymous.Kind;
    public bool IsPlatformAdmin => Kind == PlatformAdmin.Kind;
    public bool IsPartnerToken => Kind == PartnerTokenKind && PartnerToken is not null;

    public Membership? MembershipOf(string organisationId) => Organisations.GetValueOrDefault(organisationId);

    /// <summary>The partners this caller acts for: the token's partner, or the member's partner memberships.</summary>
    public IEnumerable<string> PartnerIds => IsPartnerToken ? [PartnerToken!.PartnerId] : Partners.Keys;

    /// <summary>The caller's role in the partner (a token counts as a user), or null when it does not act for it.</summary>
    public PartnerRole? PartnerRoleOf(string partnerId) =>
        IsPartnerToken ? (PartnerToken!.PartnerId == partnerId ? PartnerRole.User : null)
        : Partners.TryGetValue(partnerId, out var role) ? role : null;
}
