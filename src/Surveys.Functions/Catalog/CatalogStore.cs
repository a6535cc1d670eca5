using System.Text.Json;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Catalog;

/// <summary>An organisation (a work-inclusion company) and its units.</summary>
public sealed record Organisation(string Id, string Name, IReadOnlyList<string> Units);

/// <summary>
/// Organisations, surveys and rounds in table storage, partitioned for the reads the app makes:
/// an organisation by id; a survey within its organisation; all rounds of a survey in one partition.
/// A survey is stored as its instrument plus the organisation's edits (wording and label sets) and
/// rebuilt from the built-in instrument on read, so item identity can never drift.
/// </summary>
public sealed class CatalogStore(AppStorage storage)
{
    public const string OrganisationsTable = "Organisations";
    public const string SurveysTable = "Surveys";
    public const string RoundsTable = "Rounds";
    private const string OrganisationRow = "organisation";

    public async Task SaveOrganisationAsync(Organisation organisation, CancellationToken ct)
    {
        var table = await storage.TableAsync(OrganisationsTable, ct);
        await table.UpsertEntityAsync(new TableEntity(organisation.Id, OrganisationRow)
        {
            ["Name"] = organisation.Name,
            ["Units"] = JsonSerializer.Serialize(organisation.Units),
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<Organisation?> GetOrganisationAsync(string id, CancellationToken ct)
    {
        var table = await storage.TableAsync(OrganisationsTable, ct);
        var e = await table.GetEntityIfExistsAsync(id, OrganisationRow, ct: ct);
        return e is null ? null : new Organisation(id, e.GetString("Name") ?? id,
            JsonSerializer.Deserialize<string[]>(e.GetString("Units") ?? "[]") ?? []);
    }

    public async Task SaveSurveyAsync(StoredSurvey survey, CancellationToken ct)
    {
        var table = await storage.TableAsync(SurveysTable, ct);
        await table.UpsertEntityAsync(new TableEntity(survey.OrganisationId, survey.Id)
        {
            ["Title"] = survey.Title,
            ["InstrumentId"] = survey.InstrumentId,
            ["Edits"] = JsonSerializer.Serialize(survey.WordingEdits),
            ["LabelSets"] = JsonSerializer.Serialize(survey.LabelSets),
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<StoredSurvey?> GetSurveyAsync(string organisationId, string surveyId, CancellationToken ct)
    {
        var table = await storage.TableAsync(SurveysTable, ct);
        var e = await table.GetEntityIfExistsAsync(organisationId, surveyId, ct: ct);
        return e is null ? null : new StoredSurvey(surveyId, organisationId, e.GetString("Title") ?? "", e.GetString("InstrumentId") ?? "",
            JsonSerializer.Deserialize<List<WordingEdit>>(e.GetString("Edits") ?? "[]") ?? [],
            JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("LabelSets") ?? "{}") ?? []);
    }

    public async Task SaveRoundAsync(Round round, CancellationToken ct)
    {
        var table = await storage.TableAsync(RoundsTable, ct);
        await table.UpsertEntityAsync(new TableEntity(round.SurveyId, round.Id)
        {
            ["Label"] = round.Label,
            ["Opens"] = round.Opens,
            ["Closes"] = round.Closes,
            ["Invited"] = round.Invited,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<Round?> GetRoundAsync(string surveyId, string roundId, CancellationToken ct)
    {
        var table = await storage.TableAsync(RoundsTable, ct);
        var e = await table.GetEntityIfExistsAsync(surveyId, roundId, ct: ct);
        return e is null ? null : Round.Create(roundId, surveyId, e.GetString("Label") ?? roundId,
            e.GetDateTimeOffset("Opens"), e.GetDateTimeOffset("Closes"), e.GetInt32("Invited"));
    }

    /// <summary>Every round of every survey (a scan of the rounds table; rounds are few).</summary>
    public async IAsyncEnumerable<Round> ListAllRoundsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await storage.TableAsync(RoundsTable, ct);
        await foreach (var e in table.QueryAsync(ct: ct))
            yield return Round.Create(e.RowKey, e.PartitionKey, e.GetString("Label") ?? e.RowKey,
                e.GetDateTimeOffset("Opens"), e.GetDateTimeOffset("Closes"), e.GetInt32("Invited"));
    }

    /// <summary>The survey as the domain sees it: the built-in instrument with this organisation's edits applied.</summary>
    public async Task<Survey?> LoadSurveyAsync(string organisationId, string surveyId, CancellationToken ct)
    {
        var stored = await GetSurveyAsync(organisationId, surveyId, ct);
        if (stored is null) return null;
        var organisation = await GetOrganisationAsync(organisationId, ct);
        return stored.ToSurvey(organisation?.Name ?? organisationId);
    }
}

/// <summary>One wording edit: a new text revision of an item in one language, identity kept.</summary>
public sealed record WordingEdit(string ItemId, string Language, string Text);

/// <summary>A survey as stored: which instrument, and what the organisation changed.</summary>
public sealed record StoredSurvey(
    string Id, string OrganisationId, string Title, string InstrumentId,
    List<WordingEdit> WordingEdits, Dictionary<string, string> LabelSets)
{
    public Survey ToSurvey(string organisationName)
    {
        var instrument = Instruments.Find(InstrumentId)
            ?? throw new InvalidOperationException($"Survey {Id} uses unknown instrument '{InstrumentId}'.");
        var survey = Survey.FromInstrument(Id, OrganisationId, instrument, Title, organisationName);
        foreach (var edit in WordingEdits)
        {
            if (Language.TryParse(edit.Language, out var language))
                survey.EditWording(edit.ItemId, language, edit.Text);
        }
        foreach (var (itemId, labelSetId) in LabelSets)
            survey.UseLabelSet(itemId, labelSetId);
        return survey;
    }
}
