using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace Surveys.Functions.Kiosk;

/// <summary>
/// How the kiosk page behaves between people (users.md P-11, P-12, P-14). Sent to the page inside the
/// survey JSON, so a change takes effect at the kiosk's next return to its start screen.
/// </summary>
public sealed class KioskOptions
{
    public const string Section = "Surveys:Kiosk";

    /// <summary>Seconds without a touch, key or text input before "Er du der fortsatt?" (P-12: 15–600, default 90).</summary>
    [Range(15, 600)]
    public int IdleSeconds { get; set; } = 90;

    /// <summary>Seconds the "Er du der fortsatt?" countdown runs before everything is discarded (P-12: 20).</summary>
    [Range(5, 120)]
    public int IdleCountdownSeconds { get; set; } = 20;

    /// <summary>Seconds the thank-you screen shows before the start screen (P-11: 3–15, default 5).</summary>
    [Range(3, 15)]
    public int ThankYouSeconds { get; set; } = 5;

    /// <summary>Seconds the start screen stays locked after a submission, counting the thank-you screen (P-14: default 10).</summary>
    [Range(0, 300)]
    public int MinSubmitIntervalSeconds { get; set; } = 10;

    public JsonObject ToJson() => new()
    {
        ["idleSeconds"] = IdleSeconds,
        ["idleCountdownSeconds"] = IdleCountdownSeconds,
        ["thankYouSeconds"] = ThankYouSeconds,
        ["minSubmitIntervalSeconds"] = MinSubmitIntervalSeconds,
    };
}
