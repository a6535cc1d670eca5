using Surveys.Tests.Shared;
using System.Diagnostics;
using Microsoft.Playwright;
using Surveys.Browser.Tests.Infrastructure;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests;

/// <summary>
/// A real storage outage under the kiosk page: the app runs on an Azurite of its own, which the test pauses
/// (SIGSTOP) while a participant sends, so storage really stops answering (no faked 503). The app answers 503
/// with Retry-After in time, the page keeps the answer in its outbox and sends it once storage is back, and
/// the answer is counted exactly once.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    /// <summary>Longer than the outbox's first retry (5 s, ±20 %).</summary>
    private const int FirstRetry = 6_500;

    /// <summary>What the page got back for one POST of a response (Status 0: no answer at all).</summary>
    private sealed record Seen(int Status, TimeSpan AfterSend, string? RetryAfter, string? ContentType, string? Failure = null)
    {
        public override string ToString() =>
            Failure is null ? $"{Status} after {AfterSend.TotalSeconds:0.0} s" : $"failed ({Failure}) after {AfterSend.TotalSeconds:0.0} s";
    }

    /// <summary>The kiosk app and browser on the private Azurite (the local host's queue triggers and timers and the
    /// worker alike: AzureWebJobsStorage is both theirs). A message whose lease could not be settled while storage was
    /// away comes back when its lease runs out: the host's 20 s instead of the 10 min default keeps the test short.</summary>
    private sealed class PrivateStorageKiosk(string connectionString) : KioskFixture(new()
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["LocalHost:QueueLeaseSeconds"] = "20",
    }), IAsyncDisposable
    {
        ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
    }

    [Fact]
    public async Task AnAnswerSentWhileStorageIsDown_IsKeptAndArrivesOnceWhenStorageIsBack()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        var kiosk = new PrivateStorageKiosk(azurite.ConnectionString);
        await kiosk.InitializeAsync();
        await using var disposeKiosk = kiosk;
        var app = kiosk.App;
        var round = await Seed.RoundAsync(app);
        await using var tab = await kiosk.OpenAsync(round.Token);

        var sent = new Stopwatch();
        var seen = new List<Seen>();
        static bool IsSubmit(IRequest request) => request.Method == "POST" && request.Url.EndsWith("/responses", StringComparison.Ordinal);
        tab.Page.Response += (_, response) =>
        {
            if (!IsSubmit(response.Request)) return;
            lock (seen) seen.Add(new Seen(response.Status, sent.Elapsed, response.Headers.GetValueOrDefault("retry-after"), response.Headers.GetValueOrDefault("content-type")));
        };
        tab.Page.RequestFailed += (_, request) =>
        {
            if (!IsSubmit(request)) return;
            lock (seen) seen.Add(new Seen(0, sent.Elapsed, null, null, request.Failure ?? "?"));
        };
        List<Seen> Seen() { lock (seen) return [.. seen]; }

        await tab.AnswerAsync(4, 2, null, 5);

        // Storage stops answering just before the participant presses "Send".
        await azurite.PauseAsync();
        try
        {
            sent.Start();
            await tab.TapAsync(tab.Send);
            // The participant is thanked at once; the page does not make them wait for the server.
            await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Takk for svarene!" })).ToBeVisibleAsync();

            var first = (await Eventually.Until(() => Task.FromResult(Seen()), s => s.Count > 0, TimeSpan.FromSeconds(30), "the server's answer to the send"))[0];
            Assert.True(first.Status == 503, $"The page got {first}, not a 503.");
            Assert.True(first.AfterSend < TimeSpan.FromSeconds(10), $"The 503 came {first.AfterSend.TotalSeconds:0.0} s after Send (limit 10 s).");
            Assert.False(string.IsNullOrEmpty(first.RetryAfter), "The 503 has no Retry-After.");
            Assert.StartsWith("application/problem+json", first.ContentType);

            // The answer is kept in the outbox, and staff see it waiting.
            await Expect(tab.Staff).ToHaveAttributeAsync("data-waiting", "1");
            await Expect(tab.Staff).ToContainTextAsync("Svar som venter på nett: 1");
            await Expect(tab.Staff).ToBeVisibleAsync();
        }
        finally
        {
            await azurite.ResumeAsync();
        }

        // Storage is back: the outbox's next retry delivers the answer and empties the outbox.
        await tab.Clock.RunForAsync(FirstRetry);
        await Expect(tab.Staff).ToHaveAttributeAsync("data-waiting", "0", new() { Timeout = 30_000 });
        await Expect(tab.Staff).Not.ToContainTextAsync("venter");
        var delivered = await Eventually.Until(() => Task.FromResult(Seen()), s => s.Any(x => x.Status is >= 200 and < 300), TimeSpan.FromSeconds(10), "the acknowledgement");
        output.WriteLine("The page's submits: " + string.Join(", ", delivered));
        Assert.True(delivered.All(x => x.Status is 503 or 202 or 200), "Unexpected answers to the submits: " + string.Join(", ", delivered));
        Assert.Single(delivered, x => x.Status is >= 200 and < 300);

        // Folded once...
        var aggregate = await Eventually.Until(() => app.Get<AggregateStore>().GetAsync(round.RoundId, default),
            a => a?.Respondents >= 1, TimeSpan.FromSeconds(30), "the answer to be folded");
        Assert.Equal(1, aggregate!.Respondents);
        var stored = new List<StoredResponse>();
        await foreach (var r in app.Get<ResponseStore>().ListAsync(round.RoundId, default)) stored.Add(r);
        Assert.Equal("""{"WELLBEING-01":4,"WELLBEING-02":2,"WELLBEING-04":5}""", Assert.Single(stored).AnswersJson);

        // ...and still once when nothing is left to fold: every message of the responses queue is gone
        // (the count includes leased messages, so a fold still under way or due to be retried would show).
        var responses = app.Get<AppStorage>().Queue(app.Get<ResponseQueue>().Name);
        await Eventually.Until(async () => await responses.ExistsAsync() ? (await responses.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0,
            count => count == 0, TimeSpan.FromSeconds(45), "the responses queue to be empty");
        Assert.Equal(1, (await app.Get<AggregateStore>().GetAsync(round.RoundId, default))!.Respondents);
    }
}
