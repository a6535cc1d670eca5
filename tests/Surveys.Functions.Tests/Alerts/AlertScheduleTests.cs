using System.Text.Json.Nodes;
using NCrontab;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Tests.Shared;

namespace Surveys.Functions.Tests.Alerts;

/// <summary>The alert's schedule as deployed: <c>%AlertSchedule%</c> in the build, resolved from local.settings.json.example (the
/// same value as infra/main.bicep): every ten minutes, so the measured window is never more than ten minutes short.</summary>
public sealed class AlertScheduleTests
{
    [Fact]
    public void TheAlert_RunsEveryTenMinutes()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(WorkerApp.WorkerDirectory, "functions.metadata")))!.AsArray();
        var declared = (string)metadata.Single(f => (string?)f!["name"] == "SendRoundAlerts")!["bindings"]![0]!["schedule"]!;
        Assert.Equal("%AlertSchedule%", declared);
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "src", "Surveys.Functions", "local.settings.json.example")))!["Values"]!;
        var schedule = CrontabSchedule.Parse((string)values["AlertSchedule"]!, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

        var at = new DateTime(2027, 3, 28, 0, 55, 0, DateTimeKind.Utc);
        var runs = schedule.GetNextOccurrences(at, at.AddHours(1)).ToList();
        Assert.Equal(6, runs.Count);
        Assert.All(runs.Zip(runs.Skip(1)), p => Assert.Equal(TimeSpan.FromMinutes(10), p.Second - p.First));
    }
}
