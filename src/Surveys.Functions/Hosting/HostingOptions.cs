namespace Surveys.Functions.Hosting;

/// <summary>How the app is hosted: under the Functions host, or on its own with the local trigger runner.</summary>
public sealed class HostingOptions
{
    public const string Section = "Surveys:Hosting";

    /// <summary>Folder with host.json and the function folders; found automatically when empty.</summary>
    public string? AppRoot { get; set; }

    /// <summary>Whether the local trigger runner polls queues and fires timers. It runs only without
    /// the Functions host (no <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>); tests may switch it off.</summary>
    public bool RunTriggers { get; set; } = true;

    /// <summary>Whether the local trigger runner fires timers (with <see cref="RunTriggers"/>). Tests switch it off:
    /// they run timer functions themselves, and a real schedule firing mid-test would race them.</summary>
    public bool RunTimers { get; set; } = true;

    /// <summary>Whether <c>POST /{FunctionName}</c> invocation endpoints are mapped. Defaults to on under
    /// the Functions host and off otherwise (the runner calls functions directly).</summary>
    public bool? InvocationEndpoints { get; set; }

    /// <summary>Test mode: the runner invokes through the real invocation endpoint with host-shaped
    /// payloads instead of calling functions directly.</summary>
    public bool RunnerUsesEndpoint { get; set; }

    /// <summary>The quirk switch: host-shaped payloads (double-encoded strings, string numbers) when
    /// true, the documented shape when false.</summary>
    public bool HostShapedPayloads { get; set; } = true;

    /// <summary>How long a dequeued message stays invisible; renewed at half this while work runs (host: 10 min).</summary>
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Identifies this app's timer status records (the host's host id).</summary>
    public string HostId { get; set; } = "surveys";

    /// <summary>True when the Functions host started this process.</summary>
    public static bool UnderFunctionsHost =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT"));
}
