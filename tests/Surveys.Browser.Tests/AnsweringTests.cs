using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Responses;
using Surveys.Model;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>A person answers on the kiosk by touch or keyboard, and the answers arrive once, as chosen (users.md P-03 … P-11, P-14).</summary>
public sealed class AnsweringTests(KioskFixture fixture) : IClassFixture<KioskFixture>
{
    private KioskApp App => fixture.App;

    private async Task<List<StoredResponse>> StoredAsync(string roundId)
    {
        var list = new List<StoredResponse>();
        await foreach (var r in App.Get<ResponseStore>().ListAsync(roundId, default)) list.Add(r);
        return list;
    }

    private Task<RoundAggregate?> FoldedAsync(string roundId) =>
        Eventually.Until(() => App.Get<AggregateStore>().GetAsync(roundId, default), a => a?.Respondents >= 1, what: "the fold");

    [Fact]
    public async Task ASmileySurvey_AnsweredByTouch_IsStoredAndFoldedOnce_WithTheChosenPositions()
    {
        // WELLBEING-02 keeps its first-round words ("Ja, alltid" at position 5): the page shows the item's own labels.
        var round = await Seed.RoundAsync(App, labelSets: new() { ["WELLBEING-02"] = "LBL-FREQ5-JA" });
        await using var tab = await fixture.OpenAsync(round.Token, touch: true);

        await tab.TapAsync(tab.Start);
        await Expect(tab.Heading).ToHaveTextAsync("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.");
        await Expect(tab.Heading).ToBeFocusedAsync();
        await Expect(tab.Progress).ToHaveTextAsync("1 av 4");
        await Expect(tab.Radios).ToHaveCountAsync(5);
        await Expect(tab.Option(5)).ToHaveAccessibleNameAsync("Alltid");
        await tab.TapAsync(tab.Option(4));
        await Expect(tab.Option(4)).ToHaveAttributeAsync("aria-checked", "true");
        await tab.TapAsync(tab.Next);

        await Expect(tab.Progress).ToHaveTextAsync("2 av 4");
        await Expect(tab.Option(5)).ToHaveAccessibleNameAsync("Ja, alltid");
        await Expect(tab.Option(4)).ToHaveAccessibleNameAsync("Stort sett");
        await Expect(tab.Checked).ToHaveCountAsync(0);
        await tab.TapAsync(tab.Option(1));
        await tab.TapAsync(tab.Next);

        // A double tap on "Neste" moves on once (P-14).
        await Expect(tab.Progress).ToHaveTextAsync("3 av 4");
        await tab.TapAsync(tab.Option(2));
        await tab.Clock.FastForwardAsync(KioskTab.TapGuardMs + 50);
        await tab.Next.DblClickAsync();
        await Expect(tab.Progress).ToHaveTextAsync("4 av 4");

        // Back within this person's answers keeps them; a change of mind replaces the answer (P-10).
        await tab.TapAsync(tab.Back);
        await Expect(tab.Progress).ToHaveTextAsync("3 av 4");
        await Expect(tab.Option(2)).ToHaveAttributeAsync("aria-checked", "true");
        await tab.TapAsync(tab.Option(3));
        await Expect(tab.Option(2)).ToHaveAttributeAsync("aria-checked", "false");
        await tab.TapAsync(tab.Next);

        // "Hopp over" on the last question: stored as not answered (P-09).
        await tab.TapAsync(tab.Skip);
        await Expect(tab.Send).ToBeVisibleAsync();
        await Expect(tab.Send).ToHaveTextAsync("Send");
        await tab.Send.TapAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Takk for svarene!" })).ToBeVisibleAsync();

        var aggregate = await FoldedAsync(round.RoundId);
        var stored = Assert.Single(await StoredAsync(round.RoundId));
        Assert.Equal("""{"WELLBEING-01":4,"WELLBEING-02":1,"WELLBEING-03":3}""", stored.AnswersJson);
        Assert.Equal("nb", stored.Language);
        Assert.Equal(1, aggregate!.Respondents);
        Assert.Equal(1, aggregate.Find("WELLBEING-01")!.Count(4));
        Assert.Equal(1, aggregate.Find("WELLBEING-02")!.Count(1));
        Assert.Equal(1, aggregate.Find("WELLBEING-03")!.Count(3));
        Assert.Equal(0, aggregate.Find("WELLBEING-03")!.Count(2));
        Assert.Equal(0, aggregate.Find("WELLBEING-04")!.Answered);
    }
}
