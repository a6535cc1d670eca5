using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Kiosk;

/// <summary>What a kiosk link opens: one round of one survey.</summary>
public sealed record KioskLink(string OrganisationId, string SurveyId, string RoundId, string? Unit);

/// <summary>
/// Kiosk links. The token is 256 random bits, shown once when the link is made; only its SHA-256
/// hash is stored, as the row key, so a token is checked with one point read and a stolen table
/// reveals no usable link. A working link is kept in this instance's <see cref="CatalogCache"/> for
/// <c>Surveys:Cache:StateLifetime</c> (30 s): revoked here, it stops working at once; revoked on another instance, within
/// that time. An unknown or revoked token is never kept, so it costs a point read each time and no memory.
/// </summary>
public sealed class KioskLinkStore(AppStorage storage, CatalogCache cache)
{
    public const string Table = "KioskLinks";
    private const string Partition = "kiosk";

    /// <summary>Makes a new link and returns its token (the only time the token exists in clear).</summary>
    public async Task<string> CreateAsync(string organisationId, string surveyId, string roundId, CancellationToken ct, string? unit = null)
    {
        var token = Secrets.NewToken();
        await SaveAsync(token, organisationId, surveyId, roundId, ct, unit);
        return token;
    }

    /// <summary>Stores a link under a token chosen by the caller (the local demo's stable link).</summary>
    public async Task SaveAsync(string token, string organisationId, string surveyId, string roundId, CancellationToken ct, string? unit = null)
    {
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(new TableEntity(Partition, Hash(token))
        {
            ["OrganisationId"] = organisationId,
            ["SurveyId"] = surveyId,
            ["RoundId"] = roundId,
            ["Unit"] = unit,
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

    /// <summary>Revokes the link; with <paramref name="roundId"/>, only when it belongs to that round.</summary>
    public async Task<bool> RevokeAsync(string token, CancellationToken ct, string? roundId = null)
    {
        if (!LooksLikeToken(token)) return false;
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(Partition, Hash(token), ct: ct);
        if (e is null || (roundId is not null && e.GetString("RoundId") != roundId)) return false;
        e["Revoked"] = true;
        await table.UpsertEntityAsync(e, TableUpdateMode.Merge, ct);
        cache.Forget(Key(e.RowKey));
        return true;
    }

    private static (string, string) Key(string hash) => ("kiosk-link", hash);

    internal static bool LooksLikeToken(string token) => Secrets.LooksLikeToken(token);

    internal static string Hash(string token) => Secrets.Hash(token);
}
