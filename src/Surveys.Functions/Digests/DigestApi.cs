using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Pages;
using Surveys.Pages.Digests;
using Surveys.Pages.Shared;
using static Surveys.Functions.Pages.HtmlPage;

namespace Surveys.Functions.Digests;

/// <summary>
/// Who gets the digest. A leader or admin chooses for themselves (<c>GET/PUT
/// /api/organisations/{orgId}/digest/subscription</c>, users.md L-05: daily, weekly or off); an
/// organisation admin keeps the extra addresses such as the work-environment committee (<c>GET/PUT
/// /api/organisations/{orgId}/digest</c>). Every e-mail carries its own unsubscribe link, which works
/// without signing in: <c>GET /avmeld/{token}</c> only shows a confirm button (mail scanners fetch links),
/// <c>POST /avmeld/{token}</c> turns the digest off.
/// </summary>
public static class DigestApi
{
    private const int MaxBody = 64 * 1024;

    [Function("GetDigestSubscription")]
    [EndpointSummary("The signed-in member's own digest choice (users.md L-05)")]
    [Tags("Digests")]
    [ProducesResponseType(typeof(DigestSubscriptionView), 200)]
    [ProblemResponses(401, 403, 404)]
    public static Task GetDigestSubscriptionFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organisations/{orgId}/digest/subscription")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, GetSubscriptionAsync);

