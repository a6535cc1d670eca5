using System.Diagnostics;
using System.Globalization;
using Surveys.Tests.Shared;
using Surveys.Tests.Shared.Faults;

namespace Surveys.Soak;

/// <summary>
/// The soak (issue 13, item 5; run by scripts/soak.sh, which starts the Azurite and passes its connection string and
/// process id): answers submitted over HTTP by kiosks that send each answer again with the same id until it is
/// acknowledged, into several rounds, while the worker (the process that folds) is killed with SIGKILL and storage is
/// paused with SIGSTOP, the faults spread evenly over the run. Prints acknowledged, stored, folded and counted, how long
/// folding needed to catch up, and every difference; exits 1 on any difference. Not named Program: the app and the local
/// host, both referenced, have one each.
/// </summary>
public static class Soak
{
    public static async Task<int> Main(string[] args)
    {
        int Option(string name, int fallback)
        {
            var at = Array.IndexOf(args, "--" + name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }
        var answers = Option("answers", 10_000);
        var rounds = Option("rounds", 4);
        var concurrency = Option("concurrency", 12);
        var kills = Option("kills", 2);
        var pauses = Option("pauses", 2);
        var pauseSeconds = Option("pause-seconds", 10);
        var catchUpMinutes = Option("catch-up-minutes", 30);

        var storage = Environment.GetEnvironmentVariable("SURVEYS_SOAK_STORAGE")
            ?? throw new InvalidOperationException("SURVEYS_SOAK_STORAGE is not set: run ./scripts/soak.sh.");
        var azurite = int.Parse(Environment.GetEnvironmentVariable("SURVEYS_SOAK_AZURITE_PID")
            ?? throw new InvalidOperationException("SURVEYS_SOAK_AZURITE_PID is not set: run ./scripts/soak.sh."), CultureInfo.InvariantCulture);

        // As under a test runner: relative paths from the build output, whatever directory `dotnet run` starts in.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var stem = Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            // Required in Production; the kiosks call 127.0.0.1 (only this host is answered, ports aside).
            ["Surveys__PublicBaseUrl"] = "http://127.0.0.1",
            ["Surveys__Storage__TablePrefix"] = "soak" + stem,
            ["ResponsesQueue"] = "responses" + stem,
            ["ComparisonsQueue"] = "comparisons" + stem,
            ["EmailsQueue"] = "emails" + stem,
            ["SignInRequestsQueue"] = "signin" + stem,
            ["LocalHost:HostId"] = "soak-" + stem,
            ["Logging__LogLevel__Default"] = "Warning",
            // A message whose settling failed while storage was paused comes back when its lease runs out: 20 s instead of
            // the host's 10 min, so that catching up measures folding rather than the lease (as in the fault test).
            ["LocalHost:QueueLeaseSeconds"] = "20",
            // The sweep runs once at the end, as its timer would, but with no minimum age (the timer leaves the last 5 minutes).
            ["Surveys__Responses__RequeueAfter"] = "00:00:00",
        };
        // Timers do not fire during the run (midnight on 1 January); the sweep is run through the admin API at the end.
        foreach (var schedule in new[] { "RequeueSchedule", "DigestSchedule", "DailyDigestSchedule", "ExportDeliverySchedule", "PartnerParticipationSchedule", "AlertSchedule" })
            settings[schedule] = "0 0 0 1 1 *";

        var faults = new List<Fault>();
        var count = kills + pauses;
        for (int i = 0, k = 0, p = 0; i < count; i++)
        {
            // Alternating, evenly spread: with two of each, kill at 20 %, pause at 40 %, kill at 60 %, pause at 80 %.
            var kill = (i % 2 == 0 && k < kills) || p >= pauses;
            faults.Add(new Fault(kill ? FaultKind.KillWorker : FaultKind.PauseStorage, (i + 1.0) / (count + 1)));
            if (kill) k++; else p++;
        }

        Console.WriteLine($"soak: {answers} answers into {rounds} rounds at concurrency {concurrency}; {kills} worker kills, {pauses} storage pauses of {pauseSeconds} s");
        Console.WriteLine($"soak: load average {File.ReadAllText("/proc/loadavg").Trim()} at the start, {Environment.ProcessorCount} cores");
        await using var app = new WorkerApp(settings);
        await app.StartAsync();
        var report = await FaultRun.RunAsync(app, () => Signal("STOP", azurite), () => Signal("CONT", azurite),
            new FaultPlan(answers, rounds, concurrency, faults, TimeSpan.FromSeconds(pauseSeconds), GiveUpAfter: TimeSpan.FromMinutes(5),
                CatchUpLimit: TimeSpan.FromMinutes(catchUpMinutes)),
            line => Console.WriteLine("soak: " + line));
        Console.WriteLine($"soak: load average {File.ReadAllText("/proc/loadavg").Trim()} at the end");
        foreach (var line in report.ToString().Split(Environment.NewLine)) Console.WriteLine("soak: " + line);
        return report.Differences.Count == 0 ? 0 : 1;
    }

    private static async Task Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} failed ({kill.ExitCode}).");
    }
}
