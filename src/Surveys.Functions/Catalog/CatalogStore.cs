using System.Text.Json;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Catalog;

/// <summary>An organisation (a work-inclusion company) and its units.</summary>
public sealed record Organisation(string Id, string Name, IReadOnlyList<string> Units);

/// <summary>What a directory entry points at.</summary>
public enum DirectoryKind { Survey, Round }

/// <summary>Where a survey or round lives, found by its id alone.</summary>
public sealed record DirectoryEntry(string Id, DirectoryKind Kind, string OrganisationId, string? SurveyId);

/// <summary>
/// Organisations, surveys and rounds in table storage, partitioned for the reads the app makes:
/// an organisation by id; the surveys of an organisation in one partition; the rounds of a survey in
/// one partition; and a directory that finds a survey or round by its id alone (the API's paths
/// carry only that id). A directory row is written before the entity, so a half-finished create
/// leaves at most an entry that points at nothing.
/// A survey is stored as its instrument plus the organisation's edits (wording and label sets), or
/// as its custom items, and rebuilt on read, so item identity cannot drift.
/// The <c>…CachedAsync</c> reads are for the kiosk and intake, which read the same rows on every request: they come
/// from this instance's <see cref="CatalogCache"/> for a stated time; every save here forgets the row at once.
/// </summary>
public sealed class CatalogStore(AppStorage storage, CatalogCache cache)
{
    public const string OrganisationsTable = "Organisations";
    public const string SurveysTable = "Surveys";
    public const string RoundsTable = "Rounds";
    public const string DirectoryTable = "Directory";
    private const string OrganisationRow = "organisation";

    /// <summary>A new id: 16 random lowercase letters and digits (no time in it).</summary>
    public static string NewId(string prefix) => prefix + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    public async Task SaveOrganisationAsync(Organisation organisation, CancellationToken ct)
    {
        var table = await storage.TableAsync(OrganisationsTable, ct);
        await table.UpsertEntityAsync(new TableEntity(organisation.Id, OrganisationRow)
        {
            ["Name"] = organisation.Name,
            ["Units"] = JsonSerializer.Serialize(organisation.Units),
        }.Checked(), TableUpdateMode.Replace, ct);
        cache.Forget(OrganisationKey(organisation.Id));
    }

    public async Task<Organisation?> GetOrganisationAsync(string id, CancellationToken ct)
    {
        var table = await storage.TableAsync(OrganisationsTable, ct);
        var e = await table.GetEntityOrNullAsync(id, OrganisationRow, ct: ct);
        return e is null ? null : new Organisation(id, e.GetString("Name") ?? id,
            JsonSerializer.Deserialize<string[]>(e.GetString("Units") ?? "[]") ?? []);
    }

    public async Task SaveSurveyAsync(StoredSurvey survey, CancellationToken ct)
    {
        await SaveDirectoryAsync(new DirectoryEntry(survey.Id, DirectoryKind.Survey, survey.OrganisationId, null), ct);
        var table = await storage.TableAsync(SurveysTable, ct);
        await table.UpsertEntityAsync(new TableEntity(survey.OrganisationId, survey.Id)
        {
            ["Title"] = survey.Title,
            ["InstrumentId"] = survey.InstrumentId,
            ["Edits"] = JsonSerializer.Serialize(survey.WordingEdits),
            ["LabelSets"] = JsonSerializer.Serialize(survey.LabelSets),
            ["CustomItems"] = survey.CustomItems is null ? null : JsonSerializer.Serialize(survey.CustomItems),
            ["Unit"] = survey.Unit,
            ["OptionalItems"] = survey.OptionalItems is { Count: > 0 } optional ? JsonSerializer.Serialize(optional) : null,
        }.Checked(), TableUpdateMode.Replace, ct);
        cache.Forget(SurveyKey(survey.OrganisationId, survey.Id));
    }

    public async Task<StoredSurvey?> GetSurveyAsync(string organisationId, string surveyId, CancellationToken ct)
    {
        var table = await storage.TableAsync(SurveysTable, ct);
        var e = await table.GetEntityOrNullAsync(organisationId, surveyId, ct: ct);
        return e is null ? null : ReadSurvey(e);
    }

    public async Task<IReadOnlyList<StoredSurvey>> ListSurveysAsync(string organisationId, CancellationToken ct)
    {
        var table = await storage.TableAsync(SurveysTable, ct);
        var list = new List<StoredSurvey>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {organisationId}"), cancellationToken: ct))
            list.Add(ReadSurvey(e));
        return list;
    }

