using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Surveys.Functions.Catalog;

/// <summary>How long this instance keeps what the kiosk reads on every request (<c>Surveys:Cache</c>; README «Configuration»).</summary>
public sealed class CatalogCacheOptions
{
    public const string Section = "Surveys:Cache";

    /// <summary>Kiosk links and rounds: how late a revoked link or a closed or reopened round can be seen by an
    /// instance other than the one that made the change (that one forgets at once). <c>00:00:00</c> turns it off.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Survey definitions and organisations (names): how late another instance shows a wording edit.</summary>
    public TimeSpan DefinitionLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this many rows are kept; beyond it a read goes to storage.</summary>
    public int MaxEntries { get; set; } = 10_000;
}

/// <summary>
/// Catalog rows kept in this instance's memory for a stated time (<see cref="CatalogCacheOptions"/>), so a kiosk's
/// submit reads no row it read moments ago. Only rows that exist are kept: an unknown key costs a storage read every
/// time and no memory, so guessing tokens cannot fill the cache. A write on this instance forgets the row at once
/// (<see cref="Forget"/>); other instances keep their copy until it expires. Expiry is checked on every read, so a
/// kept row is never used after its lifetime.
/// </summary>
public sealed class CatalogCache : IDisposable
{
    private readonly MemoryCache _rows;
    private readonly Lock _gate = new();
    private long _changes;

    public CatalogCache(IOptions<CatalogCacheOptions> options)
    {
        StateLifetime = options.Value.StateLifetime;
        DefinitionLifetime = options.Value.DefinitionLifetime;
        _rows = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxEntries });
    }

    public TimeSpan StateLifetime { get; }

    public TimeSpan DefinitionLifetime { get; }

    /// <summary>The kept value for <paramref name="key"/>, else what <paramref name="read"/> finds (kept for
    /// <paramref name="lifetime"/> unless null).</summary>
    public async Task<T?> GetOrReadAsync<T>(object key, TimeSpan lifetime, Func<CancellationToken, Task<T?>> read, CancellationToken ct)
        where T : class
    {
        if (lifetime <= TimeSpan.Zero) return await read(ct);
        if (_rows.TryGetValue(key, out T? kept)) return kept;

        var changesBefore = Interlocked.Read(ref _changes);
        var value = await read(ct);
        if (value is null) return null;
        lock (_gate)
        {
            // A write on this instance during the read may have made the value stale: keep it only if none happened.
            if (_changes == changesBefore)
                _rows.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        }
        return value;
    }

    /// <summary>Forgets a row this instance has just written (call after the write).</summary>
    public void Forget(object key)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _changes);
            _rows.Remove(key);
        }
    }

    public void Dispose() => _rows.Dispose();
}

/// <summary>Checked on start: lifetimes from zero (off) to a day, and room for at least one row.</summary>
public sealed class CatalogCacheOptionsValidator : IValidateOptions<CatalogCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogCacheOptions o)
    {
        var problems = new List<string>();
        if (o.StateLifetime < TimeSpan.Zero || o.StateLifetime > TimeSpan.FromDays(1))
            problems.Add("Surveys:Cache:StateLifetime must be between 00:00:00 (off) and 1.00:00:00.");
        if (o.DefinitionLifetime < TimeSpan.Zero || o.DefinitionLifetime > TimeSpan.FromDays(1))
            problems.Add("Surveys:Cache:DefinitionLifetime must be between 00:00:00 (off) and 1.00:00:00.");
        if (o.MaxEntries < 1)
            problems.Add("Surveys:Cache:MaxEntries must be at least 1.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
