using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Functions.Responses;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Exports;

/// <summary>One seeded response: the unit (null = none), the answer to Q1 (SAT6), to Q2 (yes/no), and a free text.</summary>
public sealed record SeedAnswer(string? Unit, int? Q1, int? Q2 = null, string? Text = null, EntryMode Mode = EntryMode.Kiosk, bool Q1NonScale = false);

/// <summary>A survey with custom items (one whose text starts with «=») and units with Norwegian letters.</summary>
public sealed record ExportSurvey(string OrganisationId, string SurveyId, IReadOnlyList<string> RoundIds);

/// <summary>Seeds organisations, surveys and responses straight into storage (stored and folded, as the intake would).</summary>
public static class ExportSeed
{
    public const string Q1Text = "=Hvor fornøyd er du med kantina på Økern?";

    public static async Task<ExportSurvey> SurveyAsync(SurveysApp app, int rounds, IReadOnlyList<string>? units = null)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = app.Get<CatalogStore>();
        var organisationId = "org-" + id;
        var surveyId = "survey-" + id;
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Eksport Arbeid AS", units ?? ["AFT", "VTA", "Kjøkken"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, "Trivsel på jobben", null, [], [],
        [
            new CustomItem("Q1", "SCALE-SAT6", new() { ["nb"] = Q1Text, ["en"] = "How satisfied are you with the canteen?" }),
            new CustomItem("Q2", "SCALE-YESNO", new() { ["nb"] = "Får du hjelpen du trenger?", ["en"] = "Do you get the help you need?" }),
            new CustomItem("TXT", "TEXT", new() { ["nb"] = "Noe annet du vil si?", ["en"] = "Anything else?" }),
        ]), default);
        var roundIds = new List<string>();
        for (var i = 0; i < rounds; i++)
        {
            var roundId = $"round-{id}-{i + 1}";
            await catalog.SaveRoundAsync(organisationId, Round.Create(roundId, surveyId, i == 0 ? "Vår 2026" : $"Høst 2026 {i}",
                DateTimeOffset.UtcNow.AddDays(-90 + 30 * i), DateTimeOffset.UtcNow.AddDays(30), 40), default);
            roundIds.Add(roundId);
        }
        return new ExportSurvey(organisationId, surveyId, roundIds);
    }

    /// <summary>Closes every round of the survey a minute ago (answers, and anything a partner takes, come from closed rounds only).</summary>
    public static async Task CloseAllAsync(SurveysApp app, ExportSurvey s)
    {
        var catalog = app.Get<CatalogStore>();
        foreach (var roundId in s.RoundIds)
        {
            var round = (await catalog.GetRoundAsync(s.SurveyId, roundId, default))!;
            round.Close(DateTimeOffset.UtcNow.AddMinutes(-1));
            await catalog.SaveRoundAsync(s.OrganisationId, round, default);
        }
    }

    /// <summary>
    /// Stores the responses (batched) and folds every one into the round's counts. <paramref name="shownWith"/>: the
    /// survey as the respondents saw it (say, loaded before a wording edit, as a kiosk that had the form open); by
    /// default the survey as it is now.
    /// </summary>
    public static async Task AnswerAsync(SurveysApp app, ExportSurvey s, string roundId, IEnumerable<SeedAnswer> answers, bool fold = true, Survey? shownWith = null)
    {
        var survey = shownWith ?? (await app.Get<CatalogStore>().LoadSurveyAsync(s.OrganisationId, s.SurveyId, default))!;
        var responses = answers.Select(a => (Response: Build(survey, roundId, a), a.Unit)).ToList();
        await app.Get<ResponseStore>().StoreAllAsync(responses.Select(r => StoredResponse.From(s.OrganisationId, r.Response, r.Unit)).ToList(), default);
        if (!fold) return;
        var aggregates = app.Get<AggregateStore>();
        foreach (var (response, _) in responses) await aggregates.FoldAsync(survey, response, default);
    }

    /// <summary>
    /// Edits an item's wording the way the catalog keeps it: one more <see cref="WordingEdit"/> on the stored survey,
    /// replayed through <see cref="Survey.EditWording"/> whenever the survey is loaded (a new text revision, same item id).
    /// </summary>
    public static async Task EditWordingAsync(SurveysApp app, ExportSurvey s, string itemId, string language, string text)
    {
        var catalog = app.Get<CatalogStore>();
        var stored = (await catalog.GetSurveyAsync(s.OrganisationId, s.SurveyId, default))!;
        await catalog.SaveSurveyAsync(stored with { WordingEdits = [.. stored.WordingEdits, new WordingEdit(itemId, language, text)] }, default);
    }

    public static Response Build(Survey survey, string roundId, SeedAnswer a)
    {
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        if (a.Q1NonScale) answers["Q1"] = Answer.NonScale(9);
        else if (a.Q1 is { } q1) answers["Q1"] = Answer.Position(q1);
        if (a.Q2 is { } q2) answers["Q2"] = Answer.Position(q2);
        if (a.Text is { } text) answers["TXT"] = Answer.Text(text);
        var versions = answers.Keys.ToDictionary(k => k, k => ItemVersion.Of(survey.FindItem(k)!), StringComparer.Ordinal);
        return Response.Restore(Guid.NewGuid(), survey.Id, roundId, Language.Norwegian, a.Mode,
            Period.IsoWeek(DateTimeOffset.UtcNow), answers, versions);
    }

    /// <summary><paramref name="count"/> answers in <paramref name="unit"/>, Q1 cycling through the positions from <paramref name="start"/>.</summary>
    public static IEnumerable<SeedAnswer> Many(string? unit, int count, int start = 1) =>
        Enumerable.Range(0, count).Select(i => new SeedAnswer(unit, (start - 1 + i) % 6 + 1, i % 2 + 1));
}

/// <summary>A small RFC 4180 reader for checking the CSV files.</summary>
public static class Csv
{
    public static List<List<string>> Parse(string text, char separator)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++; }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }

    /// <summary>The rows as dictionaries by header.</summary>
    public static List<Dictionary<string, string>> Records(string text, char separator)
    {
        var rows = Parse(text, separator);
        return rows.Skip(1).Select(r => rows[0].Select((h, i) => (h, v: i < r.Count ? r[i] : "")).ToDictionary(x => x.h, x => x.v)).ToList();
    }
}
