using Surveys.Functions.Api;

namespace Surveys.Functions.Access;

/// <summary>
/// Establishes the <see cref="Caller"/> of a request, once: the bootstrap admin key as
/// <c>Authorization: Bearer</c> (compared in constant time; configure its SHA-256 as
/// <c>Surveys:BootstrapAdminKeyHash</c> to keep even the configuration free of it), or the session
/// cookie of a signed-in member. Any other bearer value is looked up as a partner API token
/// (<see cref="Partners.PartnerTokenStore"/>). A wrong, expired or revoked bearer key is a 401, never a silent downgrade.
/// </summary>
public sealed class CallerResolver(SignInStore signIn, MemberStore members, IConfiguration configuration,
    Partners.PartnerTokenStore partnerTokens, TimeProvider time)
{
    public const string SessionCookie = "surveys_session";

    public async Task<Caller> ResolveAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Items.TryGetValue(typeof(Caller), out var known) && known is Caller cached) return cached;
        var caller = await ResolveCoreAsync(http, ct);
        http.Items[typeof(Caller)] = caller;
        return caller;
    }

    private async Task<Caller> ResolveCoreAsync(HttpContext http, CancellationToken ct)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                throw Unauthorized("Only Bearer authorization is accepted.", "Bare Bearer-autorisasjon godtas.");
            var key = authorization["Bearer ".Length..].Trim();
            if (IsBootstrapKey(key)) return Caller.PlatformAdmin;
            var token = await partnerTokens.FindBySecretAsync(key, ct);
            if (token is null) throw Unauthorized("The key is not valid.", "Nøkkelen er ikke gyldig.");
            var now = time.GetUtcNow();
            if (token.RevokedAt is not null) throw Unauthorized("The API token has been revoked.", "API-nøkkelen er trukket tilbake.");
            if (token.ExpiresAt <= now) throw Unauthorized("The API token has expired.", "API-nøkkelen er utløpt.");
            return new Caller(Caller.PartnerTokenKind, null, null, new Dictionary<string, Membership>())
            {
                PartnerToken = new PartnerTokenIdentity(token.PartnerId, token.Id, token.Name),
            };
        }

        if (http.Request.Cookies.TryGetValue(SessionCookie, out var session) && session is not null)
        {
            var memberId = await signIn.ResolveSessionAsync(session, ct);
            var member = memberId is null ? null : await members.GetAsync(memberId, ct);
            if (member is not null) return new Caller("member", member.Id, member.Email, member.Organisations) { Partners = member.Partners };
        }
        return Caller.Anonymous;
    }

    private bool IsBootstrapKey(string key)
    {
        if (key.Length < 16) return false;
        var hash = configuration["Surveys:BootstrapAdminKeyHash"];
        if (!string.IsNullOrWhiteSpace(hash))
            return Secrets.FixedTimeEquals(Secrets.Hash(key), hash.Trim().ToLowerInvariant());
        var configured = configuration["Surveys:BootstrapAdminKey"];
        return configured is { Length: >= 16 } && Secrets.FixedTimeEquals(key, configured);
    }

    internal static ApiProblemException Unauthorized(string en, string nb) =>
        new(StatusCodes.Status401Unauthorized, "Du må logge inn", "Sign-in required", nb, en);
}
