using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Surveys.Functions.Access;

public sealed record SignInRequest([EmailAddress, MaxLength(254)] string Email);

public sealed record SignInLinkRequested([AllowedValues("sent-if-known")] string Status, string Detail);

/// <summary>Who the caller is (<c>GET /api/me</c>).</summary>
public sealed record CallerView(
    [Description("What kind of caller: a member, the platform admin, a partner token …")] string Kind,
    string? Email,
    [Description("Organisation id → the caller's role there, and the units a leader is limited to (null: all).")] IReadOnlyDictionary<string, CallerMembershipView> Organisations,
    [Description("Partner id → the caller's role at the occupational-health partner.")] IReadOnlyDictionary<string, CallerPartnerView> Partners);

public sealed record CallerMembershipView([AllowedValues("leader", "admin")] string Role, IReadOnlyList<string>? Units);

public sealed record CallerPartnerView([AllowedValues("user", "admin")] string? Role);
