using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Paper;

/// <summary>POST /api/rounds/{roundId}/responses: one typed-in paper form (users.md P-17, AN-09).</summary>
public sealed class PaperEntryTests(PaperApp app) : IClassFixture<PaperApp>
{
    private static string Url(string roundId) => $"/api/rounds/{roundId}/responses";

    private static StringContent Form(Guid id, object answers, string? unit = null, string? language = null) =>
        new(new JsonObject
        {
            ["responseId"] = id.ToString(),
            ["answers"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(answers)),
            ["unit"] = unit,
            ["language"] = language,
        }.ToJsonString(), Encoding.UTF8, "application/json");

    [Fact]
    public async Task APaperForm_IsStoredAsPaper_WithItsUnit_AndFoldedOnce()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var id = Guid.NewGuid();

        using var response = await leader.PostAsync(Url(round.RoundId), Form(id, new Dictionary<string, int?> { ["WELLBEING-01"] = 4, ["WELLBEING-02"] = null, ["WELLBEING-03"] = 1 }, unit: "aft"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonObject>())!["responseId"]!.GetValue<Guid>());
        var stored = Assert.Single(await app.StoredAsync(round.RoundId));
        Assert.Equal(nameof(EntryMode.Paper), stored.EntryMode);
        Assert.Equal("AFT", stored.Unit); // as the organisation spells it
        Assert.Equal("""{"WELLBEING-01":4,"WELLBEING-03":1}""", stored.AnswersJson); // not answered = no value
        var aggregate = (await app.FoldedAsync(round.RoundId, 1))!;
        Assert.Equal(1, aggregate.Respondents);
        Assert.Equal(1, aggregate.EntryModes[EntryMode.Paper]);
        Assert.Equal(1, AggregateCounts.Of(aggregate, "WELLBEING-01", 4));
        Assert.Equal(0, AggregateCounts.Answered(aggregate, "WELLBEING-02"));
    }

    [Fact]
    public async Task APaperForm_StoresNothingAboutWhoTypedItIn()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        using var response = await leader.PostAsync(Url(round.RoundId), Form(Guid.NewGuid(), new Dictionary<string, int> { ["WELLBEING-01"] = 2 }, unit: "VTA"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var table = await app.Factory.Get<AppStorage>().TableAsync(ResponseStore.Table);
        var entity = Assert.Single(await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {round.RoundId}")).ToListAsync());
        Assert.Equal(["Answers", "EntryMode", "Language", "OrganisationId", "Period", "SurveyId", "Unit", "Versions"],
            entity.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).Order());
        var all = string.Join("|", ((IDictionary<string, object>)entity).Values);
        Assert.DoesNotContain("leder-", all);
        Assert.DoesNotContain("@example.no", all);
        Assert.Matches(@"^\d{4}-W\d{2}$", entity.GetString("Period"));
    }

    [Fact]
    public async Task TheSameFormTwice_IsAcceptedTwice_AndCountedOnce()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var id = Guid.NewGuid();
        var answers = new Dictionary<string, int> { ["WELLBEING-04"] = 5 };

        using var first = await leader.PostAsync(Url(round.RoundId), Form(id, answers));
        using var second = await leader.PostAsync(Url(round.RoundId), Form(id, answers));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("already-received", (string?)(await second.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
        await app.FoldedAsync(round.RoundId, 1);
        await app.WaitForQueueToDrainAsync();
        Assert.Equal(1, (await app.AggregateAsync(round.RoundId))!.Respondents);
        Assert.Single(await app.StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task AReusedResponseId_WithOtherAnswersOrAnotherUnit_IsAConflict_AndChangesNothing()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var id = Guid.NewGuid();
        using var first = await leader.PostAsync(Url(round.RoundId), Form(id, new Dictionary<string, int> { ["WELLBEING-01"] = 5 }, unit: "AFT"));

        using var otherAnswers = await leader.PostAsync(Url(round.RoundId), Form(id, new Dictionary<string, int> { ["WELLBEING-01"] = 1 }, unit: "AFT"));
        using var otherUnit = await leader.PostAsync(Url(round.RoundId), Form(id, new Dictionary<string, int> { ["WELLBEING-01"] = 5 }, unit: "VTA"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherAnswers.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherUnit.StatusCode);
        Assert.Equal("""{"WELLBEING-01":5}""", Assert.Single(await app.StoredAsync(round.RoundId)).AnswersJson);
    }

    [Fact]
    public async Task ThePlatformAdminKey_CanEnterAForm()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var admin = app.Admin();

        using var response = await admin.PostAsync(Url(round.RoundId), Form(Guid.NewGuid(), new Dictionary<string, int> { ["WELLBEING-02"] = 3 }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(nameof(EntryMode.Paper), Assert.Single(await app.StoredAsync(round.RoundId)).EntryMode);
    }

    [Fact]
    public async Task ALeaderOfAnotherOrganisation_Gets404_ForFormsAndFiles_AndNothingIsStored()
    {
        var round = await Seed.RoundAsync(app.Factory);
        var other = await Seed.RoundAsync(app.Factory);
        using var outsider = await app.LeaderAsync(other.OrganisationId);

        using var form = await outsider.PostAsync(Url(round.RoundId), Form(Guid.NewGuid(), new Dictionary<string, int> { ["WELLBEING-01"] = 3 }));
        using var file = await outsider.PostAsync(Url(round.RoundId) + "/import", new StringContent("WELLBEING-01\n3\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.NotFound, form.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        Assert.Equal("application/problem+json", form.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task AnAnonymousCaller_Gets401_ForFormsAndFiles_AndNothingIsStored()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var anonymous = app.Anonymous();

        using var form = await anonymous.PostAsync(Url(round.RoundId), Form(Guid.NewGuid(), new Dictionary<string, int> { ["WELLBEING-01"] = 3 }));
        using var file = await anonymous.PostAsync(Url(round.RoundId) + "/import", new StringContent("WELLBEING-01\n3\n", Encoding.UTF8, "text/csv"));
        using var kioskToken = app.Anonymous();
        kioskToken.DefaultRequestHeaders.Add("Cookie", $"surveys_session={round.Token}"); // a kiosk token is not a session
        kioskToken.FromOwnPages(app.Factory);

        using var withToken = await kioskToken.PostAsync(Url(round.RoundId), Form(Guid.NewGuid(), new Dictionary<string, int> { ["WELLBEING-01"] = 3 }));

        Assert.Equal(HttpStatusCode.Unauthorized, form.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, file.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withToken.StatusCode);
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task ALeaderLimitedToAUnit_EntersFormsForThatUnitOnly()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId, ["VTA"]);
        var answers = new Dictionary<string, int> { ["WELLBEING-01"] = 3 };

        using var otherUnit = await leader.PostAsync(Url(round.RoundId), Form(Guid.NewGuid(), answers, unit: "AFT"));
        using var noUnit = await leader.PostAsync(Url(round.RoundId), Form(Guid.NewGuid(), answers));
        using var ownUnit = await leader.PostAsync(Url(round.RoundId), Form(Guid.NewGuid(), answers, unit: "VTA"));

        Assert.Equal(HttpStatusCode.Forbidden, otherUnit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noUnit.StatusCode);
        Assert.Contains("unit-required", await noUnit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, ownUnit.StatusCode);
        Assert.Equal("VTA", Assert.Single(await app.StoredAsync(round.RoundId)).Unit);
    }

    [Fact]
    public async Task EveryProblemOfAForm_IsReportedAtOnce_AndNothingIsStored()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var body = new Dictionary<string, object> { ["WELLBEING-01"] = 7, ["WELLBEING-02"] = "bra", ["NOPE"] = 1 };

        using var response = await leader.PostAsync(Url(round.RoundId), Form(Guid.NewGuid(), body, unit: "Lager"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["answers.NOPE", "answers.WELLBEING-01", "answers.WELLBEING-02", "unit"], problem["errors"]!.AsObject().Select(p => p.Key).Order());
        Assert.Contains("Enheten finnes ikke", problem["errors"]!["unit"]![0]!.ToString());
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Theory]
    [InlineData("01932c07-209c-7c1a-9e6d-3f0c8e2b1a4d")] // version 7: time-ordered
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("not-a-guid")]
    public async Task AResponseIdThatIsNotARandomVersion4Guid_IsRefused(string responseId)
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        using var response = await leader.PostAsync(Url(round.RoundId), new StringContent(
            "{\"responseId\":\"" + responseId + "\",\"answers\":{\"WELLBEING-01\":3}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("responseId", await response.Content.ReadAsStringAsync());
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task AFormNotSentAsJson_Is415(string? contentType)
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"responseId\":\"" + Guid.NewGuid() + "\",\"answers\":{\"WELLBEING-01\":3}}"));
        if (contentType is not null) content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await leader.PostAsync(Url(round.RoundId), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }
}
