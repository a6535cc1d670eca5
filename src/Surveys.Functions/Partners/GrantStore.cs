using System.Text.Json;
using System.Text.Json.Serialization;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Partners;

/// <summary>When a grant's export is sent without being asked for (issue 6, delivery).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliverySchedule>))]
public enum DeliverySchedule
{
    /// <summary>Only on request (API or partner page).</summary>
    None,

    /// <summary>Once for each granted round, after it closes.</summary>
    AfterRoundCloses,

    /// <summary>On the first of every month.</summary>
    Monthly,
}

/// <summary>How a scheduled export is made and where it goes.</summary>
/// <param name="Format"><c>csv</c>, <c>json</c> or <c>xlsx</c>.</param>
/// <param name="Content"><c>results</c> or <c>answers</c>.</param>
/// <param name="Language"><c>nb</c> or <c>en</c>: the one label language of the export.</param>
/// <param name="Recipients">Addresses that receive the e-mail with the download link.</param>
public sealed record ExportDelivery(DeliverySchedule Schedule, string Format, string Content, string Language, IReadOnlyList<string> Recipients)
{
    public static readonly ExportDelivery Off = new(DeliverySchedule.None, "csv", "results", "nb", []);
}

/// <summary>
/// An organisation's grant to an occupational-health partner (users.md O-01): which surveys the
/// partner may export (null: all of the organisation's surveys, including later ones), and whether it
/// is still in force. A revoked grant is kept (the audit log refers to it) but grants nothing.
/// </summary>
public sealed record ExportGrant(
    string Id,
    string OrganisationId,
    string PartnerId,
    IReadOnlyList<string>? SurveyIds,
    ExportDelivery Delivery,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    public bool IsActive => RevokedAt is null;

    public bool Covers(string surveyId) => IsActive && (SurveyIds is null || SurveyIds.Contains(surveyId, StringComparer.Ordinal));
}

/// <summary>Grants, one partition per granting organisation; a partner's grants are found with a filter on <c>PartnerId</c>.</summary>
public sealed class GrantStore(AppStorage storage)
{
    public const string Table = "Grants";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewId() => Catalog.CatalogStore.NewId("grant");

    public async Task<ExportGrant?> GetAsync(string organisationId, string grantId, CancellationToken ct)
    {
        if (!Catalog.CatalogStore.IsValidKey(organisationId) || !Catalog.CatalogStore.IsValidKey(grantId)) return null;
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(organisationId, grantId, ct: ct);
        return e is null ? null : Read(e);
    }

    /// <summary>The organisation's grants, active and revoked.</summary>
    public async Task<IReadOnlyList<ExportGrant>> ListForOrganisationAsync(string organisationId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var list = new List<ExportGrant>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {organisationId}"), cancellationToken: ct)) list.Add(Read(e));
        return list.OrderBy(g => g.CreatedAt).ToList();
    }

    /// <summary>Every grant made to the partner, by any organisation, active and revoked.</summary>
    public async Task<IReadOnlyList<ExportGrant>> ListForPartnerAsync(string partnerId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var list = new List<ExportGrant>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartnerId eq {partnerId}"), cancellationToken: ct)) list.Add(Read(e));
        return list.OrderBy(g => g.CreatedAt).ToList();
    }

    /// <summary>Every grant of every organisation (the delivery timer's scan).</summary>
    public async IAsyncEnumerable<ExportGrant> ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: ct)) yield return Read(e);
    }

    /// <summary>Inserts or replaces the grant (revoking is saving it with <see cref="ExportGrant.RevokedAt"/> set).</summary>
    public async Task SaveAsync(ExportGrant grant, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var e = new TableEntity(grant.OrganisationId, grant.Id)
        {
            ["PartnerId"] = grant.PartnerId,
            ["Active"] = grant.IsActive,
        }.Checked();
        ChunkedJson.Write(e, JsonSerializer.Serialize(grant, Json));
        await table.UpsertEntityAsync(e, TableUpdateMode.Replace, ct);
    }

    private static ExportGrant Read(TableEntity e) =>
        JsonSerializer.Deserialize<ExportGrant>(ChunkedJson.Read(e) ?? "null", Json)
        ?? throw new InvalidOperationException($"Grant {e.PartitionKey}/{e.RowKey} has no JSON.");
}
