using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Flows;

/// <summary>A response submitted over HTTP is stored once, queued, and folded into its round once.</summary>
public sealed class AnswerFlowTests(AnswerFlowTests.App app) : IClassFixture<AnswerFlowTests.App>
{
    public sealed class App() : SurveysAppFixture(settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    private static JsonObject Body(Guid id, object answers, string? language = "nb") =>
        JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(new { responseId = id, answers, language }))!.AsObject();

    private async Task<HttpResponseMessage> PostAsync(string token, JsonObject body, string? acceptLanguage = null)
    {
        using var client = Factory.CreateClient();
        if (acceptLanguage is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return await client.PostAsync($"/api/kiosk/{token}/responses", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    private Task<Surveys.Model.RoundAggregate?> AggregateAsync(string roundId) => Factory.Get<AggregateStore>().GetAsync(roundId, default);

    private async Task<List<StoredResponse>> StoredAsync(string roundId)
    {
        var list = new List<StoredResponse>();
        await foreach (var r in Factory.Get<ResponseStore>().ListAsync(roundId, default)) list.Add(r);
        return list;
    }

    private async Task WaitForQueueToDrainAsync()
    {
        var queue = Factory.Get<AppStorage>().Queue(Factory.ResponsesQueue);
        await Eventually.Until(async () => await queue.CountAsync() == 0, what: "the responses queue to drain");
    }

    [Fact]
    public async Task ASubmittedResponse_IsStoredQueuedAndFoldedIntoItsRound()
    {
        var round = await Seed.RoundAsync(Factory);
        var id = Guid.NewGuid();

        using var response = await PostAsync(round.Token, Body(id, new Dictionary<string, object?> { ["WELLBEING-01"] = 5, ["WELLBEING-02"] = 4, ["WELLBEING-03"] = null }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonObject>())!["responseId"]!.GetValue<Guid>());
        var aggregate = await Eventually.Until(() => AggregateAsync(round.RoundId), a => a?.Respondents == 1, what: "the fold");
        Assert.Equal(1, AggregateCounts.Of(aggregate!, "WELLBEING-01", 5));
        Assert.Equal(1, AggregateCounts.Of(aggregate!, "WELLBEING-02", 4));
        Assert.Equal(0, AggregateCounts.Answered(aggregate!, "WELLBEING-03"));
        Assert.True(await Factory.Get<AggregateStore>().IsFoldedAsync(round.RoundId, id, default));
    }

    [Fact]
    public async Task AStoredResponse_HoldsNoIpDeviceOrTimeOfDay()
    {
        var round = await Seed.RoundAsync(Factory);
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14; SM-X200) Tablet");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        using var posted = await client.PostAsync($"/api/kiosk/{round.Token}/responses",
            JsonContent.Create(new { responseId = Guid.NewGuid(), answers = new Dictionary<string, int> { ["WELLBEING-01"] = 3 } }));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var table = await Factory.Get<AppStorage>().TableAsync(ResponseStore.Table);
        var entity = Assert.Single(await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {round.RoundId}")).ToListAsync());
        Assert.Equal(["Answers", "EntryMode", "Language", "OrganisationId", "Period", "SurveyId", "Versions"],
            entity.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order());
        var all = string.Join("|", ((IDictionary<string, object>)entity).Values);
        Assert.DoesNotContain("203.0.113.7", all);
        Assert.DoesNotContain("Android", all);
        Assert.Matches(@"^\d{4}-W\d{2}$", entity.GetString("Period"));
    }

    [Fact]
    public async Task TheSameSubmissionTwice_IsAcceptedTwice_AndCountedOnce()
    {
        var round = await Seed.RoundAsync(Factory);
        var body = Body(Guid.NewGuid(), new Dictionary<string, int> { ["WELLBEING-01"] = 2 });

        using var first = await PostAsync(round.Token, body);
        using var second = await PostAsync(round.Token, body);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await Eventually.Until(() => AggregateAsync(round.RoundId), a => a?.Respondents == 1, what: "the fold");
        await WaitForQueueToDrainAsync();
        Assert.Equal(1, (await AggregateAsync(round.RoundId))!.Respondents);
        Assert.Single(await StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task AResponseMessageDeliveredTwice_IsCountedOnce()
    {
        var round = await Seed.RoundAsync(Factory);
        var id = Guid.NewGuid();
        using var posted = await PostAsync(round.Token, Body(id, new Dictionary<string, int> { ["WELLBEING-04"] = 1 }));
        await Eventually.Until(() => AggregateAsync(round.RoundId), a => a?.Respondents == 1, what: "the first fold");

        // The queue delivers the same message again (at-least-once delivery).
        await Factory.Get<ResponseQueue>().SendAsync(new ResponseMessage(round.OrganisationId, round.SurveyId, round.RoundId, id), default);
        await WaitForQueueToDrainAsync();

        var aggregate = (await AggregateAsync(round.RoundId))!;
        Assert.Equal(1, aggregate.Respondents);
        Assert.Equal(1, AggregateCounts.Of(aggregate, "WELLBEING-04", 1));
    }

    [Fact]
    public async Task AReusedResponseId_WithDifferentAnswers_IsAConflict_AndChangesNothing()
    {
        var round = await Seed.RoundAsync(Factory);
        var id = Guid.NewGuid();
        using var first = await PostAsync(round.Token, Body(id, new Dictionary<string, int> { ["WELLBEING-01"] = 5 }));
        await Eventually.Until(() => AggregateAsync(round.RoundId), a => a?.Respondents == 1, what: "the fold");

        using var second = await PostAsync(round.Token, Body(id, new Dictionary<string, int> { ["WELLBEING-01"] = 1 }));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        await WaitForQueueToDrainAsync();
        var aggregate = (await AggregateAsync(round.RoundId))!;
        Assert.Equal(1, AggregateCounts.Of(aggregate, "WELLBEING-01", 5));
        Assert.Equal(0, AggregateCounts.Of(aggregate, "WELLBEING-01", 1));
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "malformed JSON", """{"responseId": "x", "answers": {""", "JSON" },
        { "not an object", """[1, 2, 3]""", "objekt" },
        { "empty body", "", "innhold" },
        { "unknown item", """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":{"WELLBEING-99":3}}""", "WELLBEING-99" },
        { "value off the scale", """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":{"WELLBEING-01":6}}""", "WELLBEING-01" },
        { "zero is off the scale", """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":{"WELLBEING-01":0}}""", "WELLBEING-01" },
        { "text for a scale item", """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":{"WELLBEING-01":"bra"}}""", "WELLBEING-01" },
        { "a fraction", """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":{"WELLBEING-01":2.5}}""", "WELLBEING-01" },
        { "a boolean", """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":{"WELLBEING-01":true}}""", "WELLBEING-01" },
        { "answers not an object", """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":[3]}""", "answers" },
        { "no responseId", """{"answers":{"WELLBEING-01":3}}""", "responseId" },
        { "responseId not a GUID", """{"responseId":42,"answers":{"WELLBEING-01":3}}""", "responseId" },
        { "time-ordered (v7) responseId", """{"responseId":"01932c07-209c-7c1a-9e6d-3f0c8e2b1a4d","answers":{"WELLBEING-01":3}}""", "responseId" },
        { "nothing answered", """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":{"WELLBEING-01":null}}""", "svar" },
        { "unsupported language", """{"responseId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","answers":{"WELLBEING-01":3},"language":"xx"}""", "language" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadInput_GetsAProblemDetailsNamingWhatWasWrong_AndStoresNothing(string why, string body, string named)
    {
        var round = await Seed.RoundAsync(Factory);
        using var client = Factory.CreateClient();

        using var response = await client.PostAsync($"/api/kiosk/{round.Token}/responses", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(named, text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await StoredAsync(round.RoundId));
        var queue = Factory.Get<AppStorage>().Queue(Factory.ResponsesQueue);
        Assert.Null(await Factory.Get<AggregateStore>().GetAsync(round.RoundId, default));
    }

    [Fact]
    public async Task ABodyOverTheSizeLimit_Is413_AndStoresNothing()
    {
        var round = await Seed.RoundAsync(Factory);
        var huge = new string('x', 70_000);
        using var response = await PostAsync(round.Token, Body(Guid.NewGuid(), new Dictionary<string, object> { ["WELLBEING-01"] = 3, ["padding"] = huge }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task AllProblemsAreReportedAtOnce_InBokmalByDefault_AndInEnglishOnRequest()
    {
        var round = await Seed.RoundAsync(Factory);
        var body = Body(Guid.NewGuid(), new Dictionary<string, int> { ["WELLBEING-01"] = 9, ["NOPE"] = 1 });

        using var nb = await PostAsync(round.Token, body);
        using var en = await PostAsync(round.Token, body, "en-GB,en;q=0.9");

        var nbProblem = (await nb.Content.ReadFromJsonAsync<JsonObject>())!;
        var enProblem = (await en.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["answers.NOPE", "answers.WELLBEING-01"], nbProblem["errors"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("Svarene kunne ikke tas imot", (string?)nbProblem["title"]);
        Assert.Equal("The answers could not be accepted", (string?)enProblem["title"]);
        Assert.NotEqual(nbProblem["detail"]!.ToString(), enProblem["detail"]!.ToString());
    }

    [Fact]
    public async Task AClosedRound_TakesNoAnswers()
    {
        var round = await Seed.RoundAsync(Factory, closes: DateTimeOffset.UtcNow.AddMinutes(-1));
        using var response = await PostAsync(round.Token, Body(Guid.NewGuid(), new Dictionary<string, int> { ["WELLBEING-01"] = 3 }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("round-closed", await response.Content.ReadAsStringAsync());
        Assert.Empty(await StoredAsync(round.RoundId));
    }

    [Theory]
    [InlineData("no-such-token-aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("short")]
    [InlineData("bad%2Fchars%3F%23")]
    public async Task AnUnknownToken_Is404_ForTheSurveyAndForSubmitting(string token)
    {
        using var client = Factory.CreateClient();
        using var get = await client.GetAsync($"/api/kiosk/{token}/survey");
        using var post = await client.PostAsync($"/api/kiosk/{token}/responses", JsonContent.Create(new { responseId = Guid.NewGuid(), answers = new { } }));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ARevokedLink_StopsWorkingAtOnce()
    {
        var round = await Seed.RoundAsync(Factory);
        using var client = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/kiosk/{round.Token}/survey")).StatusCode);

        // Through the API, as a leader does: the instance that revokes forgets the link at once (another instance within
        // Surveys:Cache:StateLifetime, Kiosk/KioskCacheTests).
        using var admin = Factory.AsAdmin();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rounds/{round.RoundId}/kiosk-links/{round.Token}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/kiosk/{round.Token}/survey")).StatusCode);
        using var post = await PostAsync(round.Token, Body(Guid.NewGuid(), new Dictionary<string, int> { ["WELLBEING-01"] = 3 }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Empty(await StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task TheKioskSurvey_HasEveryItemInScaleOrder_WithItsOwnWordsInBokmalAndEnglish()
    {
        var round = await Seed.RoundAsync(Factory);
        using var client = Factory.CreateClient();

        var survey = (await client.GetFromJsonAsync<JsonObject>($"/api/kiosk/{round.Token}/survey"))!;

        var items = survey["items"]!.AsArray();
        Assert.Equal(["WELLBEING-01", "WELLBEING-02", "WELLBEING-03", "WELLBEING-04"], items.Select(i => (string)i!["id"]!));
        var first = items[0]!;
        Assert.Equal("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.", (string?)first["text"]!["nb"]);
        Assert.Equal("My supervisor listens to me when I have something important to say.", (string?)first["text"]!["en"]);
        Assert.Equal([1, 2, 3, 4, 5], first["options"]!.AsArray().Select(o => (int)o!["value"]!));
        Assert.Equal("Alltid", (string?)first["options"]![4]!["label"]!["nb"]);
        Assert.Equal("Ikke i det hele tatt", (string?)first["options"]![0]!["label"]!["nb"]);
        Assert.Equal("Test Arbeid AS", (string?)survey["organisation"]);
    }
}
