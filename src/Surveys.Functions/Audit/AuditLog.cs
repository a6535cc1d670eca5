using System.Globalization;
using System.Text.Json;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Audit;

/// <summary>
/// One line of an organisation's audit log (users.md A-08, O-01): who did what to which thing, when.
/// <see cref="Actor"/> names a person or token the organisation can recognise («kari@arca.no (Arca)»,
/// «API-nøkkel «AMU-eksport» (Arca)»); <see cref="Details"/> holds the parameters (format, rounds, …),
/// never answers.
/// </summary>
/// <param name="Action">What was done, as a stable code: <c>export</c>, <c>export-delivered</c>, <c>grant-created</c>, <c>grant-revoked</c>, <c>token-created</c>, <c>token-revoked</c>, …</param>
/// <param name="Subject">What it was done to (a survey id, a grant id).</param>
public sealed record AuditEntry(
    DateTimeOffset At,
    string OrganisationId,
    string Actor,
    string Action,
    string Subject,
    IReadOnlyDictionary<string, string> Details);

/// <summary>
/// The audit log: one partition per organisation, newest first (row keys count down), append-only.
/// Writing never overwrites: two entries in the same tick get different random suffixes.
/// </summary>
public sealed class AuditLog(AppStorage storage, TimeProvider time)
{
    public const string Table = "Audit";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Appends an entry stamped now.</summary>
    public Task<AuditEntry> WriteAsync(string organisationId, string actor, string action, string subject,
        IReadOnlyDictionary<string, string>? details, CancellationToken ct) =>
        WriteAsync(NewEntryKey(), organisationId, actor, action, subject, details, ct);

    /// <summary>
    /// A key for an entry made now: newest sort first. Work that must log once even when it is run again
    /// after a crash takes a key first, keeps it with its own progress, and writes with it.
    /// </summary>
    public string NewEntryKey() =>
        (DateTimeOffset.MaxValue.UtcTicks - time.GetUtcNow().UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
        + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary>Appends an entry under a key from <see cref="NewEntryKey"/>; an entry already written with that key is left as it is.</summary>
    public async Task<AuditEntry> WriteAsync(string entryKey, string organisationId, string actor, string action, string subject,
        IReadOnlyDictionary<string, string>? details, CancellationToken ct)
    {
        var entry = new AuditEntry(time.GetUtcNow(), organisationId, actor, action, subject, details ?? new Dictionary<string, string>());
        var e = new TableEntity(organisationId, entryKey)
        {
            ["Action"] = action,
            ["Json"] = JsonSerializer.Serialize(entry, Json),
        }.Checked();
        var table = await storage.TableAsync(Table, ct);
        try
        {
            await table.AddEntityAsync(e, ct);
        }
        catch (Azure.RequestFailedException x) when (x.Status == 409)
        {
            // Written by an earlier run of the same work: the log says it once.
        }
        return entry;
    }

    /// <summary>The organisation's newest entries first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string organisationId, int max, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var list = new List<AuditEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {organisationId}"), cancellationToken: ct))
        {
            if (JsonSerializer.Deserialize<AuditEntry>(e.GetString("Json") ?? "null", Json) is { } entry) list.Add(entry);
            if (list.Count >= max) break;
        }
        return list;
    }
}
