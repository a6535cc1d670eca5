using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Responses;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>
/// Without network a finished response waits in the outbox (encrypted, in IndexedDB), survives a
/// reload, is retried, and arrives exactly once; a refusal is dropped and counted (users.md P-15, P-16).
/// </summary>
public sealed class OfflineTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    private const string Responses = "**/api/kiosk/*/responses";

    /// <summary>Longer than the outbox's first retry (5 s, ±20 %).</summary>
    private const int FirstRetry = 6_500;

    private KioskApp App => fixture.App;

    private async Task<List<StoredResponse>> StoredAsync(string roundId)
    {
        var list = new List<StoredResponse>();
        await foreach (var r in App.Get<ResponseStore>().ListAsync(roundId, default)) list.Add(r);
        return list;
    }

    private async Task AssertArrivedOnceAsync(string roundId, string answersJson)
    {
        var aggregate = await Eventually.Until(() => App.Get<AggregateStore>().GetAsync(roundId, default), a => a?.Respondents >= 1, what: "the fold");
        Assert.Equal(1, aggregate!.Respondents);
        Assert.Equal(answersJson, Assert.Single(await StoredAsync(roundId)).AnswersJson);
    }

    private static async Task AssertWaitingAsync(KioskTab tab, int count)
    {
        await Expect(tab.Staff).ToHaveAttributeAsync("data-waiting", count.ToString());
        if (count > 0) await Expect(tab.Staff).ToContainTextAsync($"Svar som venter på nett: {count}");
        else await Expect(tab.Staff).Not.ToContainTextAsync("venter");
    }

    [Fact]
    public async Task AnswersSentWithoutNetwork_WaitInTheOutbox_AndArriveExactlyOnceWhenTheNetworkIsBack()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token, touch: true);
        await tab.TapAsync(tab.Start);
        await tab.TapAsync(tab.Option(5));
        await tab.TapAsync(tab.Next);

        await tab.Context.SetOfflineAsync(true);
        await tab.TapAsync(tab.Option(1));
        await tab.TapAsync(tab.Next);
        await tab.TapAsync(tab.Skip);
        await tab.TapAsync(tab.Option(3));
        await tab.TapAsync(tab.Next);
        await tab.TapAsync(tab.Send);

        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Takk for svarene!" })).ToBeVisibleAsync();
        await AssertWaitingAsync(tab, 1);
        var stored = await tab.StoredInBrowserAsync();
        Assert.Contains("surveys-kiosk/outbox", stored);
        Assert.Contains("(bytes)", stored);          // the entry is there, encrypted
        Assert.DoesNotContain("WELLBEING", stored);   // and nothing of it can be read
        Assert.Empty(await StoredAsync(round.RoundId));

        // The next person can start while the response waits; staff still see the count.
        await tab.Clock.RunForAsync(10_000);
        await Expect(tab.Start).ToBeEnabledAsync();
        await AssertWaitingAsync(tab, 1);

        await tab.Context.SetOfflineAsync(false);
        await AssertWaitingAsync(tab, 0);
        await AssertArrivedOnceAsync(round.RoundId, """{"WELLBEING-01":5,"WELLBEING-02":1,"WELLBEING-04":3}""");
        Assert.DoesNotContain("(bytes)", await tab.StoredInBrowserAsync());
    }

    [Fact]
    public async Task TheOutbox_SurvivesAReload_AndIsDeliveredOnceAfterwards()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token);
        // The kiosk API cannot be reached (the page itself still loads, as from a cache).
        await tab.Page.RouteAsync(Responses, route => route.AbortAsync("internetdisconnected"));
        await tab.AnswerAndSendAsync(2, 2, null, 4);
        await AssertWaitingAsync(tab, 1);

        await tab.Page.ReloadAsync();
        await Expect(tab.Start).ToBeVisibleAsync();
        await AssertWaitingAsync(tab, 1);
        await tab.Clock.RunForAsync(FirstRetry); // a retry that fails again keeps it
        await AssertWaitingAsync(tab, 1);
        Assert.Empty(await StoredAsync(round.RoundId));

        await tab.Page.UnrouteAllAsync();
        await tab.Clock.RunForAsync(2 * FirstRetry); // the next retry, after a longer wait
        await AssertWaitingAsync(tab, 0);
        await AssertArrivedOnceAsync(round.RoundId, """{"WELLBEING-01":2,"WELLBEING-02":2,"WELLBEING-04":4}""");
    }

    [Fact]
    public async Task AResponseStoredButNeverAcknowledged_IsSentAgain_AndStillCountedOnce()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token);
        var statuses = new List<int>();
        var first = true;
        await tab.Page.RouteAsync(Responses, async route =>
        {
            var response = await route.FetchAsync();
            lock (statuses) statuses.Add(response.Status);
            if (first) { first = false; await route.AbortAsync("connectionreset"); } // the server stored it; the answer got lost
            else await route.FulfillAsync(new() { Response = response });
        });

        await tab.AnswerAndSendAsync(5, 5, 5, 5);
        await AssertWaitingAsync(tab, 1);
        await tab.Clock.RunForAsync(FirstRetry);
        await AssertWaitingAsync(tab, 0);

        Assert.Equal([202, 200], statuses); // received, then already-received
        await AssertArrivedOnceAsync(round.RoundId, """{"WELLBEING-01":5,"WELLBEING-02":5,"WELLBEING-03":5,"WELLBEING-04":5}""");
    }

    [Fact]
    public async Task AServerError_KeepsTheResponseForLater_AndARefusal_DropsItAndCountsItForStaff()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token);
        await tab.Page.RouteAsync(Responses, route => route.FulfillAsync(new() { Status = 503, Body = "{}", ContentType = "application/problem+json" }));
        await tab.AnswerAndSendAsync(1, null, null, null);
        await AssertWaitingAsync(tab, 1);

        await tab.Page.UnrouteAllAsync();
        await tab.Page.RouteAsync(Responses, route => route.FulfillAsync(new() { Status = 400, Body = "{}", ContentType = "application/problem+json" }));
        await tab.Clock.RunForAsync(FirstRetry);
        await AssertWaitingAsync(tab, 0);
        await Expect(tab.Staff).ToHaveTextAsync("Avviste svar: 1");
        Assert.DoesNotContain("(bytes)", await tab.StoredInBrowserAsync());
        Assert.Empty(await StoredAsync(round.RoundId));
    }
}
