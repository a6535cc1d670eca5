using Microsoft.Extensions.Options;

namespace Surveys.Functions.Alerts;

/// <summary>
/// Settings of the real-time alert (<c>Surveys:Alerts</c>; when it fires: the app setting <c>AlertSchedule</c>). Checked at
/// start: a window, threshold or switch that cannot be read stops the worker with a message naming the setting.
/// </summary>
public sealed class AlertOptions
{
    public const string Section = "Surveys:Alerts";

    /// <summary>The shortest and longest window accepted: shorter than the timer's 10 minutes measures nothing; longer than
    /// a day is a digest, not an alert.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    /// <summary>Off turns the timer into a no-op (no snapshot, no e-mail).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How far back the answers are counted, and how often at most a round's leaders get an alert.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The share of answers on the lowest two faces in the window at or above which the leaders are told (0–1].</summary>
    public double Threshold { get; set; } = 0.3;

    /// <summary>What is wrong with the settings (nothing when valid).</summary>
    public IEnumerable<string> Errors()
    {
        if (Window < MinWindow || Window > MaxWindow)
            yield return $"{Section}:Window is {Window:c}: give a window from {MinWindow:c} to {MaxWindow:c} (e.g. 02:00:00).";
        if (double.IsNaN(Threshold) || Threshold <= 0 || Threshold > 1)
            yield return $"{Section}:Threshold is {Threshold}: give a share above 0 and at most 1 (e.g. 0.3 for 30 %).";
    }
}

/// <summary>Fails the start on alert settings that make no sense (a value that is not a number or time already fails binding).</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var errors = options.Errors().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