    private static StoredSurvey ReadSurvey(TableEntity e) => new(e.RowKey, e.PartitionKey, e.GetString("Title") ?? "", e.GetString("InstrumentId"),
        JsonSerializer.Deserialize<List<WordingEdit>>(e.GetString("Edits") ?? "[]") ?? [],
        JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("LabelSets") ?? "{}") ?? [],
        e.GetString("CustomItems") is { } custom ? JsonSerializer.Deserialize<List<CustomItem>>(custom) : null, e.GetString("Unit"),
        e.GetString("OptionalItems") is { } optional ? JsonSerializer.Deserialize<List<string>>(optional) : null);

    public async Task SaveRoundAsync(string organisationId, Round round, CancellationToken ct)
    {
        await SaveDirectoryAsync(new DirectoryEntry(round.Id, DirectoryKind.Round, organisationId, round.SurveyId), ct);
        var table = await storage.TableAsync(RoundsTable, ct);
        await table.UpsertEntityAsync(new TableEntity(round.SurveyId, round.Id)
        {
            ["Label"] = round.Label,
            ["Opens"] = round.Opens,
            ["Closes"] = round.Closes,
            ["Invited"] = round.Invited,
            ["Continuous"] = round.PeriodKind == PeriodKind.Month,
        }.Checked(), TableUpdateMode.Replace, ct);
        cache.Forget(RoundKey(round.SurveyId, round.Id));
    }

    public async Task<Round?> GetRoundAsync(string surveyId, string roundId, CancellationToken ct)
    {
        var table = await storage.TableAsync(RoundsTable, ct);
        var e = await table.GetEntityOrNullAsync(surveyId, roundId, ct: ct);
        return e is null ? null : ReadRound(e);
    }

    public async Task<IReadOnlyList<Round>> ListRoundsAsync(string surveyId, CancellationToken ct)
    {
        var table = await storage.TableAsync(RoundsTable, ct);
        var list = new List<Round>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {surveyId}"), cancellationToken: ct))
            list.Add(ReadRound(e));
        return list;
    }

    /// <summary>Every round of every survey (a scan of the rounds table; rounds are few).</summary>
    public async IAsyncEnumerable<Round> ListAllRoundsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await storage.TableAsync(RoundsTable, ct);
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: ct))
            yield return ReadRound(e);
    }

    private static Round ReadRound(TableEntity e) => Round.Create(e.RowKey, e.PartitionKey, e.GetString("Label") ?? e.RowKey,
        e.GetDateTimeOffset("Opens"), e.GetDateTimeOffset("Closes"), e.GetInt32("Invited"), e.GetBoolean("Continuous") ?? false);

    public async Task<DirectoryEntry?> FindAsync(string id, DirectoryKind kind, CancellationToken ct)
    {
        if (!IsValidKey(id)) return null;
        var table = await storage.TableAsync(DirectoryTable, ct);
        var e = await table.GetEntityOrNullAsync(id, kind.ToString(), ct: ct);
        return e is null ? null : new DirectoryEntry(id, kind, e.GetString("OrganisationId")!, e.GetString("SurveyId"));
    }

    private async Task SaveDirectoryAsync(DirectoryEntry entry, CancellationToken ct)
    {
        var table = await storage.TableAsync(DirectoryTable, ct);
        await table.UpsertEntityAsync(new TableEntity(entry.Id, entry.Kind.ToString())
        {
            ["OrganisationId"] = entry.OrganisationId,
            ["SurveyId"] = entry.SurveyId,
        }.Checked(), TableUpdateMode.Replace, ct);
    }

    /// <summary>Ids from a URL are checked before they become table keys.</summary>
    public static bool IsValidKey(string id) =>
        id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The survey as the domain sees it: the built-in instrument with this organisation's edits applied, or its custom items.</summary>
    public async Task<Survey?> LoadSurveyAsync(string organisationId, string surveyId, CancellationToken ct)
    {
        var stored = await GetSurveyAsync(organisationId, surveyId, ct);
        if (stored is null) return null;
        var organisation = await GetOrganisationAsync(organisationId, ct);
        return stored.ToSurvey(organisation?.Name ?? organisationId);
    }

    /// <summary>As <see cref="GetOrganisationAsync"/>, kept for <see cref="CatalogCache.DefinitionLifetime"/>.</summary>
    public Task<Organisation?> GetOrganisationCachedAsync(string id, CancellationToken ct) =>
        cache.GetOrReadAsync(OrganisationKey(id), cache.DefinitionLifetime, c => GetOrganisationAsync(id, c), ct);

    /// <summary>As <see cref="LoadSurveyAsync"/>, from the stored survey and organisation kept for
    /// <see cref="CatalogCache.DefinitionLifetime"/>; a new <see cref="Survey"/> each call, so no caller shares one.</summary>
    public async Task<Survey?> LoadSurveyCachedAsync(string organisationId, string surveyId, CancellationToken ct)
    {
        var stored = await cache.GetOrReadAsync(SurveyKey(organisationId, surveyId), cache.DefinitionLifetime, c => GetSurveyAsync(organisationId, surveyId, c), ct);
        if (stored is null) return null;
        var organisation = await GetOrganisationCachedAsync(organisationId, ct);
        return stored.ToSurvey(organisation?.Name ?? organisationId);
    }

    /// <summary>As <see cref="GetRoundAsync"/>, kept for <see cref="CatalogCache.StateLifetime"/>: a round closed or
    /// reopened elsewhere is seen within it. Opens and Closes are still checked against the clock on every use, so a
    /// round that closes by its date closes on time. A copy each call (a round can be changed: <see cref="Round.Close"/>).</summary>
    public async Task<Round?> GetRoundCachedAsync(string surveyId, string roundId, CancellationToken ct) =>
        await cache.GetOrReadAsync(RoundKey(surveyId, roundId), cache.StateLifetime, c => GetRoundAsync(surveyId, roundId, c), ct) is { } r
            ? Round.Create(r.Id, r.SurveyId, r.Label, r.Opens, r.Closes, r.Invited, r.Continuous)
            : null;

    private static (string, string) OrganisationKey(string id) => ("organisation", id);

    private static (string, string, string) SurveyKey(string organisationId, string surveyId) => ("survey", organisationId, surveyId);

    private static (string, string, string) RoundKey(string surveyId, string roundId) => ("round", surveyId, roundId);
}

