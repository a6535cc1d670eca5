using System.Globalization;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Pages;
using Surveys.Functions.Responses;
using Surveys.Model;
using Surveys.Pages.Paper;
using Surveys.Pages.Shared;

namespace Surveys.Functions.Paper;

/// <summary>
/// The paper-entry screen (users.md P-17), <c>/rounds/{roundId}/paper</c>: loads the round, its survey and the units
/// the leader may enter forms for, and renders the page's template (src/Surveys.Pages/Paper), bokmål unless
/// <c>?lang=en</c>. The page posts each sheet to <c>POST /api/rounds/{roundId}/responses</c> and a CSV file to
/// <c>…/responses/import</c>.
/// </summary>
public static class PaperPage
{
    public static async Task<IResult> RenderAsync(string roundId, HttpContext http, AccessPolicy access, CatalogStore catalog, ResponseIntake intake, PageRenderer pages)
    {
        RoundScope scope;
        try
        {
            scope = await access.RequireRoundAsync(http, roundId);
        }
        catch (ApiProblemException e) when (e.Status == StatusCodes.Status401Unauthorized)
        {
            return await pages.SignInRequiredAsync(http,
                new("Registrering av papirskjema er for ledere og administratorer i virksomheten.", "Entering paper forms is for leaders and administrators of the organisation."));
        }
        catch (ApiProblemException e) when (e.Status is StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden)
        {
            return await pages.MessageAsync(http, new Message(new("Fant ikke runden", "Round not found"),
                [new("Runden finnes ikke, eller du har ikke tilgang til den. Sjekk lenken, eller spør en administrator i virksomheten.",
                    "The round does not exist, or you do not have access to it. Check the link, or ask an administrator in your organisation.")], []), e.Status);
        }

        var ct = http.RequestAborted;
        var organisation = await catalog.GetOrganisationAsync(scope.OrganisationId, ct)
            ?? throw ApiProblemException.NotFound("organisasjonen", "The organisation");
        var (survey, round) = await intake.LoadAsync(scope.OrganisationId, scope.SurveyId, roundId, ct);
        var language = HtmlPage.English(http.Request) ? Language.English : Language.Norwegian;
        var limited = scope.Membership?.Units is { Count: > 0 } mine ? mine : null;
        var model = new PaperEntryModel(
            organisation.Name, survey.Title, round.Id, round.Label, intake.IsOpen(round), http.Request.Path,
            Units: limited is null ? organisation.Units.ToList() : organisation.Units.Where(u => limited.Contains(u, StringComparer.OrdinalIgnoreCase)).ToList(),
            UnitRequired: limited is not null,
            Items: survey.Items.Select(item => Item(survey, item, language)).ToList(),
            Example: new(survey.Items.Take(4).Select(i => (i.Id, i.Scale.Kind == ScaleKind.FreeText)).ToList(), organisation.Units.FirstOrDefault()),
            Limits: new(PaperLimits.MaxImportBytes / (1024 * 1024), PaperLimits.MaxImportRows));
        return await pages.PageAsync<PaperEntryPage, PaperEntryModel>(http, model);
    }

    /// <summary>An item as the sheet shows it: code, texts in the page's language, and what may be typed (positions, then the non-scale code).</summary>
    private static PaperEntryModel.Item Item(Survey survey, Item item, Language language)
    {
        var scale = item.Scale;
        var code = item.ShortCode is { } shortCode ? $"{shortCode} · {item.Id}" : item.Id;
        var lead = item.Lead is { } l ? survey.Render(l, language) : null;
        var text = survey.RenderText(item, language);
        if (scale.Kind == ScaleKind.FreeText) return new(item.Id, code, lead, text, item.Required, FreeText: true, [], []);

        var allowed = Enumerable.Range(1, scale.Points).Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList();
        var options = Enumerable.Range(1, scale.Points)
            .Select(p => new PaperEntryModel.Option(p.ToString(CultureInfo.InvariantCulture), item.LabelSet is { } set ? set.Label(p).Get(language) : "")).ToList();
        if (scale.NonScaleCode is { } nonScale)
        {
            allowed.Add(nonScale.ToString(CultureInfo.InvariantCulture));
            if (scale.NonScaleLabel is { } label) options.Add(new(nonScale.ToString(CultureInfo.InvariantCulture), label.Get(language)));
        }
        return new(item.Id, code, lead, text, item.Required, FreeText: false, allowed, options);
    }
}
