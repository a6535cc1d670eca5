using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Azure.Functions.Worker;
using System.Text.Json.Nodes;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Email;
using Surveys.Functions.Pages;
using Surveys.Pages.Emails;
using Surveys.Pages.Shared;
using Surveys.Pages.SignIn;
using static Surveys.Functions.Pages.HtmlPage;

namespace Surveys.Functions.Access;

/// <summary>
/// Leaders sign in with a one-time link sent by e-mail: ask at <c>/logg-inn</c>, open the link,
/// press «Logg inn» (a button, so mail scanners that open links cannot use it up), and get an
/// HttpOnly, Secure, SameSite=Strict session cookie. Asking for a link always answers the same,
/// whether the address is known or not, and in the same time: the request only queues it (SendSignInLink does the
/// rest). It is rate-limited per address and per client (<see cref="SignInLimits"/>): 429 with <c>Retry-After</c>.
/// </summary>
public static class SignInApi
{
    [Function("SignInPage")]
    public static Task SignInPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "logg-inn")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, SignInPageAsync);

    [Function("RequestSignInLinkForm")]
    public static Task RequestSignInLinkFormFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "logg-inn")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RequestLinkFromFormAsync);

    [Function("RequestSignInLink")]
    [EndpointSummary("E-mail a one-time sign-in link (answers the same for unknown addresses)")]
    [Tags("Access")]
    [AllowAnonymous]
    [Consumes(typeof(SignInRequest), "application/json")]
    [ProducesResponseType(typeof(SignInLinkRequested), 202)]
    [ProblemResponses(400, 429)]
    public static Task RequestSignInLinkFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/auth/sign-in")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RequestLinkAsync);

    [Function("ConfirmSignInPage")]
    public static Task ConfirmSignInPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "logg-inn/{token}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ConfirmPageAsync);

    [Function("CompleteSignIn")]
    public static Task CompleteSignInFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "logg-inn/{token}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, CompleteAsync);

    [Function("SignOut")]
    public static Task SignOutFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "logg-ut")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, SignOutAsync);

    [Function("Me")]
    [EndpointSummary("Who the caller is")]
    [Tags("Access")]
    [ProducesResponseType(typeof(CallerView), 200)]
    [ProblemResponses(400, 401, 404)]
    public static Task MeFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, MeAsync);

    internal static Task<IResult> SignInPageAsync(HttpContext http, PageRenderer pages) =>
        pages.PageAsync<SignInPage, SignInModel>(http, new SignInModel(LinkSent: false));

    internal static async Task<IResult> RequestLinkFromFormAsync(HttpContext http, SignInRequestQueue requests, SignInLimits limits, PageRenderer pages)
    {
        if (limits.TryClient(http.Request) is { } clientWait) return await TooManyPageAsync(http, pages, clientWait);
        var form = await FormBody.ReadOrNullAsync(http.Request, http.RequestAborted);
        var email = form?["email"].ToString() ?? "";
        if (!string.IsNullOrWhiteSpace(email) && email.Length <= 254)
        {
            if (limits.TryAddress(email) is { } addressWait) return await TooManyPageAsync(http, pages, addressWait);
            await requests.EnqueueAsync(email, http.RequestAborted);
        }
        return await pages.PageAsync<SignInPage, SignInModel>(http, new SignInModel(LinkSent: true));
    }

    internal static async Task<IResult> RequestLinkAsync(HttpContext http, SignInRequestQueue requests, SignInLimits limits)
    {
        if (limits.TryClient(http.Request) is { } clientWait) throw TooMany(http, clientWait);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, 4096, http.RequestAborted));
        var email = fields.String("email", required: true, maxLength: 254);
        fields.ThrowIfAny();
        if (limits.TryAddress(email!) is { } addressWait) throw TooMany(http, addressWait);
        await requests.EnqueueAsync(email!, http.RequestAborted);
        return Results.Accepted(value: new
        {
            status = "sent-if-known",
            detail = Languages.PrefersEnglish(http.Request)
                ? "If the address is registered, a sign-in link has been sent to it."
                : "Hvis adressen er registrert, er en innloggingslenke sendt dit.",
        });
    }

    internal static async Task<IResult> ConfirmPageAsync(string token, HttpContext http, SignInStore store, PageRenderer pages)
    {
        if (!await store.IsLinkValidAsync(token, http.RequestAborted)) return await LinkGoneAsync(http, pages);
        return await pages.PageAsync<ConfirmSignInPage, ConfirmSignInModel>(http, new ConfirmSignInModel(token));
    }

    internal static async Task<IResult> CompleteAsync(string token, HttpContext http, SignInStore store, AccessOptions options, MemberStore members, PageRenderer pages)
    {
        var memberId = await store.ConsumeLinkAsync(token, http.RequestAborted);
        if (memberId is null) return await LinkGoneAsync(http, pages);
        var session = await store.StartSessionAsync(memberId, http.RequestAborted);
        http.Response.Cookies.Append(CallerResolver.SessionCookie, session, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = options.SessionMaxLifetime,
            IsEssential = true,
        });
        // Partner users who lead no organisation land on the partner page (ADR 9).
        var member = await members.GetAsync(memberId, http.RequestAborted);
        var home = member is { Organisations.Count: 0, Partners.Count: > 0 } ? "/partner" : "/leder";
        return Results.Redirect(home, permanent: false, preserveMethod: false);
    }

    internal static async Task<IResult> SignOutAsync(HttpContext http, SignInStore store)
    {
        if (http.Request.Cookies.TryGetValue(CallerResolver.SessionCookie, out var session) && session is not null)
            await store.EndSessionAsync(session, http.RequestAborted);
        http.Response.Cookies.Delete(CallerResolver.SessionCookie, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        return Results.Redirect("/logg-inn");
    }

    internal static async Task<IResult> MeAsync(HttpContext http, AccessPolicy access)
    {
        var caller = await access.RequireSignedInAsync(http);
        return Results.Ok(new JsonObject
        {
            ["kind"] = caller.Kind,
            ["email"] = caller.Email,
            ["organisations"] = new JsonObject(caller.Organisations.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)new JsonObject
            {
                ["role"] = o.Value.Role.ToString().ToLowerInvariant(),
                ["units"] = o.Value.Units is null ? null : new JsonArray(o.Value.Units.Select(u => (JsonNode?)JsonValue.Create(u)).ToArray()),
            }))),
            // Occupational-health partners the caller acts for (partner users; a partner token names its one partner).
            ["partners"] = new JsonObject(caller.PartnerIds.Select(p => KeyValuePair.Create(p, (JsonNode?)new JsonObject
            {
                ["role"] = caller.PartnerRoleOf(p)?.ToString().ToLowerInvariant(),
            }))),
        });
    }

    /// <summary>429 for the API: the header now (the ProblemDetails handler writes the body and keeps it).</summary>
    private static ApiProblemException TooMany(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = SignInLimits.RetryAfterSeconds(wait);
        return new ApiProblemException(StatusCodes.Status429TooManyRequests, "For mange forespørsler", "Too many requests",
            "Det er bedt om for mange innloggingslenker på kort tid. Vent litt og prøv igjen.",
            "Too many sign-in links were asked for in a short time. Wait a while and try again.");
    }

    private static Task<IResult> TooManyPageAsync(HttpContext http, PageRenderer pages, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = SignInLimits.RetryAfterSeconds(wait);
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return pages.MessageAsync(http, new Message(new("For mange forsøk", "Too many attempts"),
            [new($"Det er bedt om for mange innloggingslenker på kort tid. Vent {minutes} minutter og prøv igjen.",
                $"Too many sign-in links were asked for in a short time. Wait {minutes} minutes and try again.")],
            [new(English(http.Request) ? "/logg-inn?lang=en" : "/logg-inn", new("Tilbake til innlogging", "Back to sign-in"))]),
            StatusCodes.Status429TooManyRequests);
    }

    private static Task<IResult> LinkGoneAsync(HttpContext http, PageRenderer pages) =>
        pages.MessageAsync(http, new Message(new("Lenken virker ikke", "The link does not work"),
            [new("Lenken er allerede brukt, eller den er for gammel. Be om en ny lenke.", "The link has been used already, or it is too old. Ask for a new link.")],
            [new(English(http.Request) ? "/logg-inn?lang=en" : "/logg-inn", new("Be om en ny lenke", "Ask for a new link"))]),
            StatusCodes.Status404NotFound);
}