    [Function("SetDigestSubscription")]
    [EndpointSummary("Opt in to the digest, change how often, or turn it off (the signed-in leader or admin, for themselves)")]
    [Tags("Digests")]
    [Consumes(typeof(SetDigestSubscriptionRequest), "application/json")]
    [ProducesResponseType(typeof(DigestSubscriptionView), 200)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task SetDigestSubscriptionFunction([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/organisations/{orgId}/digest/subscription")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, SetSubscriptionAsync);

    [Function("GetDigestSettings")]
    [EndpointSummary("Digest recipients of the organisation: extra addresses and members who opted in (organisation admin)")]
    [Tags("Digests")]
    [ProducesResponseType(typeof(DigestSettingsView), 200)]
    [ProblemResponses(401, 403, 404)]
    public static Task GetDigestSettingsFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organisations/{orgId}/digest")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, GetSettingsAsync);

    [Function("SetDigestSettings")]
    [EndpointSummary("Set the extra addresses that get the weekly digest, such as the work-environment committee (organisation admin)")]
    [EndpointDescription("Addresses already listed keep their state: one that unsubscribed stays off; listing again an address that unsubscribed itself and was removed is 409 (it must subscribe again itself).")]
    [Tags("Digests")]
    [Consumes(typeof(SetDigestSettingsRequest), "application/json")]
    [ProducesResponseType(typeof(DigestSettingsView), 200)]
    [ProblemResponses(400, 401, 403, 404, 409)]
    public static Task SetDigestSettingsFunction([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/organisations/{orgId}/digest")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, SetSettingsAsync);

    [Function("UnsubscribePage")]
    public static Task UnsubscribePageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "avmeld/{token}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, UnsubscribePageAsync);

    [Function("Unsubscribe")]
    public static Task UnsubscribeFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "avmeld/{token}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, UnsubscribeAsync);

    private static async Task<Member> RequireMemberAsync(HttpContext http, string orgId, AccessPolicy access, MemberStore members)
    {
        var membership = await access.RequireOrganisationAsync(http, orgId);
        var caller = await access.CallerAsync(http);
        if (membership is null || caller.UserId is null || await members.GetAsync(caller.UserId, http.RequestAborted) is not { } member)
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Bare for medlemmer", "Members only",
                "Oppsummeringen kan bare bestilles av ledere og administratorer i organisasjonen, for seg selv.",
                "Only the organisation's leaders and admins can subscribe to the digest, for themselves.");
        return member;
    }

    private static object Subscription(string orgId, DigestRecipient? r) => new
    {
        organisationId = orgId,
        frequency = (r?.Frequency ?? DigestFrequency.Off).ToString().ToLowerInvariant(),
    };

    internal static async Task<IResult> GetSubscriptionAsync(string orgId, HttpContext http, AccessPolicy access, MemberStore members, DigestStore store)
    {
        var member = await RequireMemberAsync(http, orgId, access, members);
        return Results.Ok(Subscription(orgId, await store.GetAsync(orgId, DigestStore.KeyOf(member.Email), http.RequestAborted)));
    }

    internal static async Task<IResult> SetSubscriptionAsync(string orgId, HttpContext http, AccessPolicy access, MemberStore members, DigestStore store)
    {
        var member = await RequireMemberAsync(http, orgId, access, members);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var text = fields.String("frequency", required: true, maxLength: 20);
        DigestFrequency? frequency = text?.ToLowerInvariant() switch
        {
            "weekly" => DigestFrequency.Weekly,
            "daily" => DigestFrequency.Daily,
            "off" => DigestFrequency.Off,
            _ => null,
        };
        if (text is not null && frequency is null)
            fields.Add("frequency", "unknown-frequency", "«frequency» må være «weekly», «daily» eller «off».", "'frequency' must be 'weekly', 'daily' or 'off'.");
        fields.ThrowIfAny();
        var saved = await store.SetMemberAsync(orgId, member, frequency!.Value, http.RequestAborted);
        return Results.Ok(Subscription(orgId, saved));
    }

    private static object Settings(string orgId, IReadOnlyList<DigestRecipient> all) => new
    {
        organisationId = orgId,
        extraRecipients = all.Where(r => r.Kind == RecipientKind.Extra)
            .Select(r => new { email = r.Email, frequency = r.Frequency.ToString().ToLowerInvariant() }).ToList(),
        members = all.Where(r => r.Kind == RecipientKind.Member)
            .Select(r => new { email = r.Email, name = r.Name, frequency = r.Frequency.ToString().ToLowerInvariant() }).ToList(),
    };

    internal static async Task<IResult> GetSettingsAsync(string orgId, HttpContext http, AccessPolicy access, DigestStore store)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        return Results.Ok(Settings(orgId, await store.ListAsync(orgId, http.RequestAborted)));
    }

    internal static async Task<IResult> SetSettingsAsync(string orgId, HttpContext http, AccessPolicy access, DigestStore store, DigestOptions options)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var emails = fields.Strings("extraRecipients", maxItems: options.MaxExtraRecipients, maxLength: 254);
        if (fields.Node("extraRecipients") is null)
            fields.Add("extraRecipients", "required", "«extraRecipients» mangler (en liste med e-postadresser, gjerne tom).", "'extraRecipients' is missing (a list of e-mail addresses, possibly empty).");
        foreach (var email in emails ?? [])
        {
            if (!DigestStore.IsAddress(email))
                fields.Add("extraRecipients", "invalid-email", $"«{email}» er ikke en e-postadresse.", $"'{email}' is not an e-mail address.");
        }
        fields.ThrowIfAny();
        // An address that unsubscribed itself and was removed cannot be added back by an admin: that would undo the
        // person's own choice. There is no way yet for an extra address to subscribe again; a leader or admin of the
        // organisation can subscribe themselves (PUT …/digest/subscription).
        if (await store.UnsubscribedAsync(orgId, emails!, http.RequestAborted) is { Count: > 0 } unsubscribed)
        {
            var list = string.Join(", ", unsubscribed);
            throw new ApiProblemException(StatusCodes.Status409Conflict,
                "Adressen har meldt seg av", "The address has unsubscribed",
                $"{list} har selv meldt seg av oppsummeringen og kan ikke legges til igjen av en administrator. Vil personen ha den igjen, må hen melde seg på selv: ledere og administratorer i organisasjonen kan gjøre det når de er logget inn. For andre adresser finnes det ennå ingen måte å melde seg på igjen. Ingenting er lagret.",
                $"{list} unsubscribed from the digest themselves and cannot be added again by an administrator. If the person wants it again, they must subscribe themselves: the organisation's leaders and admins can do so when signed in. Other addresses have no way to subscribe again yet. Nothing was saved.");
        }
        await store.SetExtrasAsync(orgId, emails!, http.RequestAborted);
        return Results.Ok(Settings(orgId, await store.ListAsync(orgId, http.RequestAborted)));
    }

    // ---------------------------------------------------------------- unsubscribe without signing in

    internal static async Task<IResult> UnsubscribePageAsync(string token, HttpContext http, DigestStore store, PageRenderer pages)
    {
        if (await store.FindByTokenAsync(token, http.RequestAborted) is not { } recipient) return await GoneAsync(http, pages);
        return await pages.PageAsync<UnsubscribePage, UnsubscribeModel>(http,
            new UnsubscribeModel(token, recipient.Email, AlreadyOff: recipient.Frequency == DigestFrequency.Off, Done: false));
    }

    internal static async Task<IResult> UnsubscribeAsync(string token, HttpContext http, DigestStore store, PageRenderer pages)
    {
        if (await store.UnsubscribeAsync(token, http.RequestAborted) is not { } recipient) return await GoneAsync(http, pages);
        return await pages.PageAsync<UnsubscribePage, UnsubscribeModel>(http, new UnsubscribeModel(token, recipient.Email, AlreadyOff: true, Done: true));
    }

    private static Task<IResult> GoneAsync(HttpContext http, PageRenderer pages) =>
        pages.MessageAsync(http, new Message(new("Lenken virker ikke", "The link does not work"),
            [new("Vi kjenner ikke igjen denne avmeldingslenken. Bruk lenken i den nyeste e-posten.", "We do not recognise this unsubscribe link. Use the link in the latest e-mail.")], []),
            StatusCodes.Status404NotFound);
}
