using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Partners;

/// <summary>An occupational-health partner (for example Arca): its own users and API tokens, and the grants organisations give it.</summary>
public sealed record Partner(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>Partner organisations, one row each.</summary>
public sealed class PartnerStore(AppStorage storage, TimeProvider time)
{
    public const string Table = "Partners";
    private const string Partition = "partner";

    public static string NewId() => CatalogStore.NewId("partner");

    public async Task<Partner> CreateAsync(string name, CancellationToken ct)
    {
        var partner = new Partner(NewId(), name, time.GetUtcNow());
        var table = await storage.TableAsync(Table, ct);
        await table.AddNewEntityAsync(new TableEntity(Partition, partner.Id) { ["Name"] = partner.Name, ["CreatedAt"] = partner.CreatedAt }.Checked(), ct);
        return partner;
    }

    /// <summary>Adds the partner under its own id unless it exists (the demo's fixed partner); returns what is stored.</summary>
    public async Task<Partner> EnsureAsync(Partner partner, CancellationToken ct)
    {
        if (await GetAsync(partner.Id, ct) is { } existing) return existing;
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(new TableEntity(Partition, partner.Id) { ["Name"] = partner.Name, ["CreatedAt"] = partner.CreatedAt }.Checked(), TableUpdateMode.Replace, ct);
        return partner;
    }

    public async Task<Partner?> GetAsync(string partnerId, CancellationToken ct)
    {
        if (!CatalogStore.IsValidKey(partnerId)) return null;
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(Partition, partnerId, ct: ct);
        return e is null ? null : new Partner(partnerId, e.GetString("Name") ?? partnerId, e.GetDateTimeOffset("CreatedAt") ?? default);
    }
}

/// <summary>A partner API token as stored and listed: never the secret, only its hash (kept in the index row).</summary>
/// <param name="Id">The token's id (listed, used to revoke it).</param>
/// <param name="PartnerId">The partner the token acts for.</param>
/// <param name="Name">What its creator called it, e.g. «AMU-eksport».</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="CreatedBy">Who made it (as the audit log names people).</param>
/// <param name="ExpiresAt">After this it is refused (401).</param>
/// <param name="RevokedAt">Set when revoked; refused (401) from then on.</param>
/// <param name="RevokedBy">Who revoked it.</param>
public sealed record PartnerToken(
    string Id, string PartnerId, string Name, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public string StatusAt(DateTimeOffset now) => RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "active";
}

/// <summary>
/// Partner API tokens. A token is <c>spt_</c> + 256 random bits (URL-safe base64), shown once; only its
/// SHA-256 is stored. Rows: <c>PartnerTokens</c> (partition = partner id, row = token id: the token's
/// metadata) and <c>PartnerTokenIndex</c> (partition <c>h</c>, row = hash → partner and token id), so a
/// request costs two point reads and revoking changes one row, effective at the next request.
/// </summary>
public sealed class PartnerTokenStore(AppStorage storage, TimeProvider time)
{
    public const string Table = "PartnerTokens";
    public const string IndexTable = "PartnerTokenIndex";
    public const string Prefix = "spt_";
    private const string IndexPartition = "h";

    /// <summary>Makes a token and returns it with its secret (the only time the secret exists outside the caller).</summary>
    public async Task<(PartnerToken Token, string Secret)> CreateAsync(string partnerId, string name, DateTimeOffset expiresAt, string createdBy, CancellationToken ct)
    {
        var secret = Prefix + Secrets.NewToken();
        var token = new PartnerToken(CatalogStore.NewId("ptok"), partnerId, name, time.GetUtcNow(), createdBy, expiresAt, null, null);
        var tokens = await storage.TableAsync(Table, ct);
        await tokens.AddNewEntityAsync(ToEntity(token), ct);
        var index = await storage.TableAsync(IndexTable, ct);
        await index.AddNewEntityAsync(new TableEntity(IndexPartition, Secrets.Hash(secret)) { ["PartnerId"] = partnerId, ["TokenId"] = token.Id }.Checked(), ct);
        return (token, secret);
    }

    /// <summary>The token a bearer secret stands for, whatever its state (null when unknown).</summary>
    public async Task<PartnerToken?> FindBySecretAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || !Secrets.LooksLikeToken(secret)) return null;
        var index = await storage.TableAsync(IndexTable, ct);
        var e = await index.GetEntityOrNullAsync(IndexPartition, Secrets.Hash(secret), ct: ct);
        return e is null ? null : await GetAsync(e.GetString("PartnerId")!, e.GetString("TokenId")!, ct);
    }

    public async Task<PartnerToken?> GetAsync(string partnerId, string tokenId, CancellationToken ct)
    {
        if (!CatalogStore.IsValidKey(partnerId) || !CatalogStore.IsValidKey(tokenId)) return null;
        var tokens = await storage.TableAsync(Table, ct);
        var e = await tokens.GetEntityOrNullAsync(partnerId, tokenId, ct: ct);
        return e is null ? null : Read(e);
    }

    /// <summary>The partner's tokens, newest first, in every state.</summary>
    public async Task<IReadOnlyList<PartnerToken>> ListAsync(string partnerId, CancellationToken ct)
    {
        var tokens = await storage.TableAsync(Table, ct);
        var list = new List<PartnerToken>();
        await foreach (var e in tokens.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partnerId}"), cancellationToken: ct)) list.Add(Read(e));
        return list.OrderByDescending(t => t.CreatedAt).ToList();
    }

    /// <summary>Revokes the token (kept, listed as revoked); false when it does not exist. Revoking twice keeps the first time.</summary>
    public async Task<PartnerToken?> RevokeAsync(string partnerId, string tokenId, string revokedBy, CancellationToken ct)
    {
        var token = await GetAsync(partnerId, tokenId, ct);
        if (token is null || token.RevokedAt is not null) return token;
        var revoked = token with { RevokedAt = time.GetUtcNow(), RevokedBy = revokedBy };
        var tokens = await storage.TableAsync(Table, ct);
        await tokens.UpsertEntityAsync(ToEntity(revoked), TableUpdateMode.Replace, ct);
        return revoked;
    }

    private static TableEntity ToEntity(PartnerToken t) => new(t.PartnerId, t.Id)
    {
        ["Name"] = t.Name,
        ["CreatedAt"] = t.CreatedAt,
        ["CreatedBy"] = t.CreatedBy,
        ["ExpiresAt"] = t.ExpiresAt,
        ["RevokedAt"] = t.RevokedAt,
        ["RevokedBy"] = t.RevokedBy,
    };

    private static PartnerToken Read(TableEntity e) => new(e.RowKey, e.PartitionKey, e.GetString("Name") ?? "", e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetString("CreatedBy") ?? "", e.GetDateTimeOffset("ExpiresAt") ?? default, e.GetDateTimeOffset("RevokedAt"), e.GetString("RevokedBy"));
}