/// <summary>Makes a sign-in link for a known member and e-mails it (through the emails queue, sent once); run by the
/// SendSignInLink queue function, never while someone waits.</summary>
public sealed class SignInLinks(MemberStore members, SignInStore store, EmailQueue emails, PublicOrigin origin, PageRenderer pages, ILogger<SignInLinks> log)
{
    /// <param name="requestId">The queue message's id: a retried message's e-mail is then sent once (its first link works).</param>
    public async Task SendAsync(string email, string? requestId, CancellationToken ct)
    {
        var member = await members.FindByEmailAsync(email, ct);
        if (member is null)
        {
            log.LogInformation("Sign-in link asked for an unknown address");
            return;
        }
        var token = await store.CreateLinkAsync(member.Id, ct);
        var url = $"{origin.BaseUrl}/logg-inn/{token}";
        var text = $"""
            Hei{(string.IsNullOrWhiteSpace(member.Name) ? "" : " " + member.Name)}!

            Du (eller noen som skrev inn adressen din) ba om å logge inn i Surveys.
            Åpne denne lenken og trykk «Logg inn». Lenken virker én gang, i 15 minutter:

            {url}

            Ba du ikke om dette, kan du se bort fra e-posten.

            —
            You asked to sign in to Surveys. Open the link above and press «Logg inn» (Sign in).
            It works once, for 15 minutes. If you did not ask, ignore this e-mail.
            """;
        var html = await pages.RenderEmailAsync<SignInLinkEmail, SignInLinkEmailModel>(new SignInLinkEmailModel(member.Name, url));
        await emails.EnqueueAsync(new EmailMessage(new EmailAddress(member.Email, string.IsNullOrWhiteSpace(member.Name) ? null : member.Name),
            SignInLinkEmailModel.Subject, text, html, "signin:" + (requestId is { Length: > 0 } ? "request:" + requestId : Secrets.Hash(token))), ct);
    }
}
