using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Hosting;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Aggregation;

/// <summary>
/// The <c>responses</c> message carries the answers exactly as they were stored, so the fold needs no read of the
/// table; a message without them (the sweep's, older ones, a response too large to carry) is folded from the table.
/// </summary>
public sealed class CarriedAnswersTests(CarriedAnswersTests.App app) : IClassFixture<CarriedAnswersTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false);

    private SurveysApp Factory => app.Factory;

    private async Task<HttpResponseMessage> SubmitAsync(string token, Guid id, object answers)
    {
        using var client = Factory.CreateClient();
        var body = System.Text.Json.JsonSerializer.Serialize(new { responseId = id, answers, language = "nb" });
        return await client.PostAsync($"/api/kiosk/{token}/responses", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    private async Task<ResponseMessage> TakeMessageAsync()
    {
        var queue = Factory.Get<AppStorage>().Queue(Factory.ResponsesQueue);
        var received = await Eventually.Until(async () => (await queue.ReceiveMessageAsync()).Value, m => m is not null, what: "the response's message");
        await queue.DeleteMessageAsync(received!.MessageId, received.PopReceipt);
        return ResponseMessage.Parse(received.Body.ToString());
    }

    [Fact]
    public async Task AKioskAnswer_IsQueuedWithExactlyTheAnswersStored_AndCountedFromThem()
    {
        var round = await Seed.RoundAsync(Factory);
        var id = Guid.NewGuid();
        using var posted = await SubmitAsync(round.Token, id, new Dictionary<string, object?> { ["WELLBEING-01"] = 5, ["WELLBEING-02"] = 2, ["WELLBEING-03"] = null });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, posted.StatusCode);

        var message = await TakeMessageAsync();
        var stored = await Factory.Get<ResponseStore>().GetAsync(round.RoundId, id, default);
        var carried = message.ToStoredResponse();
        Assert.NotNull(carried);
        Assert.Equal(stored!.AnswersJson, carried!.AnswersJson);
        Assert.Equal(stored.VersionsJson, carried.VersionsJson);
        Assert.Equal((stored.Language, stored.EntryMode, stored.Period), (carried.Language, carried.EntryMode, carried.Period));

        await Factory.Get<FunctionInvoker>().InvokeQueueAsync("FoldResponse", new QueueTrigger(message.ToJson(), 1), default);

        var aggregate = (await Factory.Get<AggregateStore>().GetAsync(round.RoundId, default))!;
        Assert.Equal(1, aggregate.Respondents);
        Assert.Equal(1, AggregateCounts.Of(aggregate, "WELLBEING-01", 5));
        Assert.Equal(1, AggregateCounts.Of(aggregate, "WELLBEING-02", 2));
        Assert.Equal(0, AggregateCounts.Answered(aggregate, "WELLBEING-03"));
    }

    [Fact]
    public async Task AMessageWithIdsOnly_IsFoldedFromTheStoredResponse_AndTheSameAnswerCarriedLaterCountsOnce()
    {
        var round = await Seed.RoundAsync(Factory);
        var id = Guid.NewGuid();
        using var posted = await SubmitAsync(round.Token, id, new Dictionary<string, object?> { ["WELLBEING-04"] = 3 });
        var carrying = await TakeMessageAsync();
        var idsOnly = carrying with { Stored = null };
        Assert.DoesNotContain("\"stored\"", idsOnly.ToJson());

        var invoker = Factory.Get<FunctionInvoker>();
        await invoker.InvokeQueueAsync("FoldResponse", new QueueTrigger(idsOnly.ToJson(), 1), default);
        await invoker.InvokeQueueAsync("FoldResponse", new QueueTrigger(carrying.ToJson(), 1), default);

        var aggregate = (await Factory.Get<AggregateStore>().GetAsync(round.RoundId, default))!;
        Assert.Equal(1, aggregate.Respondents);
        Assert.Equal(1, AggregateCounts.Of(aggregate, "WELLBEING-04", 3));
    }

    [Fact]
    public void AResponseTooLargeToCarry_IsSentAsIdsOnly()
    {
        static StoredResponse With(string text) => new("round-1", Guid.NewGuid(), "org-1", "survey-1", "nb", "Kiosk", "2026-W50",
            new JsonObject { ["EMPLOYEE-21"] = text }.ToJsonString(), "{}");

        var small = ResponseMessage.For(With(new string('a', 2_000)));
        var large = ResponseMessage.For(With(new string('x', 17_000)));

        Assert.NotNull(small.ToStoredResponse());
        Assert.Null(large.ToStoredResponse());
        Assert.True(Encoding.UTF8.GetByteCount(large.ToJson()) < ResponseMessage.MaxCarriedBytes);
    }

    [Theory]
    [InlineData("""{"organisationId":"o","surveyId":"s","roundId":"r","responseId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","stored":{"language":"nb","entryMode":"Kiosk","period":"2026-W50","answers":"","versions":"{}"}}""")]
    [InlineData("""{"organisationId":"o","surveyId":"s","roundId":"r","responseId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","stored":{"language":"nb"}}""")]
    public void AMessageCarryingAnIncompleteResponse_IsRejected(string text) =>
        Assert.Throws<FormatException>(() => ResponseMessage.Parse(text));
}
