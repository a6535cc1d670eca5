using System.Net;
using System.Threading.RateLimiting;

namespace Surveys.Functions.Access;

/// <summary>
/// Rate limits for asking for a sign-in link (<c>POST /logg-inn</c> and <c>POST /api/auth/sign-in</c> together), with
/// System.Threading.RateLimiting (what ASP.NET Core's rate limiter is built on; the worker's pipeline has no
/// <c>UseRateLimiter</c>): fixed windows per address and per client (<c>Surveys:Access:SignInLimit*</c>). Partitions
/// are keyed by hashes, so neither the address nor the client's IP is kept even in memory. The counts live in this
/// worker process: with several instances each counts for itself, and a restart forgets them.
/// </summary>
public sealed class SignInLimits(AccessOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAddress = Limiter(options.SignInLimitPerAddress, options.SignInLimitWindow);
    private readonly PartitionedRateLimiter<string> _perClient = Limiter(options.SignInLimitPerClient, options.SignInLimitWindow);

    /// <summary>Null when this client may ask again now, else how long it should wait.</summary>
    public TimeSpan? TryClient(HttpRequest request) => Try(_perClient, Secrets.Hash("client:" + ClientAddress(request)));

    /// <summary>Null when a link may be asked for this address now, else how long to wait.</summary>
    public TimeSpan? TryAddress(string email) => Try(_perAddress, Secrets.Hash("address:" + MemberStore.Normalise(email)));

    /// <summary>
    /// The connecting client as the app sees it behind the Functions host: the last (nearest) <c>X-Forwarded-For</c> entry,
    /// which Azure's front end appends (with a port) and a client cannot replace (entries before it are the client's
    /// own claims, so taking the first would let anyone pick a new "client" per request); else the connection's address
    /// (locally, the host's loopback).
    /// </summary>
    public static string ClientAddress(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (last is not null)
        {
            if (IPEndPoint.TryParse(last, out var endpoint)) return endpoint.Address.ToString();
            return last;
        }
        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>The <c>Retry-After</c> value: whole seconds, at least one.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TimeSpan? Try(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return null;
        // A fixed window's refusal names the window (an upper bound of the wait).
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Dispose()
    {
        _perAddress.Dispose();
        _perClient.Dispose();
    }
}
