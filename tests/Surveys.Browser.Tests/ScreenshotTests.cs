using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>
/// Screenshots of a question with faces and of the thank-you screen at 1280×800, for people to look
/// at. They go next to the test binaries; with SURVEYS_UPDATE_SCREENSHOTS=1 they replace the ones in
/// docs/screenshots.
/// </summary>
public sealed class ScreenshotTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    [Fact]
    public async Task AQuestionWithFaces_AndTheThankYouScreen()
    {
        var round = await Seed.RoundAsync(fixture.App);
        await using var tab = await fixture.OpenAsync(round.Token);
        await tab.TapAsync(tab.Start);
        await tab.TapAsync(tab.Option(4));
        await tab.TapAsync(tab.Next);
        await Expect(tab.Progress).ToHaveTextAsync("2 av 4");
        await tab.TapAsync(tab.Option(5));
        await tab.Page.Mouse.MoveAsync(0, 0);
        await SaveAsync(tab.Page, "kiosk-question.png");

        await tab.TapAsync(tab.Next);
        await tab.TapAsync(tab.Skip);
        await tab.TapAsync(tab.Skip);
        await tab.TapAsync(tab.Send);
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Takk for svarene!" })).ToBeVisibleAsync();
        await SaveAsync(tab.Page, "kiosk-thanks.png");
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("SURVEYS_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepoRoot.Path, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name) });
        Assert.True(bytes.Length > 10_000, $"{name} looks empty");
    }
}
