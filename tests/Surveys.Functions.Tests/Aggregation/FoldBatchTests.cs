using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using System.Net.Http.Json;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Functions.Hosting;
using Surveys.Functions.Responses;
using Surveys.Functions.Review;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Aggregation;

/// <summary>
/// Folds of one round that arrive together are written together (ADR 15): every response is still counted exactly
/// once, whatever arrives twice, was folded before, or is folded by another instance at the same time; and a burst
/// asks for far fewer recomputes than it has answers, while the stored trend still includes every answer.
/// </summary>
public sealed class FoldBatchTests
{
    private const string Item = "WELLBEING-02";

    private static async Task<(Survey Survey, Round Round)> LoadAsync(SurveysApp app, SeededRound seeded)
    {
        var catalog = app.Get<CatalogStore>();
        return ((await catalog.LoadSurveyAsync(seeded.OrganisationId, seeded.SurveyId, default))!,
            (await catalog.GetRoundAsync(seeded.SurveyId, seeded.RoundId, default))!);
    }

    private static Response Answer(Survey survey, Round round, int value) => survey.Validate(
        new ResponseSubmission(Guid.NewGuid(), new Dictionary<string, AnswerInput> { [Item] = AnswerInput.Number(value) }, "nb", EntryMode.Kiosk),
        round, DateTimeOffset.UtcNow);

    /// <summary>Stores the responses as the submit does (without queueing them): what FoldResponse reads.</summary>
    private static async Task<List<ResponseMessage>> StoreAsync(SurveysApp app, SeededRound seeded, IEnumerable<Response> responses)
    {
        var messages = new List<ResponseMessage>();
        foreach (var r in responses)
        {
            await app.Get<ResponseStore>().StoreAsync(StoredResponse.From(seeded.OrganisationId, r), default);
            messages.Add(new ResponseMessage(seeded.OrganisationId, seeded.SurveyId, seeded.RoundId, r.Id));
        }
        return messages;
    }

    private static Task FoldAsync(SurveysApp app, ResponseMessage message) =>
        app.Get<FunctionInvoker>().InvokeQueueAsync("FoldResponse", new QueueTrigger(message.ToJson(), 1), default);

