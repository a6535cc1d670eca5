using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.Azure.Functions.Worker;
using System.Globalization;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Audit;
using Surveys.Functions.Kiosk;
using Surveys.Model;

namespace Surveys.Functions.Catalog;

/// <summary>
/// Setting up: organisations and their members, surveys from a built-in instrument (optionally with
/// edited wording, item identity kept) or from custom items, rounds, and kiosk links. Every call is
/// authorised on the server; these paths are a contract other tools rely on.
/// </summary>
public static class CatalogApi
{
    private const int MaxBody = 256 * 1024;

    [Function("CreateOrganisation")]
    [EndpointSummary("Create an organisation (platform admin)")]
    [Tags("Organisations")]
    [Consumes(typeof(CreateOrganisationRequest), "application/json")]
    [ProducesResponseType(typeof(CreatedId), 201)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task CreateOrganisationFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/organisations")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, CreateOrganisationAsync);

    [Function("GetOrganisation")]
    [EndpointSummary("Get an organisation")]
    [Tags("Organisations")]
    [ProducesResponseType(typeof(OrganisationView), 200)]
    [ProblemResponses(400, 401, 404)]
    public static Task GetOrganisationFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organisations/{orgId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, GetOrganisationAsync);

    [Function("AddMember")]
    [EndpointSummary("Add or change a member (organisation admin)")]
    [EndpointDescription("409 when it would take the admin role from the organisation's last admin. Audited (member-added, member-changed).")]
    [Tags("Organisations")]
    [Consumes(typeof(AddMemberRequest), "application/json")]
    [ProducesResponseType(typeof(MemberView), 200)]
    [ProblemResponses(400, 401, 403, 404, 409)]
    public static Task AddMemberFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/organisations/{orgId}/members")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, AddMemberAsync);

    [Function("CreateSurvey")]
    [EndpointSummary("Create a survey from a built-in instrument or custom items (organisation admin)")]
    [Tags("Surveys")]
    [Consumes(typeof(CreateSurveyRequest), "application/json")]
    [ProducesResponseType(typeof(CreatedId), 201)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task CreateSurveyFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/organisations/{orgId}/surveys")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, CreateSurveyAsync);

    [Function("ListSurveys")]
    [EndpointSummary("List the organisation's surveys")]
    [Tags("Surveys")]
    [ProducesResponseType(typeof(IReadOnlyList<SurveySummary>), 200)]
    [ProblemResponses(400, 401, 404)]
    public static Task ListSurveysFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/organisations/{orgId}/surveys")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListSurveysAsync);

    [Function("CreateRound")]
    [EndpointSummary("Create a round (organisation admin)")]
    [Tags("Rounds")]
    [Consumes(typeof(CreateRoundRequest), "application/json")]
    [ProducesResponseType(typeof(CreatedId), 201)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task CreateRoundFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/surveys/{surveyId}/rounds")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, CreateRoundAsync);

    [Function("ListRounds")]
    [EndpointSummary("List a survey's rounds")]
    [Tags("Rounds")]
    [ProducesResponseType(typeof(IReadOnlyList<RoundSummary>), 200)]
    [ProblemResponses(400, 401, 404)]
    public static Task ListRoundsFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/surveys/{surveyId}/rounds")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListRoundsAsync);

    [Function("UpdateRound")]
    [EndpointSummary("Close or reopen a round, move its closing date or change the number invited (organisation admin; audited)")]
    [Tags("Rounds")]
    [Consumes(typeof(UpdateRoundRequest), "application/json")]
    [ProducesResponseType(typeof(RoundSummary), 200)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task UpdateRoundFunction([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/rounds/{roundId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, UpdateRoundAsync);

    [Function("CreateKioskLink")]
    [EndpointSummary("Make a kiosk link for a round; the token is shown only here (audited, without the token)")]
    [Tags("Kiosk")]
    [Consumes(typeof(CreateKioskLinkRequest), "application/json", IsOptional = true)]
    [ProducesResponseType(typeof(KioskLinkView), 201)]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task CreateKioskLinkFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/kiosk-links")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, CreateKioskLinkAsync);

    [Function("RevokeKioskLink")]
    [EndpointSummary("Revoke a kiosk link (refused at once by this instance, within 30 s by others)")]
    [EndpointDescription("{token} is the link's token, or its id (linkId, as GET …/kiosk-links lists it). A leader limited to some units can revoke only the links of those units (404 for any other). Revoking a revoked link is 204 again. Audited (kiosk-link-revoked).")]
    [Tags("Kiosk")]
    [ProducesResponseType(204, Description = "Revoked")]
    [ProblemResponses(400, 401, 404)]
    public static Task RevokeKioskLinkFunction([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/rounds/{roundId}/kiosk-links/{token}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RevokeKioskLinkAsync);

    internal static async Task<IResult> CreateOrganisationAsync(HttpContext http, AccessPolicy access, CatalogStore catalog)
    {
        await access.RequirePlatformAdminAsync(http);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var name = fields.String("name", required: true);
        var units = fields.Strings("units") ?? [];
        fields.ThrowIfAny();
        var organisation = new Organisation(CatalogStore.NewId("org"), name!, units);
        await catalog.SaveOrganisationAsync(organisation, http.RequestAborted);
        return Results.Created($"/api/organisations/{organisation.Id}", new { id = organisation.Id });
    }

    internal static async Task<IResult> GetOrganisationAsync(string orgId, HttpContext http, AccessPolicy access, CatalogStore catalog)
    {
        await access.RequireOrganisationAsync(http, orgId);
        var organisation = await catalog.GetOrganisationAsync(orgId, http.RequestAborted) ?? throw ApiProblemException.NotFound("organisasjonen", "The organisation");
        return Results.Ok(new { id = organisation.Id, name = organisation.Name, units = organisation.Units });
    }

    internal static async Task<IResult> AddMemberAsync(string orgId, HttpContext http, AccessPolicy access, CatalogStore catalog, MemberStore members, Audit.AuditLog audit)
    {
        await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var organisation = await catalog.GetOrganisationAsync(orgId, http.RequestAborted) ?? throw ApiProblemException.NotFound("organisasjonen", "The organisation");
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var email = fields.String("email", required: true, maxLength: 254);
        var name = fields.String("name", required: false) ?? "";
        var roleText = fields.String("role", required: false) ?? "leader";
        var units = fields.Strings("units");
        if (email is not null && !LooksLikeEmail(email))
            fields.Add("email", "invalid-email", "«email» er ikke en e-postadresse.", "'email' is not an e-mail address.");
        if (!EnumNames.TryParse<OrganisationRole>(roleText, out var role))
            fields.Add("role", "unknown-role", "«role» må være «leader» eller «admin».", "'role' must be 'leader' or 'admin'.");
        foreach (var unit in units ?? [])
        {
            if (!organisation.Units.Contains(unit, StringComparer.OrdinalIgnoreCase))
                fields.Add("units", "unknown-unit", $"Enheten «{unit}» finnes ikke i organisasjonen.", $"The unit '{unit}' does not exist in the organisation.");
        }
        fields.ThrowIfAny();
        // The same rules and log as changing a member on the people page (MembersApi): never the last admin, always audited.
        var before = (await members.FindByEmailAsync(email!, http.RequestAborted))?.Organisations.GetValueOrDefault(orgId);
        if (before?.Role == OrganisationRole.Admin && role != OrganisationRole.Admin)
            await MembersApi.RefuseLastAdminAsync(members, orgId, MemberStore.IdOf(email!), http.RequestAborted);
        var membership = new Membership(role, units is { Count: > 0 } ? units : null);
        var member = await members.GrantAsync(email!, name, orgId, membership, http.RequestAborted);
        await MembersApi.AuditAsync(http, access, audit, orgId, before is null ? "member-added" : "member-changed", member, membership);
        return Results.Ok(new { id = member.Id, email = member.Email, role = role.ToString().ToLowerInvariant(), units });
    }

    internal static async Task<IResult> CreateSurveyAsync(string orgId, HttpContext http, AccessPolicy access, CatalogStore catalog)
    {
        var membership = await access.RequireOrganisationAsync(http, orgId, OrganisationRole.Admin);
        var organisation = await catalog.GetOrganisationAsync(orgId, http.RequestAborted) ?? throw ApiProblemException.NotFound("organisasjonen", "The organisation");
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var instrumentId = fields.String("instrument", required: false, maxLength: 40);
        var title = fields.String("title", required: true);
        var unit = fields.String("unit", required: false, maxLength: 100);
        var wording = ReadWording(fields);
        var texts = ReadTexts(fields);
        var labelSets = ReadLabelSets(fields);
        var custom = ReadCustomItems(fields);
        var optionalItems = fields.Strings("optionalItems", maxItems: 20, maxLength: 40);
        if (custom is not null && optionalItems is { Count: > 0 })
            fields.Add("optionalItems", "conflict", "Valgfrie spørsmål hører til et skjema («instrument»), ikke til egne spørsmål.",
                "Optional items belong to an instrument, not to your own questions.");
        // The retrospective set (ETHICS-R01…R09, asked under a lead question) belongs to the after round only (instruments.md
        // §3.3); a survey's items are the same in every round, and the kiosk does not show a lead question yet.
        foreach (var itemId in optionalItems ?? [])
        {
            if (instrumentId is not null && Instruments.Find(instrumentId)?.OptionalItems.FirstOrDefault(i => i.Id == itemId) is { Lead: not null })
                fields.Add($"optionalItems.{itemId}", "after-round-only",
                    $"«{itemId}» hører til tilleggssettet for etter-runden og kan ikke legges til hele undersøkelsen.",
                    $"'{itemId}' belongs to the add-on set for the after round and cannot be added to the whole survey.");
        }
        if (instrumentId is null && custom is null)
            fields.Add("instrument", "required", "Oppgi «instrument» (for eksempel «WELLBEING») eller egne spørsmål i «items».",
                "Give 'instrument' (for example 'WELLBEING') or your own questions in 'items'.");
        else if (instrumentId is not null && custom is not null)
            fields.Add("items", "conflict", "Oppgi enten «instrument» eller «items», ikke begge.", "Give either 'instrument' or 'items', not both.");
        else if (instrumentId is not null && Instruments.Find(instrumentId) is null)
            fields.Add("instrument", "unknown-instrument", $"Instrumentet «{instrumentId}» finnes ikke. Velg ETHICS, WELLBEING, EXIT, USER eller EMPLOYEE.",
                $"The instrument '{instrumentId}' does not exist. Choose ETHICS, WELLBEING, EXIT, USER or EMPLOYEE.");
        if (unit is not null)
        {
            var known = organisation.Units.FirstOrDefault(u => string.Equals(u, unit, StringComparison.OrdinalIgnoreCase));
            if (known is null)
                fields.Add("unit", "unknown-unit", $"Enheten «{unit}» finnes ikke i organisasjonen.", $"The unit '{unit}' does not exist in the organisation.");
            unit = known;
        }
        fields.ThrowIfAny();
        unit = AccessPolicy.RequireUnit(membership, unit);

        var stored = new StoredSurvey(CatalogStore.NewId("survey"), orgId, title!, instrumentId is null ? null : Instruments.Find(instrumentId)!.Id,
            wording, labelSets, custom, unit, optionalItems is { Count: > 0 } ? [.. optionalItems] : null);
        // Edits must name items of this survey (its optional add-ons included); say which entry names one that is not.
        var plain = (stored with { WordingEdits = [], LabelSets = [] }).ToSurvey(organisation.Name);
        foreach (var (edit, index) in wording.Select((e, i) => (e, i)).Where(x => plain.FindItem(x.e.ItemId) is null))
            fields.Add($"wording[{index}].itemId", "unknown-item", $"Spørsmålet «{edit.ItemId}» finnes ikke i undersøkelsen.", $"The item '{edit.ItemId}' is not part of the survey.");
        foreach (var itemId in labelSets.Keys.Where(k => plain.FindItem(k) is null))
            fields.Add($"labelSets.{itemId}", "unknown-item", $"Spørsmålet «{itemId}» finnes ikke i undersøkelsen.", $"The item '{itemId}' is not part of the survey.");
        foreach (var (edit, index) in wording.Select((e, i) => (e, i)).Where(x => !Language.TryParse(x.e.Language, out _)))
            fields.Add($"wording[{index}].language", "unsupported-language", $"Språket «{edit.Language}» støttes ikke (nb, en).", $"The language '{edit.Language}' is not supported (nb, en).");
        var changed = CheckTexts(fields, texts, wording, plain);
        fields.ThrowIfAny();
        stored = stored with { WordingEdits = [.. wording, .. changed] };
        stored.ToSurvey(organisation.Name); // the domain checks items, wording and label sets; a SurveyValidationException becomes a 400
        await catalog.SaveSurveyAsync(stored, http.RequestAborted);
        return Results.Created($"/api/organisations/{orgId}/surveys/{stored.Id}", new { id = stored.Id });
    }

    internal static async Task<IResult> ListSurveysAsync(string orgId, HttpContext http, AccessPolicy access, CatalogStore catalog)
    {
        await access.RequireOrganisationAsync(http, orgId);
        var surveys = await catalog.ListSurveysAsync(orgId, http.RequestAborted);
        return Results.Ok(surveys.Select(s => new { id = s.Id, title = s.Title, instrument = s.InstrumentId, unit = s.Unit }));
    }

    internal static async Task<IResult> CreateRoundAsync(string surveyId, HttpContext http, AccessPolicy access, CatalogStore catalog)
    {
        var (orgId, _) = await access.RequireSurveyAsync(http, surveyId, OrganisationRole.Admin);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var label = fields.String("label", required: true, maxLength: Round.LabelMaxLength);
        var opens = fields.Date("opens");
        var closes = fields.Date("closes");
        var invited = fields.Int("invited", 0, 1_000_000);
        var continuous = fields.Bool("continuous") ?? false;
        fields.ThrowIfAny();
        var round = Round.Create(CatalogStore.NewId("round"), surveyId, label!, opens, closes, invited, continuous);
        await catalog.SaveRoundAsync(orgId, round, http.RequestAborted);
        return Results.Created($"/api/surveys/{surveyId}/rounds/{round.Id}", new { id = round.Id });
    }

    internal static async Task<IResult> ListRoundsAsync(string surveyId, HttpContext http, AccessPolicy access, CatalogStore catalog, TimeProvider time)
    {
        await access.RequireSurveyAsync(http, surveyId);
        var rounds = await catalog.ListRoundsAsync(surveyId, http.RequestAborted);
        var now = time.GetUtcNow();
        return Results.Ok(rounds.OrderBy(r => r.Opens).Select(r => View(r, now)));
    }

    /// <summary>
    /// Closes a round now (<c>closed: true</c>), reopens it (<c>closed: false</c>, optionally until <c>closes</c>),
    /// moves its closing date (<c>closes</c>) or records a new number invited (<c>invited</c>; users.md A-05). The
    /// rules are the round's own (<see cref="Round.Close"/>, <see cref="Round.Reopen"/>); a change is saved (which
    /// forgets the kiosk's cached row, ADR 16) and written to the audit log with the values before and after.
    /// </summary>
    internal static async Task<IResult> UpdateRoundAsync(string roundId, HttpContext http, AccessPolicy access, CatalogStore catalog, AuditLog audit, TimeProvider time)
    {
        var scope = await access.RequireRoundAsync(http, roundId, OrganisationRole.Admin);
        var fields = new RequestFields(await JsonBody.ReadObjectAsync(http.Request, MaxBody, http.RequestAborted));
        var closed = fields.Bool("closed");
        var closes = fields.Date("closes");
        var invited = fields.Int("invited", 0, 1_000_000);
        if (fields.Node("closed") is null && fields.Node("closes") is null && fields.Node("invited") is null)
            fields.Add("closed", "required", "Oppgi «closed», «closes» eller «invited».", "Give 'closed', 'closes' or 'invited'.");
        if (closed == true && closes is not null)
            fields.Add("closes", "conflict", "En runde som lukkes nå, får ingen ny sluttdato.", "A round closed now takes no new closing date.");
        fields.ThrowIfAny();

        var round = await catalog.GetRoundAsync(scope.SurveyId, roundId, http.RequestAborted) ?? throw ApiProblemException.NotFound("runden", "The round");
        var now = time.GetUtcNow();
        var (wasOpen, closesBefore, invitedBefore) = (round.IsOpenAt(now), round.Closes, round.Invited);
        if (closed == true && round.Opens > now)
            fields.Add("closed", "not-opened", $"Runden åpner {Day(round.Opens)} og kan ikke lukkes før den har åpnet.",
                $"The round opens on {Day(round.Opens)} and cannot be closed before it has opened.");
        fields.ThrowIfAny();
        if (closed == true) round.Close(now);
        else if (closed == false || closes is not null) round.Reopen(now, closes);
        if (invited is not null) round.RecordInvited(invited.Value);

        if (round.Closes != closesBefore || round.Invited != invitedBefore)
        {
            await catalog.SaveRoundAsync(scope.OrganisationId, round, http.RequestAborted);
            var isOpen = round.IsOpenAt(now);
            var action = wasOpen && !isOpen ? "round-closed" : !wasOpen && isOpen ? "round-reopened" : "round-changed";
            var details = new Dictionary<string, string> { ["surveyId"] = scope.SurveyId, ["label"] = round.Label };
            if (round.Closes != closesBefore) details["closes"] = $"{Stamp(closesBefore)} → {Stamp(round.Closes)}";
            if (round.Invited != invitedBefore) details["invited"] = $"{invitedBefore?.ToString(CultureInfo.InvariantCulture) ?? "–"} → {round.Invited?.ToString(CultureInfo.InvariantCulture) ?? "–"}";
            await audit.WriteAsync(scope.OrganisationId, Partners.PartnersApi.ActorOf(await access.CallerAsync(http), null), action, roundId, details, http.RequestAborted);
        }
        return Results.Ok(View(round, now));
    }

    private static object View(Round r, DateTimeOffset now) =>
        new { id = r.Id, label = r.Label, opens = r.Opens, closes = r.Closes, invited = r.Invited, open = r.IsOpenAt(now) };

    private static string Day(DateTimeOffset? at) => at is null ? "–" : NorwegianTime.Of(at.Value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset? at) => at is null ? "–" : NorwegianTime.Of(at.Value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);


    internal static async Task<IResult> CreateKioskLinkAsync(string roundId, HttpContext http, AccessPolicy access, CatalogStore catalog, KioskLinkStore links, Access.PublicOrigin origin, AuditLog audit)
    {
        var scope = await access.RequireRoundAsync(http, roundId);
        string? unit = null, name = null;
        // The body is optional; checking Content-Length instead missed a chunked body and ignored its unit.
        if (await JsonBody.ReadObjectOrNullAsync(http.Request, MaxBody, http.RequestAborted) is { } body)
        {
            var fields = new RequestFields(body);
            unit = fields.String("unit", required: false);
            name = fields.String("name", required: false, maxLength: KioskLinkStore.NameMaxLength);
            if (unit is not null && await catalog.GetOrganisationAsync(scope.OrganisationId, http.RequestAborted) is { } organisation
                && !organisation.Units.Contains(unit, StringComparer.OrdinalIgnoreCase))
                fields.Add("unit", "unknown-unit", $"Enheten «{unit}» finnes ikke i organisasjonen.", $"The unit '{unit}' does not exist in the organisation.");
            fields.ThrowIfAny();
        }
        unit = AccessPolicy.RequireUnit(scope.Membership, unit);
        var token = await links.CreateAsync(scope.OrganisationId, scope.SurveyId, roundId, http.RequestAborted, unit, name);
        await audit.WriteAsync(scope.OrganisationId, Partners.PartnersApi.ActorOf(await access.CallerAsync(http), null), "kiosk-link-created", roundId,
            KioskLinkDetails(scope.SurveyId, KioskLinkStore.Hash(token), name, unit), http.RequestAborted);
        var url = $"{origin.BaseUrl}/k/{token}";
        // No "id": the set-up page's form (forms.js) opens data-next with the response's id, else its token, and the page
        // after making a link must have the token to show its QR code (ADR 0019).
        return Results.Created(url, new { token, url, linkId = KioskLinkStore.Hash(token) });
    }

    internal static async Task<IResult> RevokeKioskLinkAsync(string roundId, string token, HttpContext http, AccessPolicy access, KioskLinkStore links, AuditLog audit)
    {
        var scope = await access.RequireRoundAsync(http, roundId);
        // A leader limited to some units neither sees nor revokes another unit's links: not found, as in the list.
        var link = await links.FindAsync(token, roundId, http.RequestAborted);
        if (link is null || !KioskSetupApi.Visible([link], scope.Membership).Any())
            throw ApiProblemException.NotFound("kiosklenken", "The kiosk link");
        if (link.Revoked) return Results.NoContent();
        if (!await links.RevokeAsync(link.Id, http.RequestAborted, roundId)) throw ApiProblemException.NotFound("kiosklenken", "The kiosk link");
        await audit.WriteAsync(scope.OrganisationId, Partners.PartnersApi.ActorOf(await access.CallerAsync(http), null), "kiosk-link-revoked", roundId,
            KioskLinkDetails(scope.SurveyId, link.Id, link.Name, link.Unit), http.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>What the audit log says of a kiosk link: its survey, the start of its id (as the set-up page can show it),
    /// its name and unit; never the token.</summary>
    private static Dictionary<string, string> KioskLinkDetails(string surveyId, string linkId, string? name, string? unit)
    {
        var details = new Dictionary<string, string> { ["surveyId"] = surveyId, ["link"] = linkId[..12] };
        if (name is not null) details["name"] = name;
        if (unit is not null) details["unit"] = unit;
        return details;
    }

    /// <summary>Where people reach the app, for work with no request (timers, e-mails): <c>Surveys:PublicBaseUrl</c>
    /// (set by infra and scripts/run.sh; required in Production), else the local default. Never a request's Host header
    /// (<see cref="Access.PublicOrigin"/>).</summary>
    public static string PublicBaseUrl(IConfiguration configuration) => Access.PublicOrigin.BaseUrlOf(configuration);

    /// <summary>The node's text when it is a JSON string; null for anything else (never throws).</summary>
    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool LooksLikeEmail(string email) =>
        email.Count(c => c == '@') == 1 && email.IndexOf('@') > 0 && email.IndexOf('@') < email.Length - 3 && !email.Any(char.IsWhiteSpace);

    private static List<WordingEdit> ReadWording(RequestFields fields)
    {
        var edits = new List<WordingEdit>();
        if (fields.Node("wording") is null) return edits;
        if (fields.Node("wording") is not JsonArray array)
        {
            fields.Add("wording", "wrong-type", "«wording» må være en liste.", "'wording' must be a list.");
            return edits;
        }
        foreach (var (entry, index) in array.Select((e, i) => (e, i)))
        {
            if (entry is JsonObject o && Text(o["itemId"]) is { } itemId && Text(o["language"]) is { } language && Text(o["text"]) is { Length: > 0 } text)
                edits.Add(new WordingEdit(itemId, language, text));
            else
                fields.Add($"wording[{index}]", "wrong-type", "Hver endring trenger «itemId», «language» og «text».", "Each edit needs 'itemId', 'language' and 'text'.");
        }
        return edits;
    }

    /// <summary><c>texts</c>: item id → language → the item's new text, the shape a form's fields give
    /// (<c>texts.ETHICS-07.nb</c>); each entry comes back with the field it was read from.</summary>
    private static List<(WordingEdit Edit, string Field)> ReadTexts(RequestFields fields)
    {
        var edits = new List<(WordingEdit, string)>();
        if (fields.Node("texts") is null) return edits;
        if (fields.Node("texts") is not JsonObject items || items.Count > 100)
        {
            fields.Add("texts", "wrong-type", "«texts» må være et objekt fra spørsmål til tekst per språk.", "'texts' must map item ids to a text per language.");
            return edits;
        }
        foreach (var (itemId, node) in items)
        {
            if (node is not JsonObject perLanguage || perLanguage.Count > 2)
            {
                fields.Add($"texts.{itemId}", "wrong-type", "Oppgi teksten per språk, for eksempel {\"nb\": \"…\"}.", "Give the text per language, for example {\"nb\": \"…\"}.");
                continue;
            }
            foreach (var (language, value) in perLanguage)
            {
                if (Text(value) is { } text)
                    edits.Add((new WordingEdit(itemId, language, text.Trim()), $"texts.{itemId}.{language}"));
                else
                    fields.Add($"texts.{itemId}.{language}", "wrong-type", "Teksten må være tekst.", "The text must be text.");
            }
        }
        return edits;
    }

    /// <summary>Checks <c>texts</c> against the survey before any edit (the same rules as the domain's, but named by
    /// field so a form can show them beside the item) and returns the edits that change something.</summary>
    private static List<WordingEdit> CheckTexts(RequestFields fields, List<(WordingEdit Edit, string Field)> texts, List<WordingEdit> wording, Survey plain)
    {
        var changed = new List<WordingEdit>();
        foreach (var (edit, field) in texts)
        {
            var item = plain.FindItem(edit.ItemId);
            if (item is null)
                fields.Add($"texts.{edit.ItemId}", "unknown-item", $"Spørsmålet «{edit.ItemId}» finnes ikke i undersøkelsen.", $"The item '{edit.ItemId}' is not part of the survey.");
            else if (!Language.TryParse(edit.Language, out var language))
                fields.Add(field, "unsupported-language", $"Språket «{edit.Language}» støttes ikke (nb, en).", $"The language '{edit.Language}' is not supported (nb, en).");
            else if (edit.Text.Length == 0)
                fields.Add(field, "required", "Spørsmålet må ha en tekst.", "The question needs a text.");
            else if (edit.Text.Length > Item.TextMaxLength)
                fields.Add(field, "too-long", $"Teksten kan ha høyst {Item.TextMaxLength} tegn.", $"The text can have at most {Item.TextMaxLength} characters.");
            else if (wording.Any(w => w.ItemId == edit.ItemId && w.Language == edit.Language))
                fields.Add(field, "conflict", "Denne teksten er også endret i «wording»; oppgi den ett sted.", "This text is also changed in 'wording'; give it in one place.");
            else if (!(item.Text.Has(language) && item.Text.Get(language) == edit.Text))
                changed.Add(edit);
        }
        return changed;
    }

    private static Dictionary<string, string> ReadLabelSets(RequestFields fields)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.Node("labelSets") is null) return result;
        if (fields.Node("labelSets") is JsonObject o && o.All(p => Text(p.Value) is not null))
        {
            foreach (var (itemId, value) in o) result[itemId] = Text(value)!;
        }
        else
        {
            fields.Add("labelSets", "wrong-type", "«labelSets» må være et objekt fra spørsmål til svarsett.", "'labelSets' must map item ids to label set ids.");
        }
        return result;
    }

    private static List<CustomItem>? ReadCustomItems(RequestFields fields)
    {
        if (fields.Node("items") is null) return null;
        if (fields.Node("items") is not JsonArray array || array.Count is 0 or > 60)
        {
            fields.Add("items", "wrong-type", "«items» må være en liste med 1 til 60 spørsmål.", "'items' must be a list of 1 to 60 items.");
            return null;
        }
        var items = new List<CustomItem>();
        foreach (var (entry, index) in array.Select((e, i) => (e, i)))
        {
            if (entry is JsonObject o && Text(o["id"]) is { } id && Text(o["scale"]) is { } scale && o["text"] is JsonObject text
                && text.All(p => Text(p.Value) is not null) && (o["labelSet"] is null || Text(o["labelSet"]) is not null))
            {
                items.Add(new CustomItem(id, scale, text.ToDictionary(p => p.Key, p => Text(p.Value)!),
                    o["required"] is JsonValue r && r.TryGetValue(out bool required) && required, Text(o["labelSet"])));
            }
            else
            {
                fields.Add($"items[{index}]", "wrong-type", "Hvert spørsmål trenger «id», «scale» og «text» ({\"nb\": …}).",
                    "Each item needs 'id', 'scale' and 'text' ({\"nb\": …}).");
            }
        }
        return items;
    }
}
