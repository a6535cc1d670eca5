using System.Diagnostics;
using System.Net;
using System.Text;
using Surveys.Functions.Access;
using Surveys.Functions.Catalog;
using Surveys.Functions.Kiosk;
using Surveys.Functions.Responses;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Kiosk;

/// <summary>Posts kiosk answers and reads what was stored; shared by the two cache test classes.</summary>
public abstract class KioskCacheTestsBase(SurveysApp app)
{
    protected SurveysApp Factory => app;

    protected static string Answer(Guid id, int wellbeing01 = 3) =>
        $$"""{"responseId":"{{id}}","answers":{"WELLBEING-01":{{wellbeing01}}},"language":"nb"}""";

    protected async Task<HttpStatusCode> SubmitAsync(string token, string? body = null)
    {
        using var client = Factory.CreateClient();
        using var response = await client.PostAsync($"/api/kiosk/{token}/responses",
            new StringContent(body ?? Answer(Guid.NewGuid()), Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    protected async Task<(HttpStatusCode Status, string Body)> SubmitWithBodyAsync(string token, string body)
    {
        using var client = Factory.CreateClient();
        using var response = await client.PostAsync($"/api/kiosk/{token}/responses", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    protected async Task<HttpStatusCode> GetAsync(string path)
    {
        using var client = Factory.CreateClient();
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    protected async Task<int> StoredCountAsync(string roundId)
    {
        var count = 0;
        await foreach (var _ in Factory.Get<ResponseStore>().ListAsync(roundId, default)) count++;
        return count;
    }

    /// <summary>What another instance does when it closes a round: a write to storage this app does not hear about.</summary>
    protected async Task CloseElsewhereAsync(SeededRound seeded)
    {
        var catalog = Factory.Get<CatalogStore>();
        var round = (await catalog.GetRoundAsync(seeded.SurveyId, seeded.RoundId, default))!;
        round.Close(DateTimeOffset.UtcNow);
        await catalog.SaveRoundAsync(seeded.OrganisationId, round, default);
    }
}

/// <summary>
/// With a lifetime no test outlasts (10 minutes), whatever the app keeps it still has at the end of each test: a
/// change it acts on at once was seen at once, not because the kept copy had expired.
/// </summary>
public sealed class KioskCacheTests(KioskCacheTests.App fixture) : KioskCacheTestsBase(fixture.Factory), IClassFixture<KioskCacheTests.App>
{
    public sealed class App() : SurveysAppFixture(settings: new()
    {
        ["Surveys:BootstrapAdminKey"] = ApiCalls.AdminKey,
        ["Surveys:Cache:StateLifetime"] = "00:10:00",
    });

    [Fact]
    public async Task ALinkRevokedThroughTheApi_IsRefusedAtOnce_ForThePageTheSurveyAndSubmitting()
    {
        var round = await Seed.RoundAsync(Factory);
        Assert.Equal(HttpStatusCode.OK, await GetAsync($"/api/kiosk/{round.Token}/survey"));
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(round.Token));

        using var admin = Factory.AsAdmin();
        using var revoke = await admin.DeleteAsync($"/api/rounds/{round.RoundId}/kiosk-links/{round.Token}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, await SubmitAsync(round.Token));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync($"/api/kiosk/{round.Token}/survey"));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync($"/k/{round.Token}"));
        Assert.Equal(1, await StoredCountAsync(round.RoundId));
    }

    [Fact]
    public async Task ALinkRevokedByAnotherInstance_StillWorksHere_WhileThisInstanceKeepsIt()
    {
        var round = await Seed.RoundAsync(Factory);
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(round.Token));

        Assert.True(await Factory.Get<KioskLinkStore>().RevokeAsync(round.Token, default)); // the test's own instance

        // The documented staleness (README): up to Surveys:Cache:StateLifetime on an instance that did not revoke it.
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(round.Token));
        Assert.Equal(2, await StoredCountAsync(round.RoundId));
    }

    [Fact]
    public async Task ARoundPastItsClosingTime_IsRefusedAtOnce_ThoughThisInstanceKeepsIt()
    {
        var closes = DateTimeOffset.UtcNow.AddSeconds(6);
        var round = await Seed.RoundAsync(Factory, closes: closes);
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(round.Token));

        var wait = closes - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait + TimeSpan.FromMilliseconds(50));

        var (status, body) = await SubmitWithBodyAsync(round.Token, Answer(Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(ErrorCodes.RoundClosed, body);
        Assert.Equal(1, await StoredCountAsync(round.RoundId));
    }

    [Fact]
    public async Task AnInvalidAnswer_IsStillRefused_WithEveryProblemNamed_FromTheKeptSurvey()
    {
        var round = await Seed.RoundAsync(Factory);
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(round.Token));

        var (status, body) = await SubmitWithBodyAsync(round.Token,
            $$"""{"responseId":"{{Guid.NewGuid()}}","answers":{"WELLBEING-01":9,"NOPE":1},"language":"nb"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("answers.WELLBEING-01", body);
        Assert.Contains("answers.NOPE", body);
        Assert.Equal(1, await StoredCountAsync(round.RoundId));
    }

    [Fact]
    public async Task ATokenThatWasUnknown_WorksAtOnce_WhenItsLinkIsMade()
    {
        var round = await Seed.RoundAsync(Factory);
        var token = Secrets.NewToken();
        Assert.Equal(HttpStatusCode.NotFound, await SubmitAsync(token));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync($"/api/kiosk/{token}/survey"));

        // Made by another instance: an unknown token is never kept, so nothing here waits for a lifetime to end.
        await Factory.Get<KioskLinkStore>().SaveAsync(token, round.OrganisationId, round.SurveyId, round.RoundId, default);

        Assert.Equal(HttpStatusCode.OK, await GetAsync($"/api/kiosk/{token}/survey"));
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(token));
    }

    [Fact]
    public async Task ANewRoundOfAKeptSurvey_TakesAnswersAtOnce()
    {
        var first = await Seed.RoundAsync(Factory);
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(first.Token));

        var catalog = Factory.Get<CatalogStore>();
        var roundId = "round-" + Guid.NewGuid().ToString("N")[..12];
        await catalog.SaveRoundAsync(first.OrganisationId, Round.Create(roundId, first.SurveyId, "2026-etter", DateTimeOffset.UtcNow.AddDays(-1), null, 20), default);
        var token = await Factory.Get<KioskLinkStore>().CreateAsync(first.OrganisationId, first.SurveyId, roundId, default);

        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(token));
        Assert.Equal(1, await StoredCountAsync(roundId));
    }

    [Theory]
    [InlineData("Surveys:Cache:StateLifetime", "-00:00:01")]
    [InlineData("Surveys:Cache:DefinitionLifetime", "2.00:00:00")]
    [InlineData("Surveys:Cache:MaxEntries", "0")]
    public async Task ACacheSettingOutOfRange_StopsTheAppFromStarting_NamingTheSetting(string setting, string value)
    {
        var failure = await new SurveysApp(settings: new() { [setting] = value }).StartFailureAsync();
        Assert.NotNull(failure);
        Assert.Contains(setting, failure.Message);
        Assert.Null(await new SurveysApp(settings: new() { [setting] = setting.EndsWith("MaxEntries") ? "1" : "00:00:00" }).StartFailureAsync());
    }
}

/// <summary>
/// With a short lifetime (2 s), a change made by another instance (the test's own container, writing storage) is
/// seen within it. Whether a call was still inside the lifetime is decided from when the row was first read: it
/// was kept no earlier than the start of that request, so it lives at least until start + lifetime, and no later
/// than its end, so it is gone by end + lifetime.
/// </summary>
public sealed class KioskCacheExpiryTests(KioskCacheExpiryTests.App fixture) : KioskCacheTestsBase(fixture.Factory), IClassFixture<KioskCacheExpiryTests.App>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    public sealed class App() : SurveysAppFixture(settings: new() { ["Surveys:Cache:StateLifetime"] = "00:00:02" });

    [Fact]
    public async Task ALinkRevokedByAnotherInstance_IsRefusedHere_OnceTheLifetimeHasPassed()
    {
        var round = await Seed.RoundAsync(Factory);
        var (keptFrom, keptBy) = await TimedAsync(async () => Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(round.Token)));

        Assert.True(await Factory.Get<KioskLinkStore>().RevokeAsync(round.Token, default));
        var (status, end) = await StatusAndEndAsync(() => SubmitAsync(round.Token));
        if (end < keptFrom + Lifetime) Assert.Equal(HttpStatusCode.Accepted, status); // still kept: the cache is in use

        await WaitUntilAsync(keptBy + Lifetime);
        Assert.Equal(HttpStatusCode.NotFound, await SubmitAsync(round.Token));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync($"/api/kiosk/{round.Token}/survey"));
        Assert.Equal(HttpStatusCode.NotFound, await SubmitAsync(round.Token)); // a refusal is not kept as a pass later
    }

    [Fact]
    public async Task ARoundClosedByAnotherInstance_IsRefusedHere_OnceTheLifetimeHasPassed()
    {
        var round = await Seed.RoundAsync(Factory);
        var (keptFrom, keptBy) = await TimedAsync(async () => Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(round.Token)));

        await CloseElsewhereAsync(round);
        var (status, end) = await StatusAndEndAsync(() => SubmitAsync(round.Token));
        if (end < keptFrom + Lifetime) Assert.Equal(HttpStatusCode.Accepted, status);

        await WaitUntilAsync(keptBy + Lifetime);
        var (refused, body) = await SubmitWithBodyAsync(round.Token, Answer(Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains(ErrorCodes.RoundClosed, body);
    }

    [Fact]
    public async Task ARoundReopenedByAnotherInstance_TakesAnswersHere_OnceTheLifetimeHasPassed()
    {
        var round = await Seed.RoundAsync(Factory, closes: DateTimeOffset.UtcNow.AddMinutes(-1));
        var (keptFrom, keptBy) = await TimedAsync(async () => Assert.Equal(HttpStatusCode.BadRequest, await SubmitAsync(round.Token)));

        await Factory.Get<CatalogStore>().SaveRoundAsync(round.OrganisationId,
            Round.Create(round.RoundId, round.SurveyId, "2026-før", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), 20), default);
        var (status, end) = await StatusAndEndAsync(() => SubmitAsync(round.Token));
        if (end < keptFrom + Lifetime) Assert.Equal(HttpStatusCode.BadRequest, status);

        await WaitUntilAsync(keptBy + Lifetime);
        Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(round.Token));
        Assert.Equal(1, await StoredCountAsync(round.RoundId));
    }

    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    private static async Task<(TimeSpan Start, TimeSpan End)> TimedAsync(Func<Task> call)
    {
        var start = Clock.Elapsed;
        await call();
        return (start, Clock.Elapsed);
    }

    private static async Task<(HttpStatusCode Status, TimeSpan End)> StatusAndEndAsync(Func<Task<HttpStatusCode>> call)
    {
        var status = await call();
        return (status, Clock.Elapsed);
    }

    /// <summary>Waits until <paramref name="at"/> on the test's clock, plus a little for the two processes' clocks.</summary>
    private static async Task WaitUntilAsync(TimeSpan at)
    {
        var wait = at - Clock.Elapsed + TimeSpan.FromMilliseconds(50);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }
}