/// <summary>One wording edit: a new text revision of an item in one language, identity kept.</summary>
public sealed record WordingEdit(string ItemId, string Language, string Text);

/// <summary>A custom item as stored: id, scale, texts per language, whether required, label set.</summary>
public sealed record CustomItem(string Id, string ScaleId, Dictionary<string, string> Text, bool Required = false, string? LabelSetId = null)
{
    public Item ToItem()
    {
        var scale = Scales.Find(ScaleId) ?? throw new SurveyValidationException(new ValidationError("items", "unknown-scale",
            new LocalizedText($"Skalaen «{ScaleId}» finnes ikke.", $"The scale '{ScaleId}' does not exist.")));
        var nb = Text.GetValueOrDefault("nb") ?? throw new SurveyValidationException(new ValidationError($"items.{Id}.text.nb", "required",
            new LocalizedText("Hvert spørsmål trenger en tekst på bokmål.", "Every item needs a text in bokmål.")));
        return new Item(Id, scale, new LocalizedText(nb, Text.GetValueOrDefault("en")), Required, labelSetId: LabelSetId);
    }
}

/// <summary>A survey as stored: which instrument (or which custom items), what the organisation changed, the
/// unit it is run in (one of the organisation's units; null: the whole organisation), and which of the instrument's
/// optional add-ons it includes (EMPLOYEE-19, EMPLOYEE-20; null or empty: none).</summary>
public sealed record StoredSurvey(
    string Id, string OrganisationId, string Title, string? InstrumentId,
    List<WordingEdit> WordingEdits, Dictionary<string, string> LabelSets, List<CustomItem>? CustomItems = null, string? Unit = null,
    List<string>? OptionalItems = null)
{
    public Survey ToSurvey(string organisationName)
    {
        Survey survey;
        if (CustomItems is not null)
        {
            survey = Survey.FromCustomItems(Id, OrganisationId, Title, organisationName, CustomItems.Select(i => i.ToItem()));
        }
        else
        {
            var instrument = Instruments.Find(InstrumentId ?? "")
                ?? throw new InvalidOperationException($"Survey {Id} uses unknown instrument '{InstrumentId}'.");
            survey = Survey.FromInstrument(Id, OrganisationId, instrument, Title, organisationName, OptionalItems);
        }
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
