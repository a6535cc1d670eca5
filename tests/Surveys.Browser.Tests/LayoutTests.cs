using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Model;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>One question per screen fits a 10-inch tablet without scrolling, with large targets, in
/// both orientations, and the faces keep their places from question to question (users.md P-03, P-04).</summary>
public sealed class LayoutTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    /// <summary>15 mm in CSS pixels (96 per inch): the target size P-04 asks for.</summary>
    private const double FifteenMillimetres = 15 / 25.4 * 96;

    public static TheoryData<string, int, int> Tablets => new()
    {
        { Instruments.Wellbeing.Id, 1280, 800 },
        { Instruments.Wellbeing.Id, 800, 1280 },
        { Instruments.Exit.Id, 1280, 800 },
        { Instruments.Exit.Id, 800, 1280 },
    };

    [Theory]
    [MemberData(nameof(Tablets))]
    public async Task EveryQuestion_FitsTheScreenWithoutScrolling_WithTargetsOfFifteenMillimetres(string instrumentId, int width, int height)
    {
        var instrument = Instruments.Get(instrumentId);
        var round = await Seed.RoundAsync(fixture.App, instrument);
        await using var tab = await fixture.OpenAsync(round.Token, width, height);
        await AssertFitsAsync(tab, "start");
        await tab.TapAsync(tab.Start);

        var items = instrument.Items.Count(i => i.IncludedByDefault);
        for (var n = 1; n <= items; n++)
        {
            await Expect(tab.Progress).ToHaveTextAsync($"{n} av {items}");
            await AssertFitsAsync(tab, $"question {n}");
            await tab.TapAsync(tab.Next);
        }
        await Expect(tab.Send).ToBeVisibleAsync();
        await AssertFitsAsync(tab, "send");
    }

    [Fact]
    public async Task TheFaces_StayInTheSamePlace_OnEveryQuestion()
    {
        var round = await Seed.RoundAsync(fixture.App, labelSets: new() { ["WELLBEING-02"] = "LBL-FREQ5-JA", ["WELLBEING-03"] = "LBL-FREQ5-STORT" });
        await using var tab = await fixture.OpenAsync(round.Token);
        await tab.TapAsync(tab.Start);

        List<LocatorBoundingBoxResult>? first = null;
        for (var n = 1; n <= 4; n++)
        {
            await Expect(tab.Progress).ToHaveTextAsync($"{n} av 4");
            var boxes = new List<LocatorBoundingBoxResult>();
            for (var position = 1; position <= 5; position++) boxes.Add((await tab.Option(position).BoundingBoxAsync())!);
            Assert.True(boxes.Zip(boxes.Skip(1)).All(pair => pair.First.X < pair.Second.X), "faces in scale order from left to right");
            first ??= boxes;
            Assert.Equal(first.Select(b => (b.X, b.Y, b.Width, b.Height)), boxes.Select(b => (b.X, b.Y, b.Width, b.Height)));
            await tab.TapAsync(tab.Next);
        }
    }

    private static async Task AssertFitsAsync(KioskTab tab, string where)
    {
        var overflow = await tab.Page.EvaluateAsync<int[]>("""
            () => {
              const main = document.getElementById('main'), doc = document.scrollingElement;
              return [doc.scrollHeight - innerHeight, doc.scrollWidth - innerWidth, main.scrollHeight - main.clientHeight, main.scrollWidth - main.clientWidth];
            }
            """);
        Assert.True(overflow.All(o => o <= 0), $"{where}: the page scrolls (overflow {string.Join(", ", overflow)} px)");

        var targets = tab.Page.Locator("button:visible, textarea:visible");
        for (var i = 0; i < await targets.CountAsync(); i++)
        {
            var target = targets.Nth(i);
            var box = (await target.BoundingBoxAsync())!;
            var name = await target.EvaluateAsync<string>("e => e.id || e.textContent");
            Assert.True(box.Width >= FifteenMillimetres && box.Height >= FifteenMillimetres,
                $"{where}: '{name}' is {box.Width:0}×{box.Height:0} px, under 15 mm ({FifteenMillimetres:0} px)");
        }
    }
}
