using Azure;
using System.Text.Json;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Actions;

/// <summary>
/// Improvement actions, one partition per organisation (all actions of one organisation is the query
/// the list, the digest and the results page run). The action is stored as JSON with a few columns
/// beside it for filtering; updates are ETag-conditional, so two leaders editing at once cannot
/// silently overwrite each other.
/// </summary>
public sealed class ActionStore(AppStorage storage)
{
    public const string Table = "Actions";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewId() => Catalog.CatalogStore.NewId("act");

    /// <summary>The action and the ETag to update it with, or null.</summary>
    public async Task<(ImprovementAction Action, ETag ETag)?> GetAsync(string organisationId, string actionId, CancellationToken ct)
    {
        if (!Catalog.CatalogStore.IsValidKey(organisationId) || !Catalog.CatalogStore.IsValidKey(actionId)) return null;
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(organisationId, actionId, ct: ct);
        return e is null ? null : (Read(e), e.ETag);
    }

    /// <summary>Every action of the organisation (the partition), oldest first.</summary>
    public async Task<IReadOnlyList<ImprovementAction>> ListAsync(string organisationId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var list = new List<ImprovementAction>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {organisationId}"), cancellationToken: ct)) list.Add(Read(e));
        return list.OrderBy(a => a.CreatedAt).ToList();
    }

    /// <summary>
    /// The organisations that have an open (planned or in-progress) action: one query over the table that returns
    /// only partition keys, for work that runs for every organisation (the evaluation reminders).
    /// </summary>
    public async Task<IReadOnlyList<string>> ListOrganisationsWithOpenActionsAsync(CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var organisations = new SortedSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"Status eq {nameof(ActionStatus.Planned)} or Status eq {nameof(ActionStatus.InProgress)}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: ct)) organisations.Add(e.PartitionKey);
        return organisations.ToList();
    }

    /// <summary>Inserts a new action (409 from storage when the id exists).</summary>
    public async Task<ETag> AddAsync(ImprovementAction action, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        return await table.AddNewEntityAsync(ToEntity(action), ct);
    }

    /// <summary>Replaces the action if it is unchanged since <paramref name="ifMatch"/>.</summary>
    /// <exception cref="RequestFailedException">412 when someone changed it in between.</exception>
    public async Task<ETag> ReplaceAsync(ImprovementAction action, ETag ifMatch, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        return (await table.UpdateEntityAsync(ToEntity(action), ifMatch, TableUpdateMode.Replace, ct)).NewETag();
    }

    private static TableEntity ToEntity(ImprovementAction a)
    {
        var e = new TableEntity(a.OrganisationId, a.Id)
        {
            ["Status"] = a.Status.ToString(),
            ["SurveyId"] = a.SurveyId,
            ["DueDate"] = a.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }.Checked();
        ChunkedJson.Write(e, JsonSerializer.Serialize(a, Json));
        return e;
    }

    private static ImprovementAction Read(TableEntity e) =>
        JsonSerializer.Deserialize<ImprovementAction>(ChunkedJson.Read(e) ?? "null", Json)
        ?? throw new InvalidOperationException($"Action {e.PartitionKey}/{e.RowKey} has no JSON.");
}
