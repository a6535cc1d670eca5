using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Surveys.Model;

/// <summary>How coarse a <see cref="Period"/> is.</summary>
public enum PeriodKind
{
    /// <summary>An ISO 8601 week, <c>2026-W47</c>: used for scheduled rounds.</summary>
    IsoWeek,

    /// <summary>A calendar month, <c>2026-11</c>: used for continuous surveys such as the exit survey.</summary>
    Month,
}

/// <summary>
/// The only time a response carries: a coarse period, never a time of day (users.md AN-06). Scheduled
/// rounds use the ISO week (<c>2026-W47</c>), continuous surveys the calendar month (<c>2026-11</c>).
/// </summary>
/// <remarks>
/// The date is the calendar date of the given <see cref="DateTimeOffset"/> in its own offset, or in
/// <c>zone</c> when one is passed (use Europe/Oslo so a Sunday-evening answer is not put in next week).
/// </remarks>
public sealed partial record Period
{
    private Period(string value, PeriodKind kind)
    {
        Value = value;
        Kind = kind;
    }

    /// <summary>The period as text: <c>2026-W47</c> or <c>2026-11</c>.</summary>
    public string Value { get; }

    /// <summary>Whether this is a week or a month.</summary>
    public PeriodKind Kind { get; }

    /// <summary>The ISO 8601 week holding <paramref name="date"/> (week-numbering year, so 2027-01-01 is <c>2026-W53</c>).</summary>
    public static Period IsoWeek(DateOnly date)
    {
        var day = date.ToDateTime(TimeOnly.MinValue);
        return new Period($"{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}", PeriodKind.IsoWeek);
    }

    /// <summary>The ISO week holding the date of <paramref name="at"/> (see the type's remarks about zones).</summary>
    public static Period IsoWeek(DateTimeOffset at, TimeZoneInfo? zone = null) => IsoWeek(DateOf(at, zone));

    /// <summary>The calendar month holding <paramref name="date"/>.</summary>
    public static Period Month(DateOnly date) => new($"{date.Year:D4}-{date.Month:D2}", PeriodKind.Month);

    /// <summary>The calendar month holding the date of <paramref name="at"/>.</summary>
    public static Period Month(DateTimeOffset at, TimeZoneInfo? zone = null) => Month(DateOf(at, zone));

    /// <summary>The period of <paramref name="kind"/> holding the date of <paramref name="at"/>.</summary>
    public static Period Of(PeriodKind kind, DateTimeOffset at, TimeZoneInfo? zone = null) =>
        kind == PeriodKind.Month ? Month(at, zone) : IsoWeek(at, zone);

    /// <summary>Reads a stored period (<c>2026-W47</c> or <c>2026-11</c>).</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out Period? period)
    {
        period = null;
        if (value is null)
        {
            return false;
        }

        var week = WeekPattern().Match(value);
        if (week.Success)
        {
            int year = int.Parse(week.Groups[1].Value, CultureInfo.InvariantCulture), number = int.Parse(week.Groups[2].Value, CultureInfo.InvariantCulture);
            if (year >= 1 && number >= 1 && number <= ISOWeek.GetWeeksInYear(year))
            {
                period = new Period(value, PeriodKind.IsoWeek);
            }
        }
        else if (MonthPattern().Match(value) is { Success: true } month)
        {
            int year = int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture), number = int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture);
            if (year >= 1 && number is >= 1 and <= 12)
            {
                period = new Period(value, PeriodKind.Month);
            }
        }

        return period is not null;
    }

    /// <summary>Reads a stored period; throws <see cref="FormatException"/> when it is not one.</summary>
    public static Period Parse(string value) =>
        TryParse(value, out var period) ? period : throw new FormatException("Not a period (yyyy-Www or yyyy-MM).");

    /// <inheritdoc />
    public override string ToString() => Value;

    private static DateOnly DateOf(DateTimeOffset at, TimeZoneInfo? zone) =>
        DateOnly.FromDateTime((zone is null ? at : TimeZoneInfo.ConvertTime(at, zone)).DateTime);

    [GeneratedRegex(@"^([0-9]{4})-W([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekPattern();

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();
}
