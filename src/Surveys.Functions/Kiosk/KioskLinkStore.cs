using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Kiosk;

/// <summary>What a kiosk link opens: one round of one survey.</summary>
public sealed record KioskLink(string OrganisationId, string SurveyId, string RoundId, string? Unit);

/// <summary>A kiosk link as its round's list shows it: never the token (it is not stored), only the link's id (the
/// token's SHA-256, which opens nothing), the name it was given, its unit and whether it still works.</summary>
public sealed record KioskLinkSummary(string Id, string? Name, string? Unit, DateTimeOffset? CreatedAt, bool Revoked);

/// <summary>
/// Kiosk links. The token is 256 random bits, shown once when the link is made; only its SHA-256
/// hash is stored, as the row key, so a token is checked with one point read and a stolen table
/// reveals no usable link. A working link is kept in this instance's <see cref="CatalogCache"/> for
/// <c>Surveys:Cache:StateLifetime</c> (30 s): revoked here, it stops working at once; revoked on another instance, within
/// that time. An unknown or revoked token is never kept, so it costs a point read each time and no memory.
/// </summary>
public sealed class KioskLinkStore(AppStorage storage, CatalogCache cache, TimeProvider time)
{
    public const string Table = "KioskLinks";
    private const string Partition = "kiosk";

    /// <summary>The longest name a link can be given («Nettbrett i kantina»).</summary>
    public const int NameMaxLength = 60;

    /// <summary>Makes a new link and returns its token (the only time the token exists in clear).</summary>
    public async Task<string> CreateAsync(string organisationId, string surveyId, string roundId, CancellationToken ct, string? unit = null, string? name = null)
    {
        var token = Secrets.NewToken();
        await SaveAsync(token, organisationId, surveyId, roundId, ct, unit, name);
        return token;
    }

    /// <summary>Stores a link under a token chosen by the caller (the local demo's stable link).</summary>
    public async Task SaveAsync(string token, string organisationId, string surveyId, string roundId, CancellationToken ct, string? unit = null, string? name = null)
    {
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(new TableEntity(Partition, Hash(token))
        {
            ["OrganisationId"] = organisationId,
            ["SurveyId"] = surveyId,
            ["RoundId"] = roundId,
            ["Unit"] = unit,
            ["Name"] = name,
            ["CreatedAt"] = time.GetUtcNow(),
            ["Revoked"] = false,
        }.Checked(), TableUpdateMode.Replace, ct);
        cache.Forget(Key(Hash(token)));
    }

    /// <summary>The link for a token, or null when the token is unknown, malformed or revoked (see the class for how
    /// soon a revocation elsewhere is seen).</summary>
    public async Task<KioskLink?> ResolveAsync(string token, CancellationToken ct)
    {
        if (!LooksLikeToken(token)) return null;
        var hash = Hash(token);
        return await cache.GetOrReadAsync<KioskLink>(Key(hash), cache.StateLifetime, async c =>
        {
            var table = await storage.TableAsync(Table, c);
            var e = await table.GetEntityOrNullAsync(Partition, hash, ct: c);
            if (e is null || e.GetBoolean("Revoked") == true) return null;
            return new KioskLink(e.GetString("OrganisationId")!, e.GetString("SurveyId")!, e.GetString("RoundId")!, e.GetString("Unit"));
        }, ct);
    }

    /// <summary>The round's links, working and revoked, newest first. Links are few per round; the query reads the one
    /// partition with a filter on the round.</summary>
    public async Task<IReadOnlyList<KioskLinkSummary>> ListForRoundAsync(string roundId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var list = new List<KioskLinkSummary>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RoundId eq {roundId}"), cancellationToken: ct))
            list.Add(new KioskLinkSummary(e.RowKey, e.GetString("Name"), e.GetString("Unit"), e.GetDateTimeOffset("CreatedAt"), e.GetBoolean("Revoked") == true));
        return list.OrderByDescending(l => l.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A link of the round, named by its token or by its id from the list (<see cref="IsLinkId"/>), working or
    /// revoked; null when there is no such link in that round.</summary>
    public async Task<KioskLinkSummary?> FindAsync(string tokenOrId, string roundId, CancellationToken ct)
    {
        var hash = IsLinkId(tokenOrId) ? tokenOrId : LooksLikeToken(tokenOrId) ? Hash(tokenOrId) : null;
        if (hash is null) return null;
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(Partition, hash, ct: ct);
        return e is null || e.GetString("RoundId") != roundId ? null
            : new KioskLinkSummary(e.RowKey, e.GetString("Name"), e.GetString("Unit"), e.GetDateTimeOffset("CreatedAt"), e.GetBoolean("Revoked") == true);
    }

    /// <summary>Revokes the link, named by its token or by its id from the list (<see cref="IsLinkId"/>); with
    /// <paramref name="roundId"/>, only when it belongs to that round.</summary>
    public async Task<bool> RevokeAsync(string tokenOrId, CancellationToken ct, string? roundId = null)
    {
        var hash = IsLinkId(tokenOrId) ? tokenOrId : LooksLikeToken(tokenOrId) ? Hash(tokenOrId) : null;
        if (hash is null) return false;
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(Partition, hash, ct: ct);
        if (e is null || (roundId is not null && e.GetString("RoundId") != roundId)) return false;
        e["Revoked"] = true;
        await table.UpsertEntityAsync(e, TableUpdateMode.Merge, ct);
        cache.Forget(Key(e.RowKey));
        return true;
    }

    private static (string, string) Key(string hash) => ("kiosk-link", hash);

    internal static bool LooksLikeToken(string token) => Secrets.LooksLikeToken(token);

    /// <summary>A link's id is its token's hash: 64 lowercase hex digits. A token is base64url of 32 bytes (43 characters),
    /// so the two cannot be mistaken for each other.</summary>
    internal static bool IsLinkId(string? id) => id is { Length: 64 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    internal static string Hash(string token) => Secrets.Hash(token);
}
