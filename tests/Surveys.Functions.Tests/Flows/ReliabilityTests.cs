using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Hosting;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Flows;

/// <summary>No answer is lost or counted twice when delivery repeats, processing fails, or instances race.</summary>
public sealed class ReliabilityTests
{
    private static async Task SubmitAsync(SurveysApp app, SeededRound round, Guid id, int value)
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync($"/api/kiosk/{round.Token}/responses",
            new { responseId = id, answers = new Dictionary<string, int> { ["WELLBEING-01"] = value } });
        // 202, or 200 «already received» when the storage client retried an insert whose answer it lost (a loaded machine):
        // either way the answer is acknowledged, and the tests here count what was acknowledged.
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{(int)response.StatusCode}");
    }

    [Fact]
    public async Task AMessageThatAlwaysFails_IsInResponsesPoisonAfterFiveAttempts_WhileTheAppKeepsServing()
    {
        await using var app = new SurveysApp();
        var round = await Seed.RoundAsync(app);
        // A message for a response that was never stored: every attempt fails.
        var ghost = new ResponseMessage(round.OrganisationId, round.SurveyId, round.RoundId, Guid.NewGuid());
        await app.Get<ResponseQueue>().SendAsync(ghost, default);

        var poison = app.Get<AppStorage>().Queue(app.ResponsesQueue + "-poison");
        await Eventually.Until(async () => await poison.CountAsync() == 1,
            what: "the poisoned message");
        var poisoned = Assert.Single((await poison.PeekMessagesAsync(5)).Value);
        Assert.Equal(ghost, ResponseMessage.Parse(poisoned.MessageText));

        // The app still serves and still folds good answers.
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/openapi.json")).StatusCode);
        await SubmitAsync(app, round, Guid.NewGuid(), 4);
        await Eventually.Until(() => app.Get<AggregateStore>().GetAsync(round.RoundId, default), a => a?.Respondents == 1, what: "the good fold");
    }

    // A fold that fails transiently and succeeds on its next delivery: Flows/OutageTests (folds fail while storage is
    // paused and every acknowledged answer is counted once afterwards) and, for the host's retry semantics,
    // Surveys.LocalHost.Tests QueueTests.MessageThatFailsOnce_SucceedsOnItsSecondDelivery. (A version here that stored
    // the response between deliveries raced the host's immediate redelivery: visibilityTimeout is 0.)

    [Fact]
    public async Task TwoRunnerInstances_FoldingIntoTheSameRoundAtOnce_LoseNoCount()
    {
        await using var first = new SurveysApp();
        // A second instance on the same tables and the same queue, as a scaled-out app would be.
        await using var second = new SurveysApp(tablePrefix: first.TablePrefix, responsesQueue: first.ResponsesQueue);
        await second.StartAsync();
        var round = await Seed.RoundAsync(first);

        const int n = 40;
        await Task.WhenAll(Enumerable.Range(0, n).Select(i => SubmitAsync(i % 2 == 0 ? first : second, round, Guid.NewGuid(), i % 5 + 1)));

        var aggregate = await Eventually.Until(() => first.Get<AggregateStore>().GetAsync(round.RoundId, default), a => a?.Respondents == n,
            TimeSpan.FromSeconds(60), "all folds");
        Assert.Equal(n / 5, AggregateCounts.Of(aggregate!, "WELLBEING-01", 3));
    }

    [Fact]
    public async Task ConcurrentFoldsOfTheSameAndOfDifferentResponses_CountEachExactlyOnce()
    {
        await using var app = new SurveysApp(runTriggers: false);
        var round = await Seed.RoundAsync(app);
        var catalog = app.Get<Surveys.Functions.Catalog.CatalogStore>();
        var survey = (await catalog.LoadSurveyAsync(round.OrganisationId, round.SurveyId, default))!;
        var roundModel = (await catalog.GetRoundAsync(round.SurveyId, round.RoundId, default))!;
        var responses = Enumerable.Range(0, 24).Select(i => survey.Validate(
            new Surveys.Model.ResponseSubmission(Guid.NewGuid(), new Dictionary<string, Surveys.Model.AnswerInput>
                { ["WELLBEING-02"] = Surveys.Model.AnswerInput.Number(i % 5 + 1) }, "nb", Surveys.Model.EntryMode.Kiosk),
            roundModel, DateTimeOffset.UtcNow)).ToList();
        // Two stores stand for two instances; every response is folded by both at once.
        var stores = new[] { app.Get<AggregateStore>(), new AggregateStore(app.Get<AppStorage>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<AggregateStore>.Instance) };

        var results = await Task.WhenAll(responses.SelectMany(r => stores.Select(s => Task.Run(() => s.FoldAsync(survey, r, default)))));

        Assert.Equal(24, results.Count(folded => folded));
        var aggregate = (await app.Get<AggregateStore>().GetAsync(round.RoundId, default))!;
        Assert.Equal(24, aggregate.Respondents);
        Assert.Equal(24, AggregateCounts.Answered(aggregate, "WELLBEING-02"));
    }

    [Fact]
    public async Task AResponseStoredButNeverQueued_IsFoldedAfterTheSweep_AndOnlyOnce()
    {
        await using var app = new SurveysApp(settings: new() { ["Surveys:Responses:RequeueAfter"] = "00:00:00" });
        var round = await Seed.RoundAsync(app);
        await SubmitAsync(app, round, Guid.NewGuid(), 1);
        await Eventually.Until(() => app.Get<AggregateStore>().GetAsync(round.RoundId, default), a => a?.Respondents == 1, what: "the normal fold");
        // A second response reaches storage but its queue send is lost (the kiosk gave up).
        var catalog = app.Get<Surveys.Functions.Catalog.CatalogStore>();
        var survey = (await catalog.LoadSurveyAsync(round.OrganisationId, round.SurveyId, default))!;
        var roundModel = (await catalog.GetRoundAsync(round.SurveyId, round.RoundId, default))!;
        var orphan = survey.Validate(new Surveys.Model.ResponseSubmission(Guid.NewGuid(),
            new Dictionary<string, Surveys.Model.AnswerInput> { ["WELLBEING-01"] = Surveys.Model.AnswerInput.Number(2) }, "nb",
            Surveys.Model.EntryMode.Kiosk), roundModel, DateTimeOffset.UtcNow);
        await app.Get<ResponseStore>().StoreAsync(StoredResponse.From(round.OrganisationId, orphan), default);

        using var scope = app.Services.CreateScope();
        var sweep = scope.ServiceProvider.GetRequiredService<RequeueUnfoldedResponses>();
        var configuration = app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        configuration["Surveys:Responses:RequeueAfter"] = "01:00:00";
        Assert.Equal(0, await sweep.RequeueAsync(default)); // just stored: left to its own message
        configuration["Surveys:Responses:RequeueAfter"] = "00:00:00";
        Assert.Equal(1, await sweep.RequeueAsync(default));

        var aggregate = await Eventually.Until(() => app.Get<AggregateStore>().GetAsync(round.RoundId, default), a => a?.Respondents == 2, what: "the swept fold");
        Assert.Equal(1, AggregateCounts.Of(aggregate!, "WELLBEING-01", 2));
        Assert.Equal(0, await sweep.RequeueAsync(default));
    }
}

internal static class AsyncEnumerableTestExtensions
{
    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source) list.Add(item);
        return list;
    }
}
