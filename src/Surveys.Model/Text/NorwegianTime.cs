namespace Surveys.Model;

/// <summary>
/// Norway's time (Europe/Oslo): what a round's dates, a response's period, "today" and every time on a page or in an
/// e-mail are read in. One place, so the app never converts with two different zones.
/// </summary>
public static class NorwegianTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary><paramref name="at"/> as a clock in Norway shows it.</summary>
    public static DateTimeOffset Of(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The date in Norway at <paramref name="at"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(Of(at).DateTime);
}
