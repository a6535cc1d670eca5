using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Responses;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>
/// Between two people nothing is left: not after sending, not after walking away. The timings come
/// from the server's Surveys:Kiosk settings (users.md P-11 … P-14).
/// </summary>
public sealed class ResetTests(ResetTests.App fixture) : IClassFixture<ResetTests.App>
{
    /// <summary>Non-default settings, to show that the page takes its timings from the server.</summary>
    public sealed class App() : KioskFixture(new()
    {
        ["Surveys:Kiosk:IdleSeconds"] = "30",
        ["Surveys:Kiosk:IdleCountdownSeconds"] = "15",
        ["Surveys:Kiosk:ThankYouSeconds"] = "4",
        ["Surveys:Kiosk:MinSubmitIntervalSeconds"] = "12",
    });

    private async Task<List<StoredResponse>> StoredAsync(string roundId)
    {
        var list = new List<StoredResponse>();
        await foreach (var r in fixture.App.Get<ResponseStore>().ListAsync(roundId, default)) list.Add(r);
        return list;
    }

    [Fact]
    public async Task WhenNobodyAnswersStillThere_EverythingIsDiscarded_AndNothingCanBeReachedAgain()
    {
        var round = await Seed.RoundAsync(fixture.App);
        await using var tab = await fixture.OpenAsync(round.Token);
        await tab.TapAsync(tab.Page.Locator("[data-lang=en]"));
        await tab.TapAsync(tab.Start);
        await tab.TapAsync(tab.Option(5));
        await tab.TapAsync(tab.Next);
        await tab.TapAsync(tab.Option(1));
        await tab.TapAsync(tab.Next);
        await tab.TapAsync(tab.Option(2));

        // The page clock also moves in real time: 5 s of slack before the 30 s idle limit, for a busy machine.
        await tab.Clock.RunForAsync(25_000);
        await Expect(tab.IdleDialog).ToBeHiddenAsync();
        await tab.Clock.RunForAsync(6_000);
        await Expect(tab.IdleDialog).ToBeVisibleAsync();
        await Expect(tab.IdleDialog).ToContainTextAsync("Are you still there?");
        await Expect(tab.IdleDialog).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"We start again in 1[0-5] seconds\."));
        await Expect(tab.Page.Locator("#idle-yes")).ToBeFocusedAsync();
        await tab.Clock.RunForAsync(15_000);

        // Back at the start, in bokmål, with nothing of the last person anywhere.
        await Expect(tab.IdleDialog).ToBeHiddenAsync();
        await Expect(tab.Start).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
        await Expect(tab.Staff).ToHaveTextAsync("Avbrutt: 1");
        await AssertNothingLeftAsync(tab);
        await AssertBackAndForwardShowNothingAsync(tab);

        // The next person sees blank questions, and Tilbake cannot go before their own first one.
        await tab.TapAsync(tab.Start);
        await Expect(tab.Progress).ToHaveTextAsync("1 av 4");
        await Expect(tab.Back).ToBeHiddenAsync();
        for (var n = 1; n <= 3; n++)
        {
            await Expect(tab.Progress).ToHaveTextAsync($"{n} av 4");
            await Expect(tab.Checked).ToHaveCountAsync(0);
            await tab.TapAsync(tab.Next);
        }
        Assert.Empty(await StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task AnsweringStillThere_KeepsTheAnswers_AndStartsTheWaitAgain()
    {
        var round = await Seed.RoundAsync(fixture.App);
        await using var tab = await fixture.OpenAsync(round.Token, touch: true);
        await tab.TapAsync(tab.Start);
        await tab.TapAsync(tab.Option(4));
        await tab.TapAsync(tab.Next);
        await tab.TapAsync(tab.Option(3));

        await tab.Clock.RunForAsync(31_000);
        await Expect(tab.IdleDialog).ToBeVisibleAsync();
        await tab.TapAsync(tab.Page.Locator("#idle-yes"));
        await Expect(tab.IdleDialog).ToBeHiddenAsync();
        await Expect(tab.Heading).ToBeFocusedAsync();
        await Expect(tab.Option(3)).ToHaveAttributeAsync("aria-checked", "true");

        await tab.Clock.RunForAsync(25_000);
        await Expect(tab.IdleDialog).ToBeHiddenAsync();
        await tab.TapAsync(tab.Back);
        await Expect(tab.Option(4)).ToHaveAttributeAsync("aria-checked", "true");
    }

    [Fact]
    public async Task AfterSending_TheNextPersonStartsBlank_AfterTheThankYouAndTheMinimumInterval()
    {
        var round = await Seed.RoundAsync(fixture.App);
        await using var tab = await fixture.OpenAsync(round.Token);
        // The server's answer is awaited before the page clock is moved on: the page gives a send 20 s of its own clock,
        // and jumping that clock while the first submit of a fresh worker is still under way aborts it (the answer then
        // waits in the outbox for a retry this test never lets happen).
        await tab.Page.RunAndWaitForResponseAsync(() => tab.AnswerAndSendAsync(4, 4, null, 2),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/responses", StringComparison.Ordinal));
        await Expect(tab.Page.Locator("#bar")).ToBeHiddenAsync();

        await tab.Clock.RunForAsync(4_100); // thank-you screen over, start screen locked
        await Expect(tab.Start).ToBeVisibleAsync();
        await Expect(tab.Start).ToBeDisabledAsync();
        await Expect(tab.Start).ToHaveTextAsync("Vent litt …");
        await AssertNothingLeftAsync(tab);

        await tab.Clock.RunForAsync(8_000); // 12 s after sending
        await Expect(tab.Start).ToBeEnabledAsync();
        await Expect(tab.Start).ToHaveTextAsync("Start");
        await AssertBackAndForwardShowNothingAsync(tab);
        await tab.TapAsync(tab.Start);
        for (var n = 1; n <= 4; n++)
        {
            await Expect(tab.Progress).ToHaveTextAsync($"{n} av 4");
            await Expect(tab.Checked).ToHaveCountAsync(0);
            await tab.TapAsync(tab.Next);
        }
        // Waited for only now: the page clock moves in real time, and a slow fold must not eat the 12 s window above.
        // The page clock is moved on meanwhile: if the first send met a busy machine (a 503 after the 2 s storage timeout),
        // the kiosk's own retry runs on that clock.
        try
        {
            await Eventually.Until(async () =>
            {
                await tab.Clock.RunForAsync(1_000);
                return await fixture.App.Get<AggregateStore>().GetAsync(round.RoundId, default);
            }, a => a?.Respondents == 1, what: "the fold");
        }
        catch (TimeoutException e)
        {
            // Say where the answer stopped: never stored (the page did not send it), or stored and not folded.
            var queue = fixture.App.Get<Surveys.Functions.Storage.AppStorage>().Queue(fixture.App.ResponsesQueue);
            throw new TimeoutException($"No fold: {(await StoredAsync(round.RoundId)).Count} stored, " +
                $"{(await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount} message(s) on the responses queue.", e);
        }
        Assert.Single(await StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task ALanguageChosenOnTheStartScreen_IsForgotten_WhenNobodyStarts()
    {
        var round = await Seed.RoundAsync(fixture.App);
        await using var tab = await fixture.OpenAsync(round.Token);
        await tab.TapAsync(tab.Page.Locator("[data-lang=en]"));
        await Expect(tab.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await tab.Clock.RunForAsync(31_000);

        await Expect(tab.Page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
        await Expect(tab.Page.GetByText("Trykk på Start for å svare.")).ToBeVisibleAsync();
        await Expect(tab.IdleDialog).ToBeHiddenAsync();
    }

    /// <summary>The browser's Back leaves the kiosk (to what was open before it); Forward brings a fresh start screen.</summary>
    private static async Task AssertBackAndForwardShowNothingAsync(KioskTab tab)
    {
        await tab.Page.GoBackAsync();
        Assert.Equal("about:blank", tab.Page.Url);
        await tab.Page.GoForwardAsync();
        await Expect(tab.Start).ToBeVisibleAsync();
        await Expect(tab.Radios).ToHaveCountAsync(0);
    }

    /// <summary>P-13: no answer in the page, its history, web storage, cookies or IndexedDB.</summary>
    private static async Task AssertNothingLeftAsync(KioskTab tab)
    {
        await Expect(tab.Radios).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("textarea")).ToHaveCountAsync(0);
        Assert.Equal(tab.HistoryLengthAtStart, await tab.Page.EvaluateAsync<int>("() => history.length")); // the kiosk adds no entries
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => history.state"));
        Assert.EndsWith(tab.Path, tab.Page.Url);

        var stored = await tab.StoredInBrowserAsync();
        Assert.Contains("\"local\":{}", stored);
        Assert.Contains("\"session\":{}", stored);
        Assert.Contains("\"cookies\":\"\"", stored);
        Assert.Contains("\"surveys-kiosk/outbox\":[]", stored);
        Assert.DoesNotContain("WELLBEING", stored);
        Assert.DoesNotContain("WELLBEING", await tab.Page.ContentAsync());
    }
}
