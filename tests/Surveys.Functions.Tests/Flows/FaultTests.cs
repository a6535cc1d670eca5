using Surveys.Functions.Tests.Hosting;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Tests.Shared;
using Surveys.Tests.Shared.Faults;
using Xunit.Abstractions;

namespace Surveys.Functions.Tests.Flows;

/// <summary>
/// The answer flow under faults (issue 13, item 4): about 1,000 answers over HTTP from 8 kiosks at once, each sent again
/// with the same response id until acknowledged, into three rounds, while the worker (the process that serves the
/// submits and folds) is killed with SIGKILL once and restarted by the host, and storage is paused for 10 s once. At the
/// end every acknowledged answer is stored, folded and counted exactly once in its round, item by item, and nothing
/// else is. The checks and the kiosks are tests/Shared/Faults (the soak, scripts/soak.sh, runs the same at 10,000).
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WorkerKilledAndStoragePaused_WhileKiosksSubmit_EveryAcknowledgedAnswerIsCountedExactlyOnce()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        await using var app = new SurveysApp(settings: new()
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            // A message whose settling failed while storage was paused comes back when its lease runs out: 20 s instead of
            // the host's 10 min keeps the test short (as in OutageTests); the semantics are the host's.
            ["LocalHost:QueueLeaseSeconds"] = "20",
            // The sweep is run once at the end through the admin API, as its timer would run it; with no minimum age it
            // also takes responses stored a moment ago (the timer leaves the last 5 minutes to their own messages).
            ["Surveys:Responses:RequeueAfter"] = "00:00:00",
        });
        await app.StartAsync();

        var report = await FaultRun.RunAsync(app.Worker, azurite.PauseAsync, azurite.ResumeAsync, new FaultPlan(
            Answers: 1000, Rounds: 3, Concurrency: 8,
            Faults: [new Fault(FaultKind.KillWorker, 0.25), new Fault(FaultKind.PauseStorage, 0.55)],
            PauseFor: TimeSpan.FromSeconds(10),
            GiveUpAfter: TimeSpan.FromMinutes(2),
            CatchUpLimit: TimeSpan.FromMinutes(4)), output.WriteLine);
        output.WriteLine(report.ToString());

        Assert.True(report.Differences.Count == 0, string.Join(Environment.NewLine, report.Differences.Take(20)));
        Assert.Equal(1000, report.Acknowledged);
        Assert.Equal((1000, 1000, 1000), (report.Stored, report.Folded, report.Counted));
        // And the queue alone delivered them: a kill fails a message's delivery once, a 10 s pause at most once (the
        // worker's storage calls wait it out), far from the five that move it to responses-poison. Anything the sweep had
        // to queue again, or left in poison, was lost on the way by the host or the fold: in Azure it would be missing
        // from the results until the ten-minute sweep, and a message in poison is an alert.
        Assert.Equal((0, 0), (report.RequeuedBySweep, report.InPoison));
    }
}
