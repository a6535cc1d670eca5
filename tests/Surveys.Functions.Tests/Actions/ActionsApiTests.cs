using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Actions;
using Surveys.Functions.Tests.Email;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Functions.Tests.Review;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Actions;

/// <summary>
/// Improvement actions through the API, as leaders use them: made from a weakest item of a seeded pair
/// of rounds, listed and filtered, changed with an ETag, evaluated from the stored comparison once the
/// evaluating round has answers, and authorised like everything else.
/// </summary>
public sealed class ActionsApiTests(ActionsApiTests.App app) : IClassFixture<ActionsApiTests.App>
{
    public sealed class App() : SurveysAppFixture();

    private SurveysApp Factory => app.Factory;

    private Task<HttpClient> LeaderAsync(string organisationId, IReadOnlyList<string>? units = null, OrganisationRole role = OrganisationRole.Leader) =>
        Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", organisationId, role, units);

    private static object Planned(string title = "Faste samtaler med fagveileder", string due = "2099-06-01", string? surveyId = null, string? itemId = null,
        string? promptingRoundId = null, string? evaluationRoundId = null, string? unit = null) => new
    {
        title,
        description = "Hver deltaker får en fast samtale hver fjortende dag.",
        ownerName = "Avdelingsleder VTA, Kari",
        dueDate = due,
        status = "Planned",
        origin = "WorkEnvironmentCommittee",
        surveyId,
        itemId,
        promptingRoundId,
        evaluationRoundId,
        unit,
        smart = new { specific = true, measurable = true, timeBound = true },
    };

    private static async Task<(JsonObject Body, string ETag)> CreateAsync(HttpClient client, string organisationId, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/organisations/{organisationId}/actions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        return (JsonNode.Parse(text)!.AsObject(), response.Headers.ETag!.ToString());
    }

    private static async Task<(JsonObject Body, string ETag)> GetAsync(HttpClient client, string organisationId, string actionId)
    {
        using var response = await client.GetAsync($"/api/organisations/{organisationId}/actions/{actionId}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return (JsonNode.Parse(text)!.AsObject(), response.Headers.ETag!.ToString());
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string organisationId, string actionId, object body, string? etag, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/organisations/{organisationId}/actions/{actionId}") { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request);
    }

    private static async Task<JsonArray> ListAsync(HttpClient client, string organisationId, string query = "")
    {
        var list = await client.GetFromJsonAsync<JsonObject>($"/api/organisations/{organisationId}/actions{query}");
        return list!["actions"]!.AsArray();
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static IEnumerable<string> ErrorFields(JsonObject problem) => problem["errors"]!.AsObject().Select(e => e.Key).Order();

    [Fact]
    public async Task ALeader_MakesAnActionFromAWeakestItem_AndItShowsTheItemsChange_OnceTheEvaluatingRoundHasAnswers()
    {
        var survey = await SurveyAsync(Factory, rounds: 3);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 1, 2, 2, 1));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(1, 2, 2, 1, 0));
        using var leader = await LeaderAsync(survey.OrganisationId);
        var comparison = await WaitForComparisonAsync(leader, survey, 0, 1, 6, 6);
        var weakest = (string)comparison["weakestItems"]![0]!["items"]![0]!["itemId"]!;

        var (created, etag) = await CreateAsync(leader, survey.OrganisationId,
            Planned(surveyId: survey.SurveyId, itemId: weakest, promptingRoundId: survey.RoundIds[1]));

        var id = (string)created["id"]!;
        Assert.StartsWith("act-", id);
        Assert.Equal("Planned", (string?)created["status"]);
        Assert.Equal("Planlagt", (string?)created["statusLabel"]!["nb"]);
        Assert.Equal("AMU", (string?)created["originLabel"]!["nb"]);
        Assert.Equal("2099-06-01", (string?)created["dueDate"]);
        Assert.True((bool)created["smart"]!["measurable"]!);
        var history = Assert.Single(created["history"]!.AsArray());
        Assert.Null((string?)history!["from"]);
        Assert.Equal("Planned", (string?)history["to"]);
        Assert.StartsWith("leder-", (string?)history["by"]);

