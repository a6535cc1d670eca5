using Surveys.Functions.Catalog;
using Surveys.Functions.Kiosk;
using Surveys.Model;

namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>An organisation with one survey, one open round and a kiosk link, made through the app's own stores.</summary>
public sealed record SeededRound(string OrganisationId, string SurveyId, string RoundId, string Token);

public static class Seed
{
    /// <param name="labelSets">Per-item label sets, as an organisation picks them for a round (instruments.md §4.2).</param>
    public static async Task<SeededRound> RoundAsync(KioskApp app, Instrument? instrument = null, Dictionary<string, string>? labelSets = null)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = app.Get<CatalogStore>();
        var organisationId = "org-" + id;
        var surveyId = "survey-" + id;
        var roundId = "round-" + id;
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Test Arbeid AS", ["AFT", "VTA"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, "Trivsel", (instrument ?? Instruments.Wellbeing).Id, [], labelSets ?? []), default);
        await catalog.SaveRoundAsync(organisationId, Round.Create(roundId, surveyId, "2026-før", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), 20), default);
        var token = await app.Get<KioskLinkStore>().CreateAsync(organisationId, surveyId, roundId, default);
        return new SeededRound(organisationId, surveyId, roundId, token);
    }
}
