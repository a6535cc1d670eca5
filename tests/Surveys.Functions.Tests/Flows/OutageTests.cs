using Surveys.Tests.Shared;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Review;
using Surveys.Functions.Tests.Hosting;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Flows;

/// <summary>
/// Storage stops answering for ten seconds while answers are submitted and folded: the kiosk is told 503 with
/// Retry-After in time to keep the answer, its retries land afterwards, the fold listener picks up again without a
/// restart, and every acknowledged answer is counted exactly once.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class OutageTests
{
    private const int Concurrency = 8;

    private sealed record Outcome(HttpStatusCode Status, TimeSpan Took, bool HasRetryAfter, string? ContentType);

    [Fact]
    public async Task StoragePausedForTenSeconds_SubmitsGet503_RetriesLand_AndEveryAnswerIsCountedOnce()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        await using var app = new SurveysApp(settings: new()
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            // A message whose fold failed while storage was away cannot be released either: it comes back when its
            // lease runs out. 20 s instead of the 10 min default keeps the test short; the semantics are the host's.
            ["LocalHost:QueueLeaseSeconds"] = "20",
        });
        var round = await Seed.RoundAsync(app);
        var outcomes = new ConcurrentBag<Outcome>();
        var acknowledged = new ConcurrentDictionary<Guid, bool>();
        using var stopSubmitting = new CancellationTokenSource();

        // The kiosk: each answer keeps its response id and is sent until the server acknowledges it.
        async Task KioskAsync()
        {
            using var client = app.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(60);
            while (!stopSubmitting.IsCancellationRequested)
            {
                var id = Guid.NewGuid();
                var value = 1 + Random.Shared.Next(5);
                while (true)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await client.PostAsJsonAsync($"/api/kiosk/{round.Token}/responses",
                        new { responseId = id, answers = new Dictionary<string, int> { ["WELLBEING-01"] = value } });
                    outcomes.Add(new Outcome(response.StatusCode, clock.Elapsed, response.Headers.RetryAfter is not null,
                        response.Content.Headers.ContentType?.MediaType));
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged[id] = true;
                        break;
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(300));
                }
            }
        }

        var kiosks = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(KioskAsync)).ToArray();
        await Eventually.Until(() => Task.FromResult(acknowledged.Count >= 40), TimeSpan.FromSeconds(60), "the first answers");
        await azurite.PauseAsync();
        // A tablet that reloads the kiosk now still gets the kiosk (which says «Får ikke kontakt» and keeps trying),
        // not an error document it cannot leave.
        var reload = Task.Run(async () =>
        {
            using var tablet = app.CreateClient();
            var clock = Stopwatch.StartNew();
            using var page = await tablet.GetAsync($"/k/{round.Token}");
            return (page.StatusCode, page.Content.Headers.ContentType?.MediaType, clock.Elapsed);
        });
        await Task.Delay(TimeSpan.FromSeconds(10));
        await azurite.ResumeAsync();
        // Answers keep coming for a while after storage is back; each kiosk then finishes the answer it holds.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stopSubmitting.CancelAsync();
        await Task.WhenAll(kiosks).WaitAsync(TimeSpan.FromMinutes(2));
        var answers = acknowledged.Count;
        var (pageStatus, pageType, pageTook) = await reload;
        Assert.Equal((HttpStatusCode.OK, "text/html"), (pageStatus, pageType));
        Assert.True(pageTook < TimeSpan.FromSeconds(10), $"The kiosk page took {pageTook}.");

        var unavailable = outcomes.Where(o => o.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.True(unavailable.Count > 0, "No 503: " + string.Join(", ", outcomes.OrderByDescending(o => o.Took).Take(12).Select(o => $"{(int)o.Status} in {o.Took.TotalSeconds:0.0} s")) + $" of {outcomes.Count}");
        Assert.All(unavailable, o =>
        {
            Assert.True(o.Took < TimeSpan.FromSeconds(10), $"A 503 took {o.Took}.");
            Assert.True(o.HasRetryAfter, "A 503 without Retry-After.");
            Assert.Equal("application/problem+json", o.ContentType);
        });
        Assert.All(outcomes, o => Assert.True(o.Status is HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable,
            $"Unexpected {(int)o.Status} during the outage."));

        // The fold listener went on by itself: every acknowledged answer is in the aggregate, none twice.
        var aggregate = await Eventually.Until(() => app.Get<AggregateStore>().GetAsync(round.RoundId, default),
            a => a?.Respondents >= answers, TimeSpan.FromSeconds(90), "every acknowledged answer to be folded");
        Assert.Equal(answers, aggregate!.Respondents);
        Assert.Equal(answers, AggregateCounts.Answered(aggregate, "WELLBEING-01"));

        // So did the comparisons listener: the stored trend is recomputed from the final count.
        await Eventually.Until(() => app.Get<ComparisonStore>().GetSourcesAsync(round.SurveyId, ComparisonStore.TrendRow, default),
            sources => sources?.Split("|")[0].EndsWith($":{answers}", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(60), $"the trend to be recomputed with all {answers} answers");
    }
}
