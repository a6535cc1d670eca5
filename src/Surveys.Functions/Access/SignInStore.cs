using Azure;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Access;

/// <summary>Sign-in and session settings.</summary>
public sealed class AccessOptions
{
    public const string Section = "Surveys:Access";

    /// <summary>How long an e-mailed sign-in link works (it works once).</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a session lasts without use; each use extends it, up to <see cref="SessionMaxLifetime"/>.</summary>
    public TimeSpan SessionIdleLifetime { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Sign-in links one address may be sent per <see cref="SignInLimitWindow"/> (API and form together).</summary>
    public int SignInLimitPerAddress { get; set; } = 5;

    /// <summary>Sign-in requests one client (its address, never stored) may make per <see cref="SignInLimitWindow"/>.</summary>
    public int SignInLimitPerClient { get; set; } = 20;

    public TimeSpan SignInLimitWindow { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// One-time sign-in links and sessions, both stored only as hashes. A link is consumed by an
/// ETag-conditional delete, so of two simultaneous uses exactly one wins; an expired or used link is
/// simply gone.
/// </summary>
public sealed class SignInStore(AppStorage storage, AccessOptions options, TimeProvider time)
{
    public const string LinksTable = "SignInLinks";
    public const string SessionsTable = "Sessions";
    private const string Partition = "p";

    /// <summary>Makes a sign-in link token for a member; only its hash is kept.</summary>
    public async Task<string> CreateLinkAsync(string memberId, CancellationToken ct)
    {
        var token = Secrets.NewToken();
        var table = await storage.TableAsync(LinksTable, ct);
        await AddFreshAsync(table, new TableEntity(Partition, Secrets.Hash(token))
        {
            ["MemberId"] = memberId,
            ["Expires"] = time.GetUtcNow() + options.SignInLinkLifetime,
        }.Checked(), ct);
        return token;
    }

    /// <summary>Whether the link would work now (for the confirmation page; does not consume it).</summary>
    public async Task<bool> IsLinkValidAsync(string token, CancellationToken ct)
    {
        if (!Secrets.LooksLikeToken(token)) return false;
        var table = await storage.TableAsync(LinksTable, ct);
        var e = await table.GetEntityOrNullAsync(Partition, Secrets.Hash(token), ct: ct);
        return e is not null && e.GetDateTimeOffset("Expires") > time.GetUtcNow();
    }

    /// <summary>Uses the link once: returns its member id, or null when it is unknown, used or expired.</summary>
    public async Task<string?> ConsumeLinkAsync(string token, CancellationToken ct)
    {
        if (!Secrets.LooksLikeToken(token)) return null;
        var table = await storage.TableAsync(LinksTable, ct);
        var e = await table.GetEntityOrNullAsync(Partition, Secrets.Hash(token), ct: ct);
        if (e is null) return null;
        try
        {
            // The client answers a delete of an entity that is already gone with 404 instead of throwing.
            if ((await table.DeleteEntityAsync(Partition, e.RowKey, e.ETag, ct)).Status == 404) return null; // used a moment ago
        }
        catch (RequestFailedException conflict) when (conflict.Status == 412)
        {
            return null; // used by someone else a moment ago
        }
        return e.GetDateTimeOffset("Expires") > time.GetUtcNow() ? e.GetString("MemberId") : null;
    }

    /// <summary>Starts a session and returns its id (the cookie value).</summary>
    public async Task<string> StartSessionAsync(string memberId, CancellationToken ct)
    {
        var id = Secrets.NewToken();
        var now = time.GetUtcNow();
        var table = await storage.TableAsync(SessionsTable, ct);
        await AddFreshAsync(table, new TableEntity(Partition, Secrets.Hash(id))
        {
            ["MemberId"] = memberId,
            ["Started"] = now,
            ["Expires"] = now + options.SessionIdleLifetime,
        }.Checked(), ct);
        return id;
    }

    /// <summary>The session's member, or null when unknown or expired; an active session is extended.</summary>
    public async Task<string?> ResolveSessionAsync(string sessionId, CancellationToken ct)
    {
        if (!Secrets.LooksLikeToken(sessionId)) return null;
        var table = await storage.TableAsync(SessionsTable, ct);
        var e = await table.GetEntityOrNullAsync(Partition, Secrets.Hash(sessionId), ct: ct);
        var now = time.GetUtcNow();
        if (e is null || !(e.GetDateTimeOffset("Expires") > now)) return null;
        var started = e.GetDateTimeOffset("Started") ?? now;
        if (now - started > options.SessionMaxLifetime) return null;
        // Extend at most every few minutes, not on every request.
        if (e.GetDateTimeOffset("Expires") - now < options.SessionIdleLifetime - TimeSpan.FromMinutes(5))
        {
            e["Expires"] = now + options.SessionIdleLifetime;
            try { await table.UpdateEntityAsync(e, e.ETag, TableUpdateMode.Merge, ct); }
            catch (RequestFailedException conflict) when (conflict.Status == 412) { /* a parallel request extended it */ }
        }
        return e.GetString("MemberId");
    }

    /// <summary>Inserts a row keyed by a fresh random secret. A 409 can only be our own insert, retried by
    /// the pipeline after its answer was lost, so it counts as done.</summary>
    private static async Task AddFreshAsync(TableClient table, TableEntity entity, CancellationToken ct)
    {
        try { await table.AddEntityAsync(entity, ct); }
        catch (Azure.RequestFailedException e) when (e.Status == 409) { }
    }

    public async Task EndSessionAsync(string sessionId, CancellationToken ct)
    {
        if (!Secrets.LooksLikeToken(sessionId)) return;
        var table = await storage.TableAsync(SessionsTable, ct);
        await table.DeleteEntityAsync(Partition, Secrets.Hash(sessionId), cancellationToken: ct);
    }
}
