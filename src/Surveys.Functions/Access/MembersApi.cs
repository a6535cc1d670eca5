using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Api;
using Surveys.Functions.Api.OpenApi;
using Surveys.Functions.Audit;
using Surveys.Functions.Catalog;
using Surveys.Functions.Partners;

namespace Surveys.Functions.Access;

public sealed record OrganisationMemberView(string Id, string Email, string? Name, [AllowedValues("leader", "admin")] string Role,
    [Description("The units a leader is limited to; null: all units.")] IReadOnlyList<string>? Units);

public sealed record ChangeMemberRequest(
    [AllowedValues("leader", "admin")] string Role,
    [Description("Limit a leader to these units; all units when left out or empty.")] IReadOnlyList<string>? Units = null);

/// <summary>
/// An organisation's people, for its admins (users.md A-02): list, change a role, remove. Adding is
/// <c>POST …/members</c> (<c>CatalogApi.AddMember</c>). The organisation always keeps one admin: a change or removal
/// that would leave none is 409 and changes nothing. Every change is written to the organisation's audit log, as grants are.
/// </summary>
public static class MembersApi
{
    private const int MaxBody = 16 * 1024;

    [Function("ListMembers")]
    [EndpointSummary("The organisation's leaders and admins (organisation admin)")]
    [Tags("Organisations")]
    [ProducesResponseType(typeof(IReadOnlyList<OrganisationMemberView>), 200)]
    [ProblemResponses(401, 403, 404)]
    public static Task ListMembersFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organisations/{orgId}/members")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListAsync);

