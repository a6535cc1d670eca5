using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Audit;
using Surveys.Functions.Catalog;

namespace Surveys.Functions.Partners;

/// <summary>
/// Occupational-health partners (users.md O-01): partner organisations and their users (platform
/// admin, partner admins), partner API tokens (partner admins; hashed, shown once, revocable), grants
/// (organisation admins give a partner chosen surveys or all, and revoke), and what a partner sees of
/// its grants. Partner users and tokens have no rights in any organisation's own APIs; their only way
/// to data is <see cref="ExportAccess"/>. Grant and token changes are written to the audit log.
/// </summary>
public static class PartnersApi
{
    private const int MaxBody = 64 * 1024;
    public const int MaxTokenDays = 365;
    public const int DefaultTokenDays = 90;

    [Function("CreatePartner")]
    [EndpointSummary("Create an occupational-health partner (platform admin)")]
    [Tags("Partners")]
    [Consumes(typeof(CreatePartnerRequest), "application/json")]
    [ProducesResponseType(typeof(PartnerView), 201)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task CreatePartnerFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partners")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, CreatePartnerAsync);

    [Function("AddPartnerMember")]
    [EndpointSummary("Add or change a partner user (platform admin or partner admin)")]
    [Tags("Partners")]
    [Consumes(typeof(AddPartnerMemberRequest), "application/json")]
    [ProducesResponseType(typeof(PartnerMemberView), 200)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task AddPartnerMemberFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partners/{partnerId}/members")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, AddPartnerMemberAsync);

    [Function("RemovePartnerMember")]
    [EndpointSummary("Remove a partner user")]
    [EndpointDescription("Partner admin or platform admin: takes the user's role in the partner away; they lose access at their next request. Written to the audit log of every organisation with an active grant to the partner.")]
    [Tags("Partners")]
    [ProducesResponseType(204, Description = "Removed")]
    [ProblemResponses(401, 403, 404)]
    public static Task RemovePartnerMemberFunction([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/partners/{partnerId}/members/{memberId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RemovePartnerMemberAsync);

    [Function("CreatePartnerToken")]
    [EndpointSummary("Make a partner API token (partner admin); the token is shown once")]
    [Tags("Partners")]
    [Consumes(typeof(CreatePartnerTokenRequest), "application/json")]
    [ProducesResponseType(typeof(CreatedPartnerToken), 201)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task CreatePartnerTokenFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partners/{partnerId}/tokens")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, CreateTokenAsync);

    [Function("ListPartnerTokens")]
    [EndpointSummary("List the partner's API tokens, without secrets (partner admin)")]
    [Tags("Partners")]
    [ProducesResponseType(typeof(IReadOnlyList<PartnerTokenSummary>), 200)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task ListPartnerTokensFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partners/{partnerId}/tokens")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListTokensAsync);

    [Function("RevokePartnerToken")]
    [EndpointSummary("Revoke a partner API token (refused at once)")]
    [Tags("Partners")]
    [ProducesResponseType(204, Description = "Revoked")]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task RevokePartnerTokenFunction([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/partners/{partnerId}/tokens/{tokenId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RevokeTokenAsync);

    [Function("ListPartnerGrants")]
    [EndpointSummary("The partner's active grants: organisation, surveys and export URLs (partner users and tokens)")]
    [Tags("Partners")]
    [ProducesResponseType(typeof(IReadOnlyList<PartnerGrantView>), 200)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task ListPartnerGrantsFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partners/{partnerId}/grants")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListPartnerGrantsAsync);

    [Function("CreateGrant")]
    [EndpointSummary("Grant a partner export access to chosen surveys, or all (organisation admin)")]
    [Tags("Partners")]
    [Consumes(typeof(CreateGrantRequest), "application/json")]
    [ProducesResponseType(typeof(CreatedId), 201)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task CreateGrantFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/organisations/{orgId}/grants")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, CreateGrantAsync);

    [Function("ListGrants")]
    [EndpointSummary("The organisation's grants, active and revoked (organisation admin)")]
    [Tags("Partners")]
    [ProducesResponseType(typeof(IReadOnlyList<GrantView>), 200)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task ListGrantsFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organisations/{orgId}/grants")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListGrantsAsync);

    [Function("RevokeGrant")]
    [EndpointSummary("Revoke a grant (kept in the list as revoked; refused at once)")]
    [Tags("Partners")]
    [ProducesResponseType(204, Description = "Revoked")]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task RevokeGrantFunction([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/organisations/{orgId}/grants/{grantId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RevokeGrantAsync);

    // ---- Partners and their users ----

    internal static async Task<IResult> CreatePartnerAsync(HttpContext http, AccessPolicy access, PartnerStore partners)
    {
        await access.RequirePlatformAdminAsync(http);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var name = fields.String("name", required: true);
        fields.ThrowIfAny();
        var partner = await partners.CreateAsync(name!, http.RequestAborted);
        return Results.Created($"/api/partners/{partner.Id}", new { id = partner.Id, name = partner.Name });
    }

    internal static async Task<IResult> AddPartnerMemberAsync(string partnerId, HttpContext http, AccessPolicy access, PartnerStore partners, MemberStore members)
    {
        await RequirePartnerAsync(http, access, partners, partnerId, PartnerRole.Admin);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var email = fields.String("email", required: true, maxLength: 254);
        var name = fields.String("name", required: false) ?? "";
        var roleText = fields.String("role", required: false) ?? "user";
        if (email is not null && !LooksLikeEmail(email))
            fields.Add("email", "invalid-email", "«email» er ikke en e-postadresse.", "'email' is not an e-mail address.");
        if (!EnumNames.TryParse<PartnerRole>(roleText, out var role))
            fields.Add("role", "unknown-role", "«role» må være «user» eller «admin».", "'role' must be 'user' or 'admin'.");
        fields.ThrowIfAny();
        var member = await members.GrantPartnerAsync(email!, name, partnerId, role, http.RequestAborted);
        return Results.Ok(new { id = member.Id, email = member.Email, role = role.ToString().ToLowerInvariant() });
    }

    /// <summary>
    /// A partner user who leaves loses access at their next request (the caller is read from the member row on
    /// every request), without the clients having to revoke the whole partner's grant. Audited like tokens.
    /// </summary>
    internal static async Task<IResult> RemovePartnerMemberAsync(string partnerId, string memberId, HttpContext http, AccessPolicy access,
        PartnerStore partners, MemberStore members, GrantStore grants, AuditLog audit)
    {
        var (caller, partner) = await RequirePartnerAsync(http, access, partners, partnerId, PartnerRole.Admin);
        var (removed, email) = await members.RevokePartnerAsync(memberId, partnerId, http.RequestAborted);
        if (!removed) throw ApiProblemException.NotFound("brukeren hos partneren", "The partner's user");
        await AuditPartnerWideAsync(audit, grants, partner, ActorOf(caller, partner.Name), "partner-member-removed", memberId,
            new Dictionary<string, string> { ["partnerId"] = partner.Id, ["partner"] = partner.Name, ["member"] = email ?? memberId }, http.RequestAborted);
        return Results.NoContent();
    }

    // ---- Partner API tokens ----

    internal static async Task<IResult> CreateTokenAsync(string partnerId, HttpContext http, AccessPolicy access, PartnerStore partners,
        PartnerTokenStore tokens, GrantStore grants, AuditLog audit, TimeProvider time)
    {
        var (caller, partner) = await RequirePartnerAsync(http, access, partners, partnerId, PartnerRole.Admin);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var name = fields.String("name", required: true, maxLength: 100);
        var days = fields.Int("expiresInDays", 1, MaxTokenDays) ?? DefaultTokenDays;
        fields.ThrowIfAny();
        var actor = ActorOf(caller, partner.Name);
        var (token, secret) = await tokens.CreateAsync(partnerId, name!, time.GetUtcNow().AddDays(days), actor, http.RequestAborted);
        await AuditTokenAsync(audit, grants, partner, actor, "token-created", token, http.RequestAborted);
        return Results.Created($"/api/partners/{partnerId}/tokens/{token.Id}",
            new { id = token.Id, name = token.Name, token = secret, expiresAt = token.ExpiresAt });
    }

    internal static async Task<IResult> ListTokensAsync(string partnerId, HttpContext http, AccessPolicy access, PartnerStore partners, PartnerTokenStore tokens, TimeProvider time)
    {
        await RequirePartnerAsync(http, access, partners, partnerId, PartnerRole.Admin);
        var now = time.GetUtcNow();
        return Results.Ok((await tokens.ListAsync(partnerId, http.RequestAborted)).Select(t => new
        {
            id = t.Id,
            name = t.Name,
            status = t.StatusAt(now),
            createdAt = t.CreatedAt,
            createdBy = t.CreatedBy,
            expiresAt = t.ExpiresAt,
            revokedAt = t.RevokedAt,
            revokedBy = t.RevokedBy,
        }));
    }

    internal static async Task<IResult> RevokeTokenAsync(string partnerId, string tokenId, HttpContext http, AccessPolicy access, PartnerStore partners,
        PartnerTokenStore tokens, GrantStore grants, AuditLog audit)
    {
        var (caller, partner) = await RequirePartnerAsync(http, access, partners, partnerId, PartnerRole.Admin);
        var existing = await tokens.GetAsync(partnerId, tokenId, http.RequestAborted) ?? throw ApiProblemException.NotFound("API-nøkkelen", "The API token");
        if (existing.RevokedAt is not null) return Results.NoContent();
        var actor = ActorOf(caller, partner.Name);
        var revoked = await tokens.RevokeAsync(partnerId, tokenId, actor, http.RequestAborted);
        await AuditTokenAsync(audit, grants, partner, actor, "token-revoked", revoked!, http.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>
    /// A token acts across every organisation that has granted the partner something, so its creation and
    /// revocation go into the audit log of each organisation with an active grant to the partner, and
    /// into the partner's own log (partition = partner id).
    /// </summary>
    private static async Task AuditTokenAsync(AuditLog audit, GrantStore grants, Partner partner, string actor, string action, PartnerToken token, CancellationToken ct)
    {
        var details = new Dictionary<string, string>
        {
            ["partnerId"] = partner.Id,
            ["partner"] = partner.Name,
            ["tokenName"] = token.Name,
            ["expiresAt"] = token.ExpiresAt.ToString("O"),
        };
        await AuditPartnerWideAsync(audit, grants, partner, actor, action, token.Id, details, ct);
    }

    /// <summary>An entry in the log of every organisation with an active grant to the partner (whose data the change
    /// can reach), and in the partner's own log (partition = partner id).</summary>
    private static async Task AuditPartnerWideAsync(AuditLog audit, GrantStore grants, Partner partner, string actor, string action,
        string subject, IReadOnlyDictionary<string, string> details, CancellationToken ct)
    {
        var organisations = (await grants.ListForPartnerAsync(partner.Id, ct)).Where(g => g.IsActive).Select(g => g.OrganisationId).Distinct(StringComparer.Ordinal);
        foreach (var organisationId in organisations.Append(partner.Id))
            await audit.WriteAsync(organisationId, actor, action, subject, details, ct);
    }

    // ---- Grants, as the organisation sees them ----

    internal static async Task<IResult> CreateGrantAsync(string orgId, HttpContext http, AccessPolicy access, CatalogStore catalog,
        PartnerStore partners, GrantStore grants, AuditLog audit, TimeProvider time)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var caller = await access.CallerAsync(http);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var partnerId = fields.String("partnerId", required: true, maxLength: 100);
        var partner = partnerId is null ? null : await partners.GetAsync(partnerId, http.RequestAborted);
        if (partnerId is not null && partner is null)
            fields.Add("partnerId", "unknown-partner", $"Partneren «{partnerId}» finnes ikke.", $"The partner '{partnerId}' does not exist.");

        IReadOnlyList<string>? surveyIds = null;
        if (fields.Node("surveyIds") is not null)
        {
            surveyIds = fields.Strings("surveyIds", maxItems: 200, maxLength: 100);
            if (surveyIds is { Count: 0 })
                fields.Add("surveyIds", "empty", "Gi minst én undersøkelse, eller utelat «surveyIds» for alle.", "Give at least one survey, or leave out 'surveyIds' for all.");
            else if (surveyIds is not null)
            {
                var own = (await catalog.ListSurveysAsync(orgId, http.RequestAborted)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var (id, index) in surveyIds.Select((s, i) => (s, i)).Where(x => !own.Contains(x.s)))
                    fields.Add($"surveyIds[{index}]", "unknown-survey", $"Undersøkelsen «{id}» finnes ikke i organisasjonen.", $"The survey '{id}' is not one of the organisation's.");
            }
        }
        var delivery = ReadDelivery(fields);
        fields.ThrowIfAny();

        var actor = ActorOf(caller, null);
        var grant = new ExportGrant(GrantStore.NewId(), orgId, partner!.Id, surveyIds, delivery, time.GetUtcNow(), actor, null, null);
        await grants.SaveAsync(grant, http.RequestAborted);
        await audit.WriteAsync(orgId, actor, "grant-created", grant.Id, new Dictionary<string, string>
        {
            ["partnerId"] = partner.Id,
            ["partner"] = partner.Name,
            ["surveys"] = surveyIds is null ? "all" : string.Join(",", surveyIds),
            ["schedule"] = ScheduleCode(delivery.Schedule),
        }, http.RequestAborted);
        return Results.Created($"/api/organisations/{orgId}/grants/{grant.Id}", new { id = grant.Id });
    }

    internal static async Task<IResult> ListGrantsAsync(string orgId, HttpContext http, AccessPolicy access, PartnerStore partners, GrantStore grants)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var list = new JsonArray();
        foreach (var g in await grants.ListForOrganisationAsync(orgId, http.RequestAborted))
        {
            var partner = await partners.GetAsync(g.PartnerId, http.RequestAborted);
            list.Add(new JsonObject
            {
                ["id"] = g.Id,
                ["partnerId"] = g.PartnerId,
                ["partnerName"] = partner?.Name,
                ["surveyIds"] = g.SurveyIds is null ? null : new JsonArray(g.SurveyIds.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                ["allSurveys"] = g.SurveyIds is null,
                ["delivery"] = DeliveryJson(g.Delivery),
                ["active"] = g.IsActive,
                ["createdAt"] = g.CreatedAt,
                ["createdBy"] = g.CreatedBy,
                ["revokedAt"] = g.RevokedAt,
                ["revokedBy"] = g.RevokedBy,
            });
        }
        return Results.Ok(list);
    }

    internal static async Task<IResult> RevokeGrantAsync(string orgId, string grantId, HttpContext http, AccessPolicy access,
        PartnerStore partners, GrantStore grants, AuditLog audit, TimeProvider time)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var caller = await access.CallerAsync(http);
        var grant = await grants.GetAsync(orgId, grantId, http.RequestAborted) ?? throw ApiProblemException.NotFound("tilgangen", "The grant");
        if (!grant.IsActive) return Results.NoContent();
        var actor = ActorOf(caller, null);
        await grants.SaveAsync(grant with { RevokedAt = time.GetUtcNow(), RevokedBy = actor }, http.RequestAborted);
        var partner = await partners.GetAsync(grant.PartnerId, http.RequestAborted);
        await audit.WriteAsync(orgId, actor, "grant-revoked", grant.Id, new Dictionary<string, string>
        {
            ["partnerId"] = grant.PartnerId,
            ["partner"] = partner?.Name ?? grant.PartnerId,
            ["surveys"] = grant.SurveyIds is null ? "all" : string.Join(",", grant.SurveyIds),
        }, http.RequestAborted);
        return Results.NoContent();
    }

    // ---- Grants, as the partner sees them ----

    internal static async Task<IResult> ListPartnerGrantsAsync(string partnerId, HttpContext http, AccessPolicy access, PartnerStore partners,
        GrantStore grants, CatalogStore catalog, IConfiguration configuration)
    {
        await RequirePartnerAsync(http, access, partners, partnerId, PartnerRole.User);
        var ct = http.RequestAborted;
        var baseUrl = CatalogApi.PublicBaseUrl(configuration);
        var list = new JsonArray();
        foreach (var g in (await grants.ListForPartnerAsync(partnerId, ct)).Where(g => g.IsActive))
        {
            var organisation = await catalog.GetOrganisationAsync(g.OrganisationId, ct);
            if (organisation is null) continue;
            var surveys = (await catalog.ListSurveysAsync(g.OrganisationId, ct)).Where(s => g.Covers(s.Id)).OrderBy(s => s.Title, StringComparer.CurrentCulture);
            list.Add(new JsonObject
            {
                ["grantId"] = g.Id,
                ["organisationId"] = organisation.Id,
                ["organisationName"] = organisation.Name,
                ["allSurveys"] = g.SurveyIds is null,
                ["grantedAt"] = g.CreatedAt,
                ["surveys"] = new JsonArray(surveys.Select(s => (JsonNode?)new JsonObject
                {
                    ["id"] = s.Id,
                    ["title"] = s.Title,
                    ["exportUrl"] = $"{baseUrl}/api/surveys/{Uri.EscapeDataString(s.Id)}/export",
                }).ToArray()),
                ["delivery"] = DeliveryJson(g.Delivery),
            });
        }
        return Results.Ok(list);
    }

    // ---- Helpers ----

    /// <summary>
    /// The partner, if the caller may act for it: the platform admin, the partner's users (and tokens,
    /// as users). Anyone else gets 404 (the partner's existence is not revealed); a partner user asking
    /// for an admin's action gets 403.
    /// </summary>
    public static async Task<(Caller Caller, Partner Partner)> RequirePartnerAsync(HttpContext http, AccessPolicy access, PartnerStore partners, string partnerId, PartnerRole minimum)
    {
        var caller = await access.RequireSignedInAsync(http);
        var role = caller.IsPlatformAdmin ? PartnerRole.Admin : caller.PartnerRoleOf(partnerId);
        var partner = role is null ? null : await partners.GetAsync(partnerId, http.RequestAborted);
        if (partner is null) throw ApiProblemException.NotFound("partneren", "The partner");
        if (minimum == PartnerRole.Admin && role != PartnerRole.Admin)
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Du har ikke tilgang til dette", "You do not have access to this",
                "Dette krever en administrator hos partneren.", "This needs an administrator of the partner.");
        return (caller, partner);
    }

    /// <summary>How the audit log names the caller; partner callers carry their partner's name.</summary>
    public static string ActorOf(Caller caller, string? partnerName) =>
        caller.IsPlatformAdmin ? "plattformadministrator"
        : partnerName is not null ? ExportAccess.ActorName(caller, partnerName)
        : caller.Email ?? caller.Kind;

    private static ExportDelivery ReadDelivery(RequestFields fields)
    {
        var node = fields.Node("delivery");
        if (node is null) return ExportDelivery.Off;
        if (node is not JsonObject o)
        {
            fields.Add("delivery", "wrong-type", "«delivery» må være et objekt.", "'delivery' must be an object.");
            return ExportDelivery.Off;
        }
        var inner = new RequestFields(o);
        var scheduleText = inner.String("schedule", required: false) ?? "none";
        var format = inner.String("format", required: false) ?? ExportDelivery.Off.Format;
        var content = inner.String("content", required: false) ?? ExportDelivery.Off.Content;
        var language = inner.String("language", required: false) ?? ExportDelivery.Off.Language;
        var recipients = inner.Strings("recipients", maxItems: 20, maxLength: 254) ?? [];
        foreach (var error in inner.Errors) fields.Add(error with { Field = "delivery." + error.Field });

        DeliverySchedule? schedule = scheduleText.ToLowerInvariant() switch
        {
            "none" => DeliverySchedule.None,
            "afterroundcloses" => DeliverySchedule.AfterRoundCloses,
            "monthly" => DeliverySchedule.Monthly,
            _ => null,
        };
        if (schedule is null)
            fields.Add("delivery.schedule", "unknown-schedule", "«schedule» må være «none», «afterRoundCloses» eller «monthly».", "'schedule' must be 'none', 'afterRoundCloses' or 'monthly'.");
        format = format.ToLowerInvariant();
        if (format is not ("csv" or "json" or "xlsx"))
            fields.Add("delivery.format", "unknown-format", "«format» må være «csv», «json» eller «xlsx».", "'format' must be 'csv', 'json' or 'xlsx'.");
        content = content.ToLowerInvariant();
        if (content is not ("results" or "answers"))
            fields.Add("delivery.content", "unknown-content", "«content» må være «results» eller «answers».", "'content' must be 'results' or 'answers'.");
        language = language.ToLowerInvariant();
        if (language is not ("nb" or "en"))
            fields.Add("delivery.language", "unsupported-language", "«language» må være «nb» eller «en».", "'language' must be 'nb' or 'en'.");
        foreach (var (address, index) in recipients.Select((r, i) => (r, i)).Where(x => !LooksLikeEmail(x.r)))
            fields.Add($"delivery.recipients[{index}]", "invalid-email", $"«{address}» er ikke en e-postadresse.", $"'{address}' is not an e-mail address.");
        if (schedule is not null and not DeliverySchedule.None && recipients.Count == 0)
            fields.Add("delivery.recipients", "required", "En planlagt levering trenger minst én mottaker.", "A scheduled delivery needs at least one recipient.");
        return new ExportDelivery(schedule ?? DeliverySchedule.None, format, content, language, recipients.Select(MemberStore.Normalise).ToArray());
    }

    private static string ScheduleCode(DeliverySchedule schedule) => JsonNamingPolicy.CamelCase.ConvertName(schedule.ToString());

    private static JsonObject DeliveryJson(ExportDelivery d) => new()
    {
        ["schedule"] = ScheduleCode(d.Schedule),
        ["format"] = d.Format,
        ["content"] = d.Content,
        ["language"] = d.Language,
        ["recipients"] = new JsonArray(d.Recipients.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
    };

    private static bool LooksLikeEmail(string email) =>
        email.Count(c => c == '@') == 1 && email.IndexOf('@') > 0 && email.IndexOf('@') < email.Length - 3 && !email.Any(char.IsWhiteSpace);
}