        var (read, readETag) = await GetAsync(leader, survey.OrganisationId, id);
        Assert.Equal(etag, readETag);
        Assert.Equal(weakest, (string?)read["itemId"]);
        Assert.Equal(survey.RoundIds[1], (string?)read["promptingRoundId"]);
        Assert.Equal("noRound", (string?)read["evaluation"]!["status"]);
        Assert.Equal("Ingen senere runde med svar ennå.", (string?)read["evaluation"]!["message"]!["nb"]);

        // The third round gets answers: with no evaluating round set, the newest later round with answers measures it.
        await AnswerAsync(Factory, survey.Tokens[2], Positions(0, 0, 1, 3, 3));
        var expected = await WaitForComparisonAsync(leader, survey, 1, 2, 6, 7);
        var expectedItem = expected["items"]!.AsArray().Single(i => (string?)i!["itemId"] == weakest)!;
        var evaluation = (await GetAsync(leader, survey.OrganisationId, id)).Body["evaluation"]!;

        Assert.Equal("available", (string?)evaluation["status"]);
        Assert.Equal(survey.RoundIds[2], (string?)evaluation["evaluationRound"]!["id"]);
        Assert.Equal("2026-oppfølging 1", (string?)evaluation["evaluationRound"]!["label"]);
        Assert.Equal("compared", (string?)evaluation["itemStatus"]);
        Assert.Equal(6, (int?)evaluation["change"]!["before"]!["n"]);
        Assert.Equal(7, (int?)evaluation["change"]!["after"]!["n"]);
        Assert.Equal(expectedItem["verdict"]!.ToJsonString(), evaluation["verdict"]!.ToJsonString());
        Assert.Equal(expectedItem["change"]!["cliffsDelta"]!.ToJsonString(), evaluation["change"]!["cliffsDelta"]!.ToJsonString());
    }

    [Fact]
    public async Task TheEvaluation_StaysSuppressed_WhenTheEvaluatingRoundHasTooFewAnswers()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(0, 1, 2, 2, 1));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 0, 1, 1, 1));
        await WaitForFoldsAsync(Factory, survey.RoundIds[0], 6);
        await WaitForFoldsAsync(Factory, survey.RoundIds[1], 3);
        using var leader = await LeaderAsync(survey.OrganisationId);
        var (created, _) = await CreateAsync(leader, survey.OrganisationId,
            Planned(surveyId: survey.SurveyId, itemId: "WELLBEING-02", promptingRoundId: survey.RoundIds[0], evaluationRoundId: survey.RoundIds[1]));

        var evaluation = (await GetAsync(leader, survey.OrganisationId, (string)created["id"]!)).Body["evaluation"]!;

        Assert.Equal("available", (string?)evaluation["status"]);
        Assert.Equal("suppressed", (string?)evaluation["itemStatus"]);
        Assert.Equal("For få svar til å vise resultat", (string?)evaluation["verdict"]!["text"]!["nb"]);
        Assert.Equal("Too few answers to show a result", (string?)evaluation["verdict"]!["text"]!["en"]);
        Assert.Null(evaluation["change"]);
        Assert.DoesNotContain("\"n\"", evaluation.ToJsonString());
    }

    [Fact]
    public async Task TheEvaluation_SaysItIsWaiting_UntilTheChosenRoundHasAnswers_AndTheLinksCannotBeChanged()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        using var leader = await LeaderAsync(survey.OrganisationId);
        var (created, etag) = await CreateAsync(leader, survey.OrganisationId,
            Planned(surveyId: survey.SurveyId, itemId: "WELLBEING-03", promptingRoundId: survey.RoundIds[0], evaluationRoundId: survey.RoundIds[1]));
        var id = (string)created["id"]!;

        var evaluation = (await GetAsync(leader, survey.OrganisationId, id)).Body["evaluation"]!;
        Assert.Equal("waiting", (string?)evaluation["status"]);
        Assert.Equal("Ingen svar i 2026-etter ennå.", (string?)evaluation["message"]!["nb"]);

        using var relink = await PatchAsync(leader, survey.OrganisationId, id, new { itemId = "WELLBEING-01", surveyId = survey.SurveyId }, etag);
        Assert.Equal(["itemId"], ErrorFields(await ProblemAsync(relink, HttpStatusCode.BadRequest)));
        using var backwards = await PatchAsync(leader, survey.OrganisationId, id, new { evaluationRoundId = survey.RoundIds[0] }, etag);
        Assert.Equal(["evaluationRoundId"], ErrorFields(await ProblemAsync(backwards, HttpStatusCode.BadRequest)));
        Assert.Equal(etag, (await GetAsync(leader, survey.OrganisationId, id)).ETag);
    }

    [Fact]
    public async Task Links_MustBeTheOrganisationsOwnSurveyItemAndRounds_Else400NamingEachField()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        var other = await SurveyAsync(Factory, rounds: 1);
        using var leader = await LeaderAsync(survey.OrganisationId);

        using var wrongParts = await leader.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions",
            Planned(surveyId: survey.SurveyId, itemId: "ETHICS-07", promptingRoundId: other.RoundIds[0], evaluationRoundId: survey.RoundIds[0]));
        var problem = await ProblemAsync(wrongParts, HttpStatusCode.BadRequest);
        Assert.Equal(["itemId", "promptingRoundId"], ErrorFields(problem));

        using var backwards = await leader.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions",
            Planned(surveyId: survey.SurveyId, itemId: "WELLBEING-01", promptingRoundId: survey.RoundIds[1], evaluationRoundId: survey.RoundIds[0]));
        Assert.Equal(["evaluationRoundId"], ErrorFields(await ProblemAsync(backwards, HttpStatusCode.BadRequest)));

        using var othersSurvey = await leader.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions", Planned(surveyId: other.SurveyId));
        Assert.Equal(["surveyId"], ErrorFields(await ProblemAsync(othersSurvey, HttpStatusCode.BadRequest)));

        using var itemWithoutSurvey = await leader.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions", Planned(itemId: "WELLBEING-01"));
        Assert.Equal(["itemId"], ErrorFields(await ProblemAsync(itemWithoutSurvey, HttpStatusCode.BadRequest)));

        Assert.Empty(await ListAsync(leader, survey.OrganisationId));
    }

    [Fact]
    public async Task AnAction_CannotBePlannedWithoutOwnerAndDueDate_NorDoneWithoutEvaluation_AndNothingIsStored()
    {
        var survey = await SurveyAsync(Factory, rounds: 1);
        using var leader = await LeaderAsync(survey.OrganisationId);
        var url = $"/api/organisations/{survey.OrganisationId}/actions";

        using var planned = await leader.PostAsJsonAsync(url, new { title = "Bedre oppfølging", status = "planned" });
        var problem = await ProblemAsync(planned, HttpStatusCode.BadRequest);
        Assert.Equal(["dueDate", "ownerName"], ErrorFields(problem));
        Assert.Equal("Et planlagt tiltak må ha en ansvarlig.", (string?)problem["errors"]!["ownerName"]![0]);

        using var done = await leader.PostAsJsonAsync(url, new { title = "Bedre oppfølging", status = "Done" });
        problem = await ProblemAsync(done, HttpStatusCode.BadRequest);
        Assert.Equal(["evaluationDate", "evaluationNote"], ErrorFields(problem));
        Assert.Equal("Et fullført tiltak må ha en evalueringsdato.", (string?)problem["errors"]!["evaluationDate"]![0]);

        using var junk = await leader.PostAsJsonAsync(url, new { title = "", status = "Ferdig", dueDate = "1. juni", description = new string('x', 4001) });
        Assert.Equal(["description", "dueDate", "status", "title"], ErrorFields(await ProblemAsync(junk, HttpStatusCode.BadRequest)));
        Assert.Empty(await ListAsync(leader, survey.OrganisationId));

        // Changing an action to «Fullført» without the evaluation is refused the same way, and changes nothing.
        var (created, etag) = await CreateAsync(leader, survey.OrganisationId, Planned());
        var id = (string)created["id"]!;
        using var toDone = await PatchAsync(leader, survey.OrganisationId, id, new { status = "Done", evaluationDate = "2099-09-01" }, etag);
        Assert.Equal(["evaluationNote"], ErrorFields(await ProblemAsync(toDone, HttpStatusCode.BadRequest)));
        var (after, afterETag) = await GetAsync(leader, survey.OrganisationId, id);
        Assert.Equal("Planned", (string?)after["status"]);
        Assert.Null(after["evaluationDate"]);
        Assert.Equal(etag, afterETag);

        using var clearOwner = await PatchAsync(leader, survey.OrganisationId, id, new { ownerName = (string?)null }, etag);
        Assert.Equal(["ownerName"], ErrorFields(await ProblemAsync(clearOwner, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task AChange_NeedsTheLatestETag_AStaleOneIs412AndChangesNothing()
    {
        var survey = await SurveyAsync(Factory, rounds: 1);
        using var kari = await LeaderAsync(survey.OrganisationId);
        using var ola = await LeaderAsync(survey.OrganisationId);
        var (created, etag) = await CreateAsync(kari, survey.OrganisationId, Planned());
        var id = (string)created["id"]!;

        using var first = await PatchAsync(ola, survey.OrganisationId, id, new { status = "InProgress", ownerName = "Ola" }, etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var newETag = first.Headers.ETag!.ToString();
        Assert.NotEqual(etag, newETag);

        using var stale = await PatchAsync(kari, survey.OrganisationId, id, new { title = "Kari sin tittel" }, etag);
        var problem = await ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal("Tiltaket er endret av noen andre", (string?)problem["title"]);
        using var staleEnglish = await PatchAsync(kari, survey.OrganisationId, id, new { title = "Kari sin tittel" }, etag, "en");
        Assert.Equal("The action was changed by someone else", (string?)(await ProblemAsync(staleEnglish, HttpStatusCode.PreconditionFailed))["title"]);
        using var missing = await PatchAsync(kari, survey.OrganisationId, id, new { title = "Kari sin tittel" }, null);
        await ProblemAsync(missing, HttpStatusCode.PreconditionRequired);

        var (read, readETag) = await GetAsync(kari, survey.OrganisationId, id);
        Assert.Equal(newETag, readETag);
        Assert.Equal("Faste samtaler med fagveileder", (string?)read["title"]);
        Assert.Equal("Ola", (string?)read["ownerName"]);
        Assert.Equal("Pågår", (string?)read["statusLabel"]!["nb"]);
        var change = read["history"]!.AsArray()[1]!;
        Assert.Equal("Planned", (string?)change["from"]);
        Assert.Equal("InProgress", (string?)change["to"]);
        Assert.StartsWith("leder-", (string?)change["by"]);

        using var done = await PatchAsync(kari, survey.OrganisationId, id, new { status = "Done", evaluationDate = "2099-09-01", evaluationNote = "Flere blir hørt." }, readETag);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(3, (await GetAsync(kari, survey.OrganisationId, id)).Body["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task TheList_FiltersByStatusSurveyItemAndOverdue()
    {
        var survey = await SurveyAsync(Factory, rounds: 1);
        var second = await SurveyAsync(Factory, rounds: 1);
        using var admin = await LeaderAsync(survey.OrganisationId, role: OrganisationRole.Admin);
        var late = (string)(await CreateAsync(admin, survey.OrganisationId, Planned("For sent", due: "2020-01-15", surveyId: survey.SurveyId, itemId: "WELLBEING-01"))).Body["id"]!;
        var onTime = (string)(await CreateAsync(admin, survey.OrganisationId, Planned("I rute", surveyId: survey.SurveyId, itemId: "WELLBEING-02"))).Body["id"]!;
        var (doneAction, doneETag) = await CreateAsync(admin, survey.OrganisationId, Planned("Ferdig, men fristen gikk ut", due: "2020-01-15"));
        using (var patch = await PatchAsync(admin, survey.OrganisationId, (string)doneAction["id"]!,
                   new { status = "Done", evaluationDate = "2020-03-01", evaluationNote = "Gjennomført." }, doneETag))
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        static IEnumerable<string> Ids(JsonArray list) => list.Select(a => (string)a!["id"]!).Order();
        var all = await ListAsync(admin, survey.OrganisationId);
        Assert.Equal(3, all.Count);
        Assert.True((bool)all.Single(a => (string?)a!["id"] == late)!["overdue"]!);
        Assert.Equal([late], Ids(await ListAsync(admin, survey.OrganisationId, "?overdue=true")));
        Assert.Equal([(string)doneAction["id"]!], Ids(await ListAsync(admin, survey.OrganisationId, "?status=Done")));
        Assert.Equal(new[] { late, onTime }.Order(), Ids(await ListAsync(admin, survey.OrganisationId, "?status=planned")));
        Assert.Equal(new[] { late, onTime }.Order(), Ids(await ListAsync(admin, survey.OrganisationId, $"?surveyId={survey.SurveyId}")));
        Assert.Equal([onTime], Ids(await ListAsync(admin, survey.OrganisationId, $"?surveyId={survey.SurveyId}&itemId=WELLBEING-02")));
        Assert.Empty(await ListAsync(admin, survey.OrganisationId, $"?surveyId={second.SurveyId}"));

        using var bad = await admin.GetAsync($"/api/organisations/{survey.OrganisationId}/actions?status=Ferdig&overdue=kanskje");
        Assert.Equal(["overdue", "status"], ErrorFields(await ProblemAsync(bad, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Notes_AreDatedAndSigned_AndAnEmptyNoteIs400()
    {
        var survey = await SurveyAsync(Factory, rounds: 1);
        using var leader = await LeaderAsync(survey.OrganisationId);
        var id = (string)(await CreateAsync(leader, survey.OrganisationId, Planned())).Body["id"]!;
        var url = $"/api/organisations/{survey.OrganisationId}/actions/{id}/notes";

        using (var added = await leader.PostAsJsonAsync(url, new { text = "Tatt opp i AMU." })) Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using (var dated = await leader.PostAsJsonAsync(url, new { text = "Første samtaler holdt.", date = "2026-03-12" })) Assert.Equal(HttpStatusCode.Created, dated.StatusCode);
        using (var empty = await leader.PostAsJsonAsync(url, new { text = "  " })) Assert.Equal(["text"], ErrorFields(await ProblemAsync(empty, HttpStatusCode.BadRequest)));
        using (var tooLong = await leader.PostAsJsonAsync(url, new { text = new string('x', 2001) })) await ProblemAsync(tooLong, HttpStatusCode.BadRequest);

        var notes = (await GetAsync(leader, survey.OrganisationId, id)).Body["notes"]!.AsArray();
        Assert.Equal(2, notes.Count);
        Assert.Equal("Tatt opp i AMU.", (string?)notes[0]!["text"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (string?)notes[0]!["date"]);
        Assert.StartsWith("leder-", (string?)notes[0]!["author"]);
        Assert.Equal("2026-03-12", (string?)notes[1]!["date"]);
    }

    [Fact]
    public async Task Access_OtherOrganisationIs404_AnotherUnitIs403_AnonymousIs401()
    {
        var survey = await SurveyAsync(Factory, rounds: 1);
        var other = await SurveyAsync(Factory, rounds: 1);
        using var admin = await LeaderAsync(survey.OrganisationId, role: OrganisationRole.Admin);
        using var vta = await LeaderAsync(survey.OrganisationId, ["VTA"]);
        using var aft = await LeaderAsync(survey.OrganisationId, ["AFT"]);
        using var outsider = await LeaderAsync(other.OrganisationId, role: OrganisationRole.Admin);
        using var anonymous = Factory.CreateClient();
        var orgWide = (string)(await CreateAsync(admin, survey.OrganisationId, Planned("For hele bedriften"))).Body["id"]!;

        // A leader limited to units must act for one of them.
        using (var noUnit = await vta.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions", Planned()))
            await ProblemAsync(noUnit, HttpStatusCode.Forbidden);
        using (var theirs = await vta.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions", Planned(unit: "AFT")))
            await ProblemAsync(theirs, HttpStatusCode.Forbidden);
        var (vtaAction, vtaETag) = await CreateAsync(vta, survey.OrganisationId, Planned("For VTA", unit: "vta"));
        var vtaId = (string)vtaAction["id"]!;
        Assert.Equal("VTA", (string?)vtaAction["unit"]);
        var aftId = (string)(await CreateAsync(aft, survey.OrganisationId, Planned("For AFT", unit: "AFT"))).Body["id"]!;

        // They see their units' actions and the organisation-wide ones; another unit's is 403, to read and to change.
        Assert.Equal(new[] { orgWide, vtaId }.Order(), (await ListAsync(vta, survey.OrganisationId)).Select(a => (string)a!["id"]!).Order());
        Assert.Equal(3, (await ListAsync(admin, survey.OrganisationId)).Count);
        using (var read = await aft.GetAsync($"/api/organisations/{survey.OrganisationId}/actions/{vtaId}")) await ProblemAsync(read, HttpStatusCode.Forbidden);
        using (var change = await PatchAsync(aft, survey.OrganisationId, vtaId, new { title = "Kapret" }, vtaETag)) await ProblemAsync(change, HttpStatusCode.Forbidden);
        using (var note = await aft.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions/{vtaId}/notes", new { text = "Hei" })) await ProblemAsync(note, HttpStatusCode.Forbidden);
        var orgWideETag = (await GetAsync(vta, survey.OrganisationId, orgWide)).ETag;
        using (var change = await PatchAsync(vta, survey.OrganisationId, orgWide, new { title = "Kapret" }, orgWideETag)) await ProblemAsync(change, HttpStatusCode.Forbidden);
        Assert.Equal("For VTA", (string?)(await GetAsync(admin, survey.OrganisationId, vtaId)).Body["title"]);
        _ = aftId;

        // Another organisation's actions do not exist for them.
        using (var read = await outsider.GetAsync($"/api/organisations/{survey.OrganisationId}/actions/{vtaId}")) await ProblemAsync(read, HttpStatusCode.NotFound);
        using (var list = await outsider.GetAsync($"/api/organisations/{survey.OrganisationId}/actions")) await ProblemAsync(list, HttpStatusCode.NotFound);
        using (var create = await outsider.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions", Planned())) await ProblemAsync(create, HttpStatusCode.NotFound);
        using (var change = await PatchAsync(outsider, survey.OrganisationId, vtaId, new { title = "Kapret" }, vtaETag)) await ProblemAsync(change, HttpStatusCode.NotFound);
        using (var read = await outsider.GetAsync($"/api/organisations/{other.OrganisationId}/actions/{vtaId}")) await ProblemAsync(read, HttpStatusCode.NotFound);

        using (var read = await anonymous.GetAsync($"/api/organisations/{survey.OrganisationId}/actions/{vtaId}")) await ProblemAsync(read, HttpStatusCode.Unauthorized);
        using (var list = await anonymous.GetAsync($"/api/organisations/{survey.OrganisationId}/actions")) await ProblemAsync(list, HttpStatusCode.Unauthorized);
        using (var create = await anonymous.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions", Planned())) await ProblemAsync(create, HttpStatusCode.Unauthorized);
        using (var change = await PatchAsync(anonymous, survey.OrganisationId, vtaId, new { title = "Kapret" }, vtaETag)) await ProblemAsync(change, HttpStatusCode.Unauthorized);
        using (var note = await anonymous.PostAsJsonAsync($"/api/organisations/{survey.OrganisationId}/actions/{vtaId}/notes", new { text = "Hei" })) await ProblemAsync(note, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Today_IsTheDateInNorway_NotInUtc()
    {
        // 23:30 UTC on 1 March is 00:30 on 2 March in Oslo (winter time); 21:30 UTC on 1 July is 23:30 in Oslo (summer time).
        var clock = new TestClock(new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero));
        var service = new ActionService(null!, null!, null!, null!, null!, clock);
        Assert.Equal(new DateOnly(2026, 3, 2), service.Today);
        clock.Now = new DateTimeOffset(2026, 7, 1, 21, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 7, 1), service.Today);
    }
}
