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

    [Fact]
    public async Task ASurvey_CanBeAnsweredByKeyboardAlone_WithVisibleFocus_AndFocusOnEachNewQuestion()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token);
        var keys = tab.Page.Keyboard;

        await TabToAsync(tab, tab.Start);
        await PressAsync(tab, "Enter");
        await Expect(tab.Heading).ToBeFocusedAsync();
        await Expect(tab.Heading).ToHaveTextAsync("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.");

        // Tab reaches the group at its first face; the arrow keys move and choose, as in a radio group.
        await keys.PressAsync("Tab");
        await Expect(tab.Listen).ToBeFocusedAsync();
        await keys.PressAsync("Tab");
        await Expect(tab.Option(1)).ToBeFocusedAsync();
        Assert.Equal("solid", await tab.Option(1).EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        for (var i = 0; i < 3; i++) await keys.PressAsync("ArrowRight");
        await Expect(tab.Option(4)).ToBeFocusedAsync();
        await Expect(tab.Option(4)).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(tab.Checked).ToHaveCountAsync(1);
        await TabToAsync(tab, tab.Next);
        Assert.Equal("solid", await tab.Next.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await PressAsync(tab, "Enter");

        await Expect(tab.Progress).ToHaveTextAsync("2 av 4");
        await Expect(tab.Heading).ToBeFocusedAsync();
        await TabToAsync(tab, tab.Option(1));
        await keys.PressAsync("End");
        await Expect(tab.Option(5)).ToHaveAttributeAsync("aria-checked", "true");
        await TabToAsync(tab, tab.Next);
        await PressAsync(tab, " ");

        await Expect(tab.Progress).ToHaveTextAsync("3 av 4");
        await TabToAsync(tab, tab.Skip);
        await PressAsync(tab, "Enter");

        await Expect(tab.Progress).ToHaveTextAsync("4 av 4");
        await Expect(tab.Heading).ToBeFocusedAsync();
        await TabToAsync(tab, tab.Option(1));
        await keys.PressAsync("ArrowDown");
        await keys.PressAsync("ArrowDown");
        await Expect(tab.Option(3)).ToHaveAttributeAsync("aria-checked", "true");
        await TabToAsync(tab, tab.Next);
        await PressAsync(tab, "Enter");

        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Ferdig!" })).ToBeFocusedAsync();
        await TabToAsync(tab, tab.Send);
        await PressAsync(tab, "Enter");
        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Takk for svarene!" })).ToBeVisibleAsync();

        await FoldedAsync(round.RoundId);
        var stored = Assert.Single(await StoredAsync(round.RoundId));
        Assert.Equal("""{"WELLBEING-01":4,"WELLBEING-02":5,"WELLBEING-04":3}""", stored.AnswersJson);
    }

    [Fact]
    public async Task ReadAloud_SpeaksTheQuestion_InANorwegianVoice_AndATappedFaceSpeaksItsLabel()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token, touch: true);
        await tab.TapAsync(tab.Start);

        await tab.TapAsync(tab.Listen);
        await tab.TapAsync(tab.Option(3));
        await tab.TapAsync(tab.Page.Locator("[data-lang=en]"));
        await tab.TapAsync(tab.Listen);

        var spoken = await tab.SpokenAsync();
        Assert.Equal(
            [
                ("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.", "nb-NO", "Test bokmål"),
                ("Noen ganger, andre ganger ikke", "nb-NO", "Test bokmål"),
                ("My supervisor listens to me when I have something important to say.", "en-GB", "Test English"),
            ],
            spoken);
    }

    [Fact]
    public async Task TheIdleTimer_WaitsWhileTheQuestionIsRead_AndRestartsWhenReadingEnds()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token);
        await tab.TapAsync(tab.Start);

        await tab.Page.EvaluateAsync("() => { window.__holdSpeech = true; }");
        await tab.TapAsync(tab.Listen);
        await tab.Clock.RunForAsync(120_000); // longer than the 90 s idle time: nobody is asked while listening
        await Expect(tab.IdleDialog).ToBeHiddenAsync();

        await tab.Page.EvaluateAsync("() => window.__endSpeech()");
        await tab.Clock.RunForAsync(85_000);
        await Expect(tab.IdleDialog).ToBeHiddenAsync();
        await tab.Clock.RunForAsync(10_000);
        await Expect(tab.IdleDialog).ToBeVisibleAsync();
        await Expect(tab.IdleDialog).ToContainTextAsync("Er du der fortsatt?");
    }

    [Fact]
    public async Task SwitchingLanguage_ChangesTheWordsOfThePageAndTheQuestions_UntilTheNextPerson()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token);
        var page = tab.Page;

        await tab.TapAsync(page.Locator("[data-lang=en]"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page).ToHaveTitleAsync("Survey");
        await Expect(page.GetByText("Tap Start to answer.")).ToBeVisibleAsync();
        await tab.TapAsync(tab.Start);
        await Expect(tab.Heading).ToHaveTextAsync("My supervisor listens to me when I have something important to say.");
        await Expect(tab.Progress).ToHaveTextAsync("1 of 4");
        await Expect(tab.Skip).ToHaveTextAsync("Skip");
        await Expect(tab.Next).ToHaveTextAsync("Next");
        await Expect(tab.Option(5)).ToHaveAccessibleNameAsync("Always");
        await Expect(tab.Listen).ToHaveTextAsync("Read aloud");
        await tab.TapAsync(tab.Option(2));

        // Back to bokmål mid-way: the answer stays, every word changes.
        await tab.TapAsync(page.Locator("[data-lang=nb]"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
        await Expect(tab.Heading).ToHaveTextAsync("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.");
        await Expect(tab.Skip).ToHaveTextAsync("Hopp over");
        await Expect(tab.Option(2)).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(tab.Option(2)).ToHaveAccessibleNameAsync("Sjeldent");

        await tab.TapAsync(page.Locator("[data-lang=en]"));
        await tab.TapAsync(tab.Next);
        await Expect(tab.Back).ToHaveTextAsync("Back");
        for (var i = 0; i < 3; i++) await tab.TapAsync(tab.Skip);
        await Expect(tab.Send).ToHaveTextAsync("Send");
        await Expect(page.GetByText("Tap Send to send your answers.")).ToBeVisibleAsync();
        await tab.TapAsync(tab.Send);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your answers!" })).ToBeVisibleAsync();

        await FoldedAsync(round.RoundId);
        Assert.Equal("en", Assert.Single(await StoredAsync(round.RoundId)).Language);

        // The next person starts in bokmål.
        await tab.Clock.RunForAsync(10_000);
        await Expect(tab.Start).ToHaveTextAsync("Start");
        await Expect(page.GetByText("Trykk på Start for å svare.")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
    }

    [Fact]
    public async Task EasyRead_ShowsTheShortWordsWhereTheSurveyHasThem()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token);
        var easy = tab.Page.Locator("#easy");
        await tab.TapAsync(tab.Start);

        await Expect(easy).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(tab.Option(3)).ToHaveAccessibleNameAsync("Noen ganger, andre ganger ikke");
        await tab.TapAsync(easy);
        await Expect(easy).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(tab.Option(3)).ToHaveAccessibleNameAsync("Noen ganger");
        await Expect(tab.Option(5)).ToHaveAccessibleNameAsync("Alltid"); // no easy-read wording: the label itself
        await tab.TapAsync(easy);
        await Expect(tab.Option(3)).ToHaveAccessibleNameAsync("Noen ganger, andre ganger ikke");
    }

    [Fact]
    public async Task ADoubleTapOnSend_SendsOnce()
    {
        var round = await Seed.RoundAsync(App);
        await using var tab = await fixture.OpenAsync(round.Token);
        var posts = 0;
        tab.Page.Request += (_, request) => { if (request.Method == "POST") Interlocked.Increment(ref posts); };
        await tab.TapAsync(tab.Start);
        await tab.TapAsync(tab.Option(2));
        for (var i = 0; i < 4; i++) await tab.TapAsync(tab.Next);

        await tab.Clock.FastForwardAsync(KioskTab.TapGuardMs + 50);
        await tab.Send.DblClickAsync();

        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Takk for svarene!" })).ToBeVisibleAsync();
        await FoldedAsync(round.RoundId);
        Assert.Equal(1, posts);
        Assert.Single(await StoredAsync(round.RoundId));
    }

    /// <summary>A key press of a person: more than the tap guard after the last one.</summary>
    private static async Task PressAsync(KioskTab tab, string key)
    {
        await tab.Clock.FastForwardAsync(KioskTab.TapGuardMs + 50);
        await tab.Page.Keyboard.PressAsync(key);
    }

    private static async Task TabToAsync(KioskTab tab, ILocator target)
    {
        for (var i = 0; i < 12; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
            await tab.Page.Keyboard.PressAsync("Tab");
        }
        await Expect(target).ToBeFocusedAsync();
    }
}
