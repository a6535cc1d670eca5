using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Pages;
using Surveys.Functions.Review;
using Surveys.Model;
using Surveys.Pages.Setup.SurveySetup;
using Surveys.Pages.Shared;
using static Surveys.Functions.Pages.HtmlPage;

namespace Surveys.Functions.Catalog;

/// <summary>
/// The set-up pages for an organisation's administrators, so no one needs the API to start a survey:
/// <c>/leder/undersokelser/ny?org=</c> (choose a built-in instrument, preview it, name it, choose the unit, adjust the
/// wording) and <c>/leder/undersokelser/{surveyId}</c> (its rounds: add, close, reopen; the before/after pair; links to
/// the results and paper entry). Their forms post to the API (<see cref="CatalogApi"/>), so the rules, the answers to
/// bad input and the audit are the API's. A member who is not an administrator gets a page that says so.
/// </summary>
public static class SurveySetupPages
{
    [Function("NewSurveyPage")]
    public static Task NewSurveyPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/undersokelser/ny")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, NewSurveyAsync);

    [Function("SurveySetupPage")]
    public static Task SurveySetupPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/undersokelser/{surveyId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, SurveyAsync);

    internal static async Task<IResult> NewSurveyAsync(HttpContext http, AccessPolicy access, CatalogStore catalog, PageRenderer pages)
    {
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin || caller.IsPartnerToken)
            return await pages.SignInRequiredAsync(http, ForAdmins);

        var organisationId = http.Request.Query["org"].ToString();
        var administered = caller.Organisations.Where(o => o.Value.Role == OrganisationRole.Admin).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        if (organisationId.Length == 0)
        {
            if (administered.Count != 1)
                return await ChooseOrganisationAsync(http, catalog, pages, administered);
            organisationId = administered[0];
        }

        var membership = caller.MembershipOf(organisationId);
        var organisation = membership is null ? null : await catalog.GetOrganisationAsync(organisationId, http.RequestAborted);
        if (membership is null || organisation is null)
            return await NotFoundAsync(http, pages, new("Fant ikke organisasjonen", "Organisation not found"));
        if (membership.Role != OrganisationRole.Admin)
            return await NotAdminAsync(http, pages);

        var instrumentId = http.Request.Query["instrument"].ToString();
        var chosen = instrumentId.Length == 0 ? null : Instruments.Find(instrumentId.Trim().ToUpperInvariant());
        var units = membership.Units is { Count: > 0 } own
            ? organisation.Units.Where(u => own.Contains(u, StringComparer.OrdinalIgnoreCase)).ToList()
            : organisation.Units.ToList();
        var model = new NewSurveyModel(organisation.Id, organisation.Name, units, membership.Units is { Count: > 0 }, Instruments.All, chosen,
            instrumentId.Length > 0 && chosen is null ? instrumentId : null);
        return await pages.PageAsync<NewSurveyPage, NewSurveyModel>(http, model);
    }

    internal static async Task<IResult> SurveyAsync(string surveyId, HttpContext http, AccessPolicy access, CatalogStore catalog, PageRenderer pages, TimeProvider time)
    {
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin || caller.IsPartnerToken)
            return await pages.SignInRequiredAsync(http, ForAdmins);

        var ct = http.RequestAborted;
        var entry = await catalog.FindAsync(surveyId, DirectoryKind.Survey, ct);
        var membership = entry is null ? null : caller.MembershipOf(entry.OrganisationId);
        var stored = membership is null ? null : await catalog.GetSurveyAsync(entry!.OrganisationId, surveyId, ct);
        if (stored is null)
            return await NotFoundAsync(http, pages, new("Fant ikke undersøkelsen", "Survey not found"));
        if (membership!.Role != OrganisationRole.Admin)
            return await NotAdminAsync(http, pages);

        var organisation = await catalog.GetOrganisationAsync(stored.OrganisationId, ct);
        var survey = stored.ToSurvey(organisation?.Name ?? stored.OrganisationId);
        var now = time.GetUtcNow();
        var rounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(surveyId, ct)).Select(r => new SurveySetupModel.RoundRow(
            r.Id, r.Label, Local(r.Opens), Local(r.Closes), r.Invited, r.Continuous,
            r.IsOpenAt(now) ? SurveySetupModel.RoundState.Open : r.HasClosedBy(now) ? SurveySetupModel.RoundState.Closed : SurveySetupModel.RoundState.NotYetOpen)).ToList();
        var instrument = stored.InstrumentId is null ? null : Instruments.Find(stored.InstrumentId);
        var questions = survey.Items.Select(i => new SurveySetupModel.Question(i.Id, survey.RenderText(i, Language.Norwegian),
            i.Text.Has(Language.English) ? survey.RenderText(i, Language.English) : null, i.TextRevision > 1)).ToList();
        var model = new SurveySetupModel(survey.Id, survey.Title, organisation?.Name ?? "", instrument is null ? null : (instrument.Name.Norwegian, instrument.Name.Get(Language.English)),
            stored.Unit, questions, rounds, Continuous: instrument == Instruments.Exit)
        {
            EditRound = rounds.Find(r => r.Id == http.Request.Query["runde"].ToString()),
        };
        return await pages.PageAsync<SurveySetupPage, SurveySetupModel>(http, model);
    }

    private static readonly LocalText ForAdmins = new("Oppsett av undersøkelser er for organisasjonens administratorer.", "Setting up surveys is for the organisation's administrators.");

    private static Task<IResult> NotAdminAsync(HttpContext http, PageRenderer pages) => pages.MessageAsync(http,
        new Message(new("Bare for administratorer", "Administrators only"),
            [new("Bare organisasjonens administratorer kan lage undersøkelser og runder. Spør en administrator hos dere.",
                "Only the organisation's administrators can create surveys and rounds. Ask an administrator in your organisation.")],
            [Home(http)]), StatusCodes.Status403Forbidden);

    private static Task<IResult> NotFoundAsync(HttpContext http, PageRenderer pages, LocalText title) => pages.MessageAsync(http,
        new Message(title, [new("Den finnes ikke, eller du har ikke tilgang til den.", "It does not exist, or you do not have access to it.")], [Home(http)]),
        StatusCodes.Status404NotFound);

    /// <summary>A member who administers several organisations (or none) says which the new survey is for.</summary>
    private static async Task<IResult> ChooseOrganisationAsync(HttpContext http, CatalogStore catalog, PageRenderer pages, IReadOnlyList<string> administered)
    {
        if (administered.Count == 0) return await NotAdminAsync(http, pages);
        var links = new List<MessageLink>();
        foreach (var id in administered)
        {
            if (await catalog.GetOrganisationAsync(id, http.RequestAborted) is { } organisation)
                links.Add(new(WithLang(http, $"/leder/undersokelser/ny?org={Uri.EscapeDataString(id)}"), new(organisation.Name, organisation.Name)));
        }
        return await pages.MessageAsync(http, new Message(new("Ny undersøkelse", "New survey"),
            [new("Hvilken organisasjon er undersøkelsen for?", "Which organisation is the survey for?")], links) { Back = Home(http) }, StatusCodes.Status200OK);
    }

    private static MessageLink Home(HttpContext http) => new(WithLang(http, "/leder"), new("Til dine undersøkelser", "To your surveys"));

    private static string WithLang(HttpContext http, string path) => English(http.Request) ? path + (path.Contains('?') ? "&lang=en" : "?lang=en") : path;


    private static DateTimeOffset? Local(DateTimeOffset? at) => at is null ? null : NorwegianTime.Of(at.Value);
}
