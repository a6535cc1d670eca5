using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Responses;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Anonymity;

/// <summary>
/// Table Storage stamps every row with its write time; for a response row that is about when the answer was sent.
/// The app must never pass that stamp on (README, «Nothing identifying is stored»; ADR 0004).
/// </summary>
public sealed class WriteTimeTests(WriteTimeTests.App app) : IClassFixture<WriteTimeTests.App>
{
    public sealed class App() : SurveysAppFixture(settings: ApiCalls.AdminKeySetting);

    private static readonly Type[] TimeTypes = [typeof(DateTime), typeof(DateTimeOffset), typeof(TimeOnly), typeof(TimeSpan)];

    [Fact]
    public void AStoredResponse_TheOnlyShapeAResponseRowIsReadIn_HasNoTimeMember()
    {
        var members = typeof(StoredResponse).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => TimeTypes.Contains(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)).Select(p => p.Name);
        Assert.Empty(members);
        // The week it was answered in is all: "2026-W49", never a date or a time.
        Assert.Contains(typeof(StoredResponse).GetProperties(), p => p.Name == "Period");
    }

    [Fact]
    public async Task AnAnswerJustGiven_ShowsNoTimeOfDay_InTheComparisonOrTheTrendTheLeaderReads()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var kiosk = app.Factory.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            using var sent = await kiosk.PostAsJsonAsync($"/api/kiosk/{round.Token}/responses",
                new { responseId = Guid.NewGuid(), answers = new Dictionary<string, int> { ["WELLBEING-01"] = i % 5 + 1 } });
            sent.EnsureSuccessStatusCode();
        }
        using var admin = app.Factory.AsAdmin();
        var now = DateTimeOffset.UtcNow;
        var trend = await Eventually.Until(async () =>
        {
            using var response = await admin.GetAsync($"/api/surveys/{round.SurveyId}/trend");
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
        }, t => t.Contains("\"respondents\":6", StringComparison.Ordinal) || t.Contains("\"respondents\": 6", StringComparison.Ordinal), what: "the trend with six answers");

        // The round's own opening and closing times are the leader's; nothing else has the hour the answers came in
        // (a «computed at» stamp, say, would tell when the last answer arrived: comparisons are recomputed after each fold).
        var clock = new Regex($@"T?{now:HH}:\d\d|{now.ToLocalTime():HH}:\d\d|{TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo")):HH}:\d\d");
        var leaves = JsonNode.Parse(trend)!.AsObject().AsEnumerable().SelectMany(Leaves)
            .Where(l => !l.StartsWith("opens=", StringComparison.Ordinal) && !l.StartsWith("closes=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(leaves);
        foreach (var value in leaves) Assert.DoesNotMatch(clock, value);
    }

    private static IEnumerable<string> Leaves(KeyValuePair<string, JsonNode?> property) => property.Value switch
    {
        JsonObject o => o.SelectMany(Leaves),
        JsonArray a => a.SelectMany((n, i) => Leaves(KeyValuePair.Create(i.ToString(), n))),
        null => [],
        var v => [$"{property.Key}={v.ToJsonString()}"],
    };
}
