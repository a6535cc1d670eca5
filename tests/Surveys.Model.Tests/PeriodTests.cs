namespace Surveys.Model.Tests;

public class PeriodTests
{
    [Theory]
    [InlineData(2026, 11, 18, "2026-W47")]
    [InlineData(2026, 1, 1, "2026-W01")]
    [InlineData(2025, 12, 29, "2026-W01")]
    [InlineData(2027, 1, 1, "2026-W53")]
    [InlineData(2021, 1, 3, "2020-W53")]
    public void IsoWeek_UsesTheIsoWeekNumberingYear(int year, int month, int day, string expected) =>
        Assert.Equal(expected, Period.IsoWeek(new DateOnly(year, month, day)).Value);

    [Fact]
    public void IsoWeek_UsesTheGivenZonesCalendarDate()
    {
        var sundayEveningInOslo = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.FromHours(1));
        Assert.Equal("2026-W47", Period.IsoWeek(sundayEveningInOslo).Value);
        Assert.Equal("2026-W47", Period.IsoWeek(sundayEveningInOslo.ToUniversalTime()).Value);
        var mondayInOslo = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero);
        var oslo = TimeZoneInfo.CreateCustomTimeZone("Oslo-winter", TimeSpan.FromHours(1), "Oslo", "Oslo");
        Assert.Equal("2026-W48", Period.IsoWeek(mondayInOslo, oslo).Value);
    }

    [Fact]
    public void Month_IsTheCalendarMonth() => Assert.Equal("2026-11", Period.Month(Clock.Now).Value);

    [Theory]
    [InlineData("2026-W47", PeriodKind.IsoWeek)]
    [InlineData("2026-W53", PeriodKind.IsoWeek)]
    [InlineData("2026-11", PeriodKind.Month)]
    public void StoredPeriods_ParseBack(string value, PeriodKind kind)
    {
        var period = Period.Parse(value);
        Assert.Equal(value, period.Value);
        Assert.Equal(kind, period.Kind);
    }

    [Theory]
    [InlineData("2025-W53")]
    [InlineData("2026-W00")]
    [InlineData("2026-13")]
    [InlineData("2026-11-18")]
    [InlineData("2026-W47T10")]
    public void NonPeriods_DoNotParse(string value) => Assert.False(Period.TryParse(value, out _));
}
