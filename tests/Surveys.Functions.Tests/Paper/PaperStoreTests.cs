using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Responses;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Paper;

/// <summary>Storing a file's responses in transactions keeps the one-response-per-id rules of storing one at a time.</summary>
public sealed class PaperStoreTests(PaperApp app) : IClassFixture<PaperApp>
{
    private static StoredResponse Response(string roundId, Guid id, int answer, string? unit = null) =>
        new(roundId, id, "org-x", "survey-x", "nb", "Paper", "2026-W10", $$"""{"WELLBEING-01":{{answer}}}""", "{}", unit);

    [Fact]
    public async Task StoringMany_StoresTheNewOnes_AndReportsTheOnesAlreadyStored()
    {
        var store = app.Factory.Get<ResponseStore>();
        var roundId = "round-" + Guid.NewGuid().ToString("N")[..12];
        var first = Response(roundId, Guid.NewGuid(), 3);
        await store.StoreAsync(first, default);
        var many = Enumerable.Range(0, 150).Select(i => Response(roundId, Guid.NewGuid(), 1 + i % 5)).Prepend(first).ToList();

        var outcomes = await store.StoreAllAsync(many, default);

        Assert.Equal(StoreOutcome.AlreadyStored, outcomes[0]);
        Assert.All(outcomes.Skip(1), o => Assert.Equal(StoreOutcome.Stored, o));
        Assert.Equal(151, (await app.StoredAsync(roundId)).Count);
        Assert.All(await store.StoreAllAsync(many, default), o => Assert.Equal(StoreOutcome.AlreadyStored, o));
    }

    [Fact]
    public async Task AnIdUsedForOtherAnswers_IsAConflict_FoundBeforeAnythingIsWritten()
    {
        var store = app.Factory.Get<ResponseStore>();
        var roundId = "round-" + Guid.NewGuid().ToString("N")[..12];
        var id = Guid.NewGuid();
        await store.StoreAsync(Response(roundId, id, 3, "AFT"), default);

        await Assert.ThrowsAsync<ResponseIdConflictException>(() =>
            store.StoreAllAsync([Response(roundId, Guid.NewGuid(), 2), Response(roundId, id, 3, "VTA")], default));

        Assert.Single(await app.StoredAsync(roundId));
    }

    [Fact]
    public async Task TwoImportsOfTheSameFileAtOnce_StoreAndCountEachRowOnce()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var file = "WELLBEING-01;WELLBEING-02\n" + string.Concat(Enumerable.Range(0, 250).Select(i => $"{1 + i % 5};{1 + i % 3}\n"));

        var posts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            leader.PostAsync($"/api/rounds/{round.RoundId}/responses/import", new StringContent(file, Encoding.UTF8, "text/csv"))));
        var bodies = await Task.WhenAll(posts.Select(async p => JsonNode.Parse(await p.Content.ReadAsStringAsync())!));

        Assert.All(posts, p => Assert.True(p.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, p.StatusCode.ToString()));
        Assert.Equal(250, bodies.Sum(b => (int)b["imported"]!));
        Assert.All(bodies, b => Assert.Equal(250, (int)b["imported"]! + (int)b["alreadyImported"]!));
        Assert.Equal(250, (await app.StoredAsync(round.RoundId)).Count);
        await app.FoldedAsync(round.RoundId, 250);
        await app.WaitForQueueToDrainAsync();
        Assert.Equal(250, (await app.AggregateAsync(round.RoundId))!.Respondents);
    }
}