    [Fact]
    public async Task ABurstIntoOneRound_ThroughTheHost_IsCountedExactlyOnce()
    {
        await using var app = new SurveysApp();
        var seeded = await Seed.RoundAsync(app);
        const int n = 60;

        using var client = app.CreateClient();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, ct) =>
        {
            using var response = await client.PostAsJsonAsync($"/api/kiosk/{seeded.Token}/responses",
                new { responseId = Guid.NewGuid(), answers = new Dictionary<string, int> { [Item] = i % 5 + 1 } }, ct);
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{(int)response.StatusCode}");
        });

        var aggregate = await Eventually.Until(() => app.Get<AggregateStore>().GetAsync(seeded.RoundId, default), a => a?.Respondents >= n,
            TimeSpan.FromSeconds(60), "every fold");
        Assert.Equal(n, aggregate!.Respondents);
        for (var value = 1; value <= 5; value++) Assert.Equal(n / 5, AggregateCounts.Of(aggregate, Item, value));
        Assert.Equal(n, (await app.Get<AggregateStore>().FoldedIdsAsync(seeded.RoundId, default)).Count);
    }

    [Fact]
    public async Task TheSameMessageDeliveredTwiceAtOnceAndAgainLater_CountsOnce()
    {
        await using var app = new SurveysApp(runTriggers: false);
        var seeded = await Seed.RoundAsync(app);
        var (survey, round) = await LoadAsync(app, seeded);
        var messages = await StoreAsync(app, seeded, [Answer(survey, round, 4), Answer(survey, round, 2)]);

        await Task.WhenAll(messages.SelectMany(m => new[] { FoldAsync(app, m), FoldAsync(app, m), FoldAsync(app, m) }));
        await FoldAsync(app, messages[0]);

        var aggregate = (await app.Get<AggregateStore>().GetAsync(seeded.RoundId, default))!;
        Assert.Equal(2, aggregate.Respondents);
        Assert.Equal(1, AggregateCounts.Of(aggregate, Item, 4));
        Assert.Equal(1, AggregateCounts.Of(aggregate, Item, 2));
    }

    [Fact]
    public async Task ABatchWithResponsesFoldedBefore_CountsTheOthers_AndReportsThoseAsAlreadyFolded()
    {
        await using var app = new SurveysApp(runTriggers: false);
        var seeded = await Seed.RoundAsync(app);
        var (survey, round) = await LoadAsync(app, seeded);
        var responses = Enumerable.Range(0, 6).Select(i => Answer(survey, round, i % 5 + 1)).ToList();
        var store = app.Get<AggregateStore>();
        Assert.True(await store.FoldAsync(survey, responses[1], default));
        Assert.True(await store.FoldAsync(survey, responses[4], default));

        // One transaction of all six: the markers of the second and the fifth exist (409 at their places).
        var outcomes = await store.FoldTogetherAsync(() => Task.FromResult(survey), responses);

        Assert.Equal([true, false, true, true, false, true], outcomes.Select(o => o.Folded));
        var aggregate = (await store.GetAsync(seeded.RoundId, default))!;
        Assert.Equal(6, aggregate.Respondents);
        Assert.Equal(2, AggregateCounts.Of(aggregate, Item, 1));
        Assert.Equal(1, AggregateCounts.Of(aggregate, Item, 5));
        Assert.Equal(6, outcomes.Where(o => o.Folded).Max(o => o.Respondents));
    }

    [Fact]
    public async Task TheWorkerAndAnotherInstance_FoldingTheSameRoundAtOnce_LoseNothingAndCountNothingTwice()
    {
        await using var app = new SurveysApp();
        var seeded = await Seed.RoundAsync(app);
        var (survey, round) = await LoadAsync(app, seeded);
        const int n = 48;
        var messages = await StoreAsync(app, seeded, Enumerable.Range(0, n).Select(i => Answer(survey, round, i % 4 + 1)));

        // The worker folds every message from the queue while this process (another instance, with its own
        // batches) folds the same messages, and a few more of its own, into the same round.
        var queue = app.Get<ResponseQueue>();
        var worker = Task.WhenAll(messages.Select(m => queue.SendAsync(m, default)));
        var other = Parallel.ForEachAsync(messages.AsEnumerable().Reverse(), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (m, _) => await FoldAsync(app, m));
        await Task.WhenAll(worker, other);

        var aggregate = await Eventually.Until(() => app.Get<AggregateStore>().GetAsync(seeded.RoundId, default), a => a?.Respondents >= n,
            TimeSpan.FromSeconds(60), "every fold");
        await Eventually.Until(async () => await app.Get<AppStorage>().Queue(app.ResponsesQueue).CountAsync() == 0, what: "the worker's folds");
        aggregate = (await app.Get<AggregateStore>().GetAsync(seeded.RoundId, default))!;
        Assert.Equal(n, aggregate.Respondents);
        for (var value = 1; value <= 4; value++) Assert.Equal(n / 4, AggregateCounts.Of(aggregate, Item, value));
    }

    [Fact]
    public async Task ABurstOfAnswers_AsksForFarFewerRecomputesThanAnswers_AndTheStoredTrendIncludesEveryAnswer()
    {
        await using var app = new SurveysApp(runTriggers: false);
        var seeded = await Seed.RoundAsync(app);
        var (survey, round) = await LoadAsync(app, seeded);
        const int n = 50;
        var messages = await StoreAsync(app, seeded, Enumerable.Range(0, n).Select(i => Answer(survey, round, i % 5 + 1)));
        var comparisons = app.Get<AppStorage>().Queue(app.Get<ComparisonQueue>().Name);

        // The first half of the burst; one recompute runs in the middle of it; then the rest.
        await Parallel.ForEachAsync(messages.Take(n / 2), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (m, _) => await FoldAsync(app, m));
        var firstHalf = await RecomputeQueuedAsync(app, comparisons);
        await Parallel.ForEachAsync(messages.Skip(n / 2), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (m, _) => await FoldAsync(app, m));
        var secondHalf = await RecomputeQueuedAsync(app, comparisons);

        Assert.InRange(firstHalf, 1, 5);
        Assert.InRange(secondHalf, 1, 5);
        Assert.Equal(n, (await app.Get<AggregateStore>().GetAsync(seeded.RoundId, default))!.Respondents);
        // The stored trend (what the results page reads) was computed from all n answers, by the recomputes alone.
        var sources = await app.Get<ComparisonStore>().GetSourcesAsync(seeded.SurveyId, ComparisonStore.TrendRow, default);
        Assert.Contains($"{seeded.RoundId}:", sources);
        Assert.EndsWith($":{n}", sources!.Split('|').Single(p => p.StartsWith(seeded.RoundId + ":", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ARecomputeMarkerLeftBehind_DoesNotKeepTheRoundFromBeingRecomputed_AfterItsLifetime()
    {
        await using var app = new SurveysApp(runTriggers: false);
        var seeded = await Seed.RoundAsync(app);
        var (survey, round) = await LoadAsync(app, seeded);
        var messages = await StoreAsync(app, seeded, [Answer(survey, round, 3), Answer(survey, round, 5)]);
        var comparisons = app.Get<AppStorage>().Queue(app.Get<ComparisonQueue>().Name);
        // A recompute was queued and never ran (its message ended in poison): its marker is still there.
        var markers = await app.Get<AppStorage>().TableAsync(ComparisonStore.Table);
        await markers.UpsertEntityAsync(new TableEntity(seeded.SurveyId, "queued|" + seeded.RoundId)
            { ["QueuedAt"] = DateTimeOffset.UtcNow - ComparisonQueue.MarkerLifetime - TimeSpan.FromMinutes(1) });

        await FoldAsync(app, messages[0]);
        Assert.Equal(1, await RecomputeQueuedAsync(app, comparisons)); // the old marker counts as absent

        // A fresh marker does coalesce: queued, not yet run, so the next fold sends nothing.
        await app.Get<ComparisonQueue>().RequestAsync(new RecomputeMessage(seeded.OrganisationId, seeded.SurveyId, seeded.RoundId), default);
        await FoldAsync(app, messages[1]);
        Assert.Equal(1, await RecomputeQueuedAsync(app, comparisons));
        Assert.EndsWith(":2", (await app.Get<ComparisonStore>().GetSourcesAsync(seeded.SurveyId, ComparisonStore.TrendRow, default))!
            .Split('|').Single(p => p.StartsWith(seeded.RoundId + ":", StringComparison.Ordinal)));
    }

    /// <summary>Runs RecomputeComparisons for every message on the comparisons queue, as the host would; returns how many.</summary>
    private static async Task<int> RecomputeQueuedAsync(SurveysApp app, QueueClient queue)
    {
        var count = 0;
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } received)
        {
            foreach (var message in received)
            {
                await app.Get<FunctionInvoker>().InvokeQueueAsync("RecomputeComparisons", new QueueTrigger(message.Body.ToString(), 1), default);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                count++;
            }
        }
        return count;
    }
}