    [Function("ChangeMember")]
    [EndpointSummary("Change a member's role and units (organisation admin)")]
    [EndpointDescription("409 when it would leave the organisation without an admin. Audited.")]
    [Tags("Organisations")]
    [Consumes(typeof(ChangeMemberRequest), "application/json")]
    [ProducesResponseType(typeof(OrganisationMemberView), 200)]
    [ProblemResponses(400, 401, 403, 404, 409, 415)]
    public static Task ChangeMemberFunction([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/organisations/{orgId}/members/{memberId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ChangeAsync);

    [Function("RemoveMember")]
    [EndpointSummary("Remove a member from the organisation (organisation admin)")]
    [EndpointDescription("They lose access at their next request. 409 when it would leave the organisation without an admin. Audited.")]
    [Tags("Organisations")]
    [ProducesResponseType(204, Description = "Removed")]
    [ProblemResponses(401, 403, 404, 409)]
    public static Task RemoveMemberFunction([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/organisations/{orgId}/members/{memberId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RemoveAsync);

    internal static async Task<IResult> ListAsync(string orgId, HttpContext http, AccessPolicy access, MemberStore members)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var list = await members.ListForOrganisationAsync(orgId, http.RequestAborted);
        return Results.Ok(list.Select(m => View(m, orgId)));
    }

    internal static async Task<IResult> ChangeAsync(string orgId, string memberId, HttpContext http, AccessPolicy access, CatalogStore catalog,
        MemberStore members, AuditLog audit)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var organisation = await catalog.GetOrganisationAsync(orgId, http.RequestAborted) ?? throw ApiProblemException.NotFound("organisasjonen", "The organisation");
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var membership = ReadMembership(fields, organisation, roleRequired: true);
        fields.ThrowIfAny();
        var changed = Changed(await members.ChangeKeepingAnAdminAsync(memberId, orgId, membership, http.RequestAborted));
        await AuditAsync(http, access, audit, orgId, "member-changed", changed, membership!);
        return Results.Ok(View(changed, orgId));
    }

    internal static async Task<IResult> RemoveAsync(string orgId, string memberId, HttpContext http, AccessPolicy access, MemberStore members, AuditLog audit)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var current = await CurrentAsync(members, orgId, memberId, http.RequestAborted);
        var was = current.Organisations[orgId];
        _ = Changed(await members.ChangeKeepingAnAdminAsync(memberId, orgId, null, http.RequestAborted));
        await AuditAsync(http, access, audit, orgId, "member-removed", current, was);
        return Results.NoContent();
    }

    /// <summary>The role and units of a request body, checked against the organisation (its units), as <c>AddMember</c> reads them.</summary>
    public static Membership? ReadMembership(RequestFields fields, Organisation organisation, bool roleRequired)
    {
        var roleText = fields.String("role", required: roleRequired, maxLength: 20) ?? (roleRequired ? null : "leader");
        var units = fields.Strings("units");
        OrganisationRole role = default;
        if (roleText is not null && !EnumNames.TryParse(roleText, out role))
            fields.Add("role", "unknown-role", "«role» må være «leader» eller «admin».", "'role' must be 'leader' or 'admin'.");
        foreach (var unit in units ?? [])
        {
            if (!organisation.Units.Contains(unit, StringComparer.OrdinalIgnoreCase))
                fields.Add("units", "unknown-unit", $"Enheten «{unit}» finnes ikke i organisasjonen.", $"The unit '{unit}' does not exist in the organisation.");
        }
        return roleText is null || fields.Errors.Count > 0 ? null : new Membership(role, units is { Count: > 0 } ? units : null);
    }

    /// <summary>
    /// Refuses (409) a change that takes the admin role from <paramref name="memberId"/> when no other admin is left: an
    /// organisation without an admin can manage nobody, and only the platform operator could repair it. This check reads
    /// first and writes later (the platform admin's <c>AddMember</c> of an existing member); the people page's change and
    /// removal use <see cref="MemberStore.ChangeKeepingAnAdminAsync"/>, which makes it one transaction.
    /// </summary>
    public static async Task RefuseLastAdminAsync(MemberStore members, string orgId, string memberId, CancellationToken ct)
    {
        var admins = (await members.ListForOrganisationAsync(orgId, ct)).Count(m => m.Id != memberId && m.Organisations[orgId].Role == OrganisationRole.Admin);
        if (admins == 0) throw LastAdmin();
    }

    private static ApiProblemException LastAdmin() => new(StatusCodes.Status409Conflict, "Organisasjonen må ha en administrator", "The organisation needs an administrator",
        "Dette er den siste administratoren. Gjør en annen til administrator først. Ingenting er endret.",
        "This is the last administrator. Make someone else an administrator first. Nothing was changed.");

    private static Member Changed((MembershipChange Outcome, Member? Member) change) => change.Outcome switch
    {
        MembershipChange.Changed => change.Member!,
        MembershipChange.LastAdmin => throw LastAdmin(),
        _ => throw NotAMember(),
    };

    private static async Task<Member> CurrentAsync(MemberStore members, string orgId, string memberId, CancellationToken ct) =>
        (CatalogStore.IsValidKey(memberId) ? await members.GetAsync(memberId, ct) : null) is { } m && m.Organisations.ContainsKey(orgId) ? m : throw NotAMember();

    private static ApiProblemException NotAMember() => ApiProblemException.NotFound("personen i organisasjonen", "The organisation's member");

    private static OrganisationMemberView View(Member m, string orgId)
    {
        var membership = m.Organisations[orgId];
        return new OrganisationMemberView(m.Id, m.Email, m.Name.Length > 0 ? m.Name : null, membership.Role.ToString().ToLowerInvariant(), membership.Units);
    }

    /// <summary>Writes who gave or took whose access, as grants are logged.</summary>
    public static async Task AuditAsync(HttpContext http, AccessPolicy access, AuditLog audit, string orgId, string action, Member member, Membership membership)
    {
        var caller = await access.CallerAsync(http);
        await audit.WriteAsync(orgId, PartnersApi.ActorOf(caller, null), action, member.Email, new Dictionary<string, string>
        {
            ["role"] = membership.Role.ToString().ToLowerInvariant(),
            ["units"] = membership.Units is { Count: > 0 } units ? string.Join(",", units) : "all",
        }, http.RequestAborted);
    }
}
