using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Functions.Kiosk;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Tests.Shared.Faults;

public enum FaultKind
{
    /// <summary>SIGKILL the worker (the process that serves the submits and folds); the host restarts it.</summary>
    KillWorker,

    /// <summary>SIGSTOP storage for <see cref="FaultPlan.PauseFor"/>, then SIGCONT.</summary>
    PauseStorage,
}

/// <summary>A fault, made once <paramref name="AtShare"/> of the answers have been acknowledged.</summary>
public sealed record Fault(FaultKind Kind, double AtShare);

/// <param name="Answers">How many answers the kiosks send (each until acknowledged).</param>
/// <param name="Rounds">Rounds of one WELLBEING survey, answered in turn.</param>
/// <param name="GiveUpAfter">How long one answer may go unacknowledged before the kiosk gives up on it (a difference).</param>
/// <param name="CatchUpLimit">How long folding may take after the last acknowledgement (then the run fails).</param>
public sealed record FaultPlan(
    int Answers, int Rounds, int Concurrency, IReadOnlyList<Fault> Faults, TimeSpan PauseFor, TimeSpan GiveUpAfter, TimeSpan CatchUpLimit);

/// <summary>One round at the end: acknowledged answers, stored responses, fold markers, and the aggregate's respondents.</summary>
public sealed record RoundResult(string RoundId, int Acknowledged, int Stored, int Folded, int Counted);

/// <summary>What a run did and found; <see cref="Differences"/> is empty when every acknowledged answer is stored once,
/// folded once and counted once, item by item, and nothing else is.</summary>
public sealed record FaultReport(
    IReadOnlyList<RoundResult> Rounds,
    IReadOnlyList<string> Differences,
    IReadOnlyList<string> Events,
    AttemptCounts Attempts,
    int InPoison,
    // Acknowledged answers not folded when RequeueUnfoldedResponses ran: folding had stopped without them (or had not caught
    // up within the limit); the sweep queued them again.
    int RequeuedBySweep,
    TimeSpan Submitting,
    TimeSpan CatchUp,
    TimeSpan Total)
{
    public int Acknowledged => Rounds.Sum(r => r.Acknowledged);
    public int Stored => Rounds.Sum(r => r.Stored);
    public int Folded => Rounds.Sum(r => r.Folded);
    public int Counted => Rounds.Sum(r => r.Counted);

    public override string ToString() => string.Join(Environment.NewLine, new[]
    {
        $"acknowledged {Acknowledged}, stored {Stored}, folded {Folded}, counted {Counted}",
        $"submitting {Submitting.TotalSeconds:0.0} s ({Acknowledged / Math.Max(Submitting.TotalSeconds, 0.001):0.0} acknowledged/s), " +
        $"folding caught up {CatchUp.TotalSeconds:0.0} s after the last acknowledgement, total {Total.TotalSeconds:0.0} s",
        $"{Attempts}",
        $"messages in responses-poison at the end: {InPoison}; acknowledged answers not yet folded when the sweep ran: {RequeuedBySweep}",
    }.Concat(Rounds.Select(r => $"  {r.RoundId}: acknowledged {r.Acknowledged}, stored {r.Stored}, folded {r.Folded}, counted {r.Counted}"))
     .Concat(Differences.Count == 0 ? ["no differences"] : Differences.Select(d => "DIFFERENCE: " + d)));
}

/// <summary>
/// The answer flow under faults (issue 13): kiosks (<see cref="KioskFleet"/>) submit answers over HTTP to the app (the local
/// host and the real worker, <see cref="WorkerApp"/>) while the worker is killed and storage is paused as planned. Then
/// folding is given time to catch up by itself, and the ten-minute sweep <c>RequeueUnfoldedResponses</c> is run once through
/// the host's admin API, as its timer would (the worker must run with <c>Surveys:Responses:RequeueAfter</c> 0, or it leaves
/// the responses of the last five minutes alone): it is the app's own way back for a stored response whose message was
/// lost or ended in <c>responses-poison</c>, so it belongs to "eventually counted". Finally every round is compared with
/// what the kiosks sent and were acknowledged: stored, folded and counted exactly once, item counts included.
/// Shared by the fault test (Surveys.Functions.Tests, Flows/FaultTests) and the soak (tests/Surveys.Soak, scripts/soak.sh).
/// </summary>
public static class FaultRun
{
    public static async Task<FaultReport> RunAsync(WorkerApp app, Func<Task> pauseStorage, Func<Task> resumeStorage, FaultPlan plan, Action<string> log)
    {
        var total = Stopwatch.StartNew();
        var events = new List<string>();
        void Note(string line)
        {
            var stamped = $"{total.Elapsed.TotalSeconds,6:0.0} s  {line}";
            lock (events) events.Add(stamped);
            log(stamped);
        }

        var rounds = await SeedAsync(app.Services, plan.Rounds);
        Note($"seeded {rounds.Count} rounds; {plan.Answers} answers at concurrency {plan.Concurrency}");
        var fleet = new KioskFleet(app.BaseAddress, rounds, plan.GiveUpAfter);
        var submitting = Stopwatch.StartNew();
        var kiosks = fleet.RunAsync(plan.Answers, plan.Concurrency);
        var progress = Task.Run(async () =>
        {
            while (!kiosks.IsCompleted)
            {
                await Task.WhenAny(kiosks, Task.Delay(TimeSpan.FromSeconds(30)));
                if (!kiosks.IsCompleted) Note($"{fleet.AcknowledgedCount} acknowledged");
            }
        });
        var missed = new List<string>();
        foreach (var fault in plan.Faults.OrderBy(f => f.AtShare))
        {
            var at = (int)Math.Ceiling(fault.AtShare * plan.Answers);
            while (fleet.AcknowledgedCount < at && !kiosks.IsCompleted) await Task.Delay(20);
            if (kiosks.IsCompleted)
            {
                missed.Add($"{fault.Kind} at {at} acknowledged did not happen: the kiosks had finished");
                continue;
            }
            switch (fault.Kind)
            {
                case FaultKind.KillWorker:
                    var pid = app.WorkerProcessId;
                    var restart = await app.KillWorkerAsync(TimeSpan.FromSeconds(60));
                    Note($"killed worker {pid} (SIGKILL) at {fleet.AcknowledgedCount} acknowledged; the host had a new one ({app.WorkerProcessId}) {restart.TotalSeconds:0.0} s later");
                    break;
                case FaultKind.PauseStorage:
                    await pauseStorage();
                    Note($"paused storage (SIGSTOP) at {fleet.AcknowledgedCount} acknowledged");
                    await Task.Delay(plan.PauseFor);
                    await resumeStorage();
                    Note($"resumed storage (SIGCONT) after {plan.PauseFor.TotalSeconds:0} s, at {fleet.AcknowledgedCount} acknowledged");
                    break;
            }
        }
        await kiosks;
        await progress;
        var submitted = submitting.Elapsed;
        var acknowledged = fleet.Acknowledged;
        Note($"kiosks done: {acknowledged.Count} acknowledged, {fleet.Abandoned.Count} abandoned; {fleet.Attempts}");

        var services = app.Services;
        var aggregates = services.GetRequiredService<AggregateStore>();
        var expected = rounds.Select((_, i) => acknowledged.Count(a => a.Round == i)).ToArray();
        var catchUp = Stopwatch.StartNew();
        var caughtUp = await WaitForFoldsAsync(aggregates, rounds, expected, services, plan.CatchUpLimit, Note);

        // The sweep, as its timer would run it (here once, at once, and with no minimum age).
        var unfolded = 0;
        for (var i = 0; i < rounds.Count; i++)
            unfolded += acknowledged.Where(a => a.Round == i).Select(a => a.ResponseId).Except(await aggregates.FoldedIdsAsync(rounds[i].RoundId, default)).Count();
        var sweep = await app.RunFunctionAndWaitAsync("RequeueUnfoldedResponses", timeout: TimeSpan.FromSeconds(120));
        Note(sweep is null
            ? $"ran RequeueUnfoldedResponses: {unfolded} acknowledged answers were unfolded before it"
            : $"RequeueUnfoldedResponses failed: {sweep}");
        if (!caughtUp || unfolded > 0)
            caughtUp = await WaitForFoldsAsync(aggregates, rounds, expected, services, plan.CatchUpLimit - catchUp.Elapsed, Note);
        var caughtUpAfter = catchUp.Elapsed;
        if (caughtUp) Note($"every acknowledged answer counted {caughtUpAfter.TotalSeconds:0.0} s after the last acknowledgement");
        // Resubmits and redeliveries leave second messages behind; check only once they are handled too, so that one
        // folded twice late is seen.
        var drained = await Until(async () => await CountAsync(services, "") == 0, Max(plan.CatchUpLimit - catchUp.Elapsed, TimeSpan.FromSeconds(60)));
        Note(drained ? $"responses queue empty {catchUp.Elapsed.TotalSeconds:0.0} s after the last acknowledgement" : "the responses queue did not empty");

        // The comparison: for each round, what the kiosks were told was received, against storage, markers and counts.
        var differences = new List<string>(missed);
        if (sweep is not null) differences.Add($"RequeueUnfoldedResponses failed: {sweep}");
        if (!caughtUp) differences.Add($"folding did not catch up within {plan.CatchUpLimit.TotalSeconds:0} s of the last acknowledgement");
        if (!drained) differences.Add($"the responses queue still had {await CountAsync(services, "")} messages at the end");
        foreach (var (answer, why) in fleet.Abandoned)
            differences.Add($"answer {answer.ResponseId} to round {rounds[answer.Round].RoundId} was never acknowledged: {why}");
        var results = new List<RoundResult>();
        var responses = services.GetRequiredService<ResponseStore>();
        for (var i = 0; i < rounds.Count; i++)
        {
            var round = rounds[i];
            var sent = acknowledged.Where(a => a.Round == i).ToList();
            var ids = sent.Select(a => a.ResponseId).ToHashSet();
            var stored = new List<Guid>();
            await foreach (var (message, _) in responses.ListIdsAsync(round.RoundId, default)) stored.Add(message.ResponseId);
            var folded = await aggregates.FoldedIdsAsync(round.RoundId, default);
            var aggregate = await aggregates.GetAsync(round.RoundId, default);
            results.Add(new RoundResult(round.RoundId, ids.Count, stored.Count, folded.Count, aggregate?.Respondents ?? 0));

            Compare(differences, round.RoundId, "stored", ids, stored);
            Compare(differences, round.RoundId, "folded (marker rows)", ids, folded);
            if ((aggregate?.Respondents ?? 0) != ids.Count)
                differences.Add($"{round.RoundId}: the aggregate counts {aggregate?.Respondents ?? 0} respondents, {ids.Count} were acknowledged");
            foreach (var item in round.ItemIds)
                for (var position = 1; position <= 5; position++)
                {
                    var want = sent.Count(a => a.Positions.TryGetValue(item, out var p) && p == position);
                    var have = aggregate?.Find(item)?.Count(position) ?? 0;
                    if (have != want) differences.Add($"{round.RoundId}: {item} position {position} counted {have} times, answered {want} times");
                }
        }
        var poison = await CountAsync(services, "-poison");
        return new FaultReport(results, differences, [.. events], fleet.Attempts, poison, unfolded, submitted, caughtUpAfter, total.Elapsed);
    }

    /// <summary>An organisation with one WELLBEING survey, <paramref name="count"/> open rounds and a kiosk link to each.</summary>
    public static async Task<IReadOnlyList<KioskRound>> SeedAsync(IServiceProvider services, int count)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var catalog = services.GetRequiredService<CatalogStore>();
        var links = services.GetRequiredService<KioskLinkStore>();
        var organisationId = "org-" + id;
        var surveyId = "survey-" + id;
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Feiltest Arbeid AS", ["AFT", "VTA"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, "Trivsel", Instruments.Wellbeing.Id, [], []), default);
        var items = Instruments.Wellbeing.Items.Select(i => i.Id).ToList();
        var rounds = new List<KioskRound>();
        for (var i = 1; i <= count; i++)
        {
            var roundId = $"round-{id}-{i}";
            await catalog.SaveRoundAsync(organisationId, Round.Create(roundId, surveyId, $"Runde {i}", DateTimeOffset.UtcNow.AddDays(-1),
                DateTimeOffset.UtcNow.AddDays(30), 20), default);
            rounds.Add(new KioskRound(roundId, await links.CreateAsync(organisationId, surveyId, roundId, default), items));
        }
        return rounds;
    }

    /// <summary>Waits until every round's aggregate counts at least the acknowledged answers, or until nothing is left on the
    /// responses queue and nothing has been folded for five seconds (the rest, if any, is the sweep's), or the limit.</summary>
    private static async Task<bool> WaitForFoldsAsync(AggregateStore aggregates, IReadOnlyList<KioskRound> rounds, int[] expected,
        IServiceProvider services, TimeSpan limit, Action<string> note)
    {
        var clock = Stopwatch.StartNew();
        var last = -1;
        var unchanged = Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        while (true)
        {
            var counted = 0;
            var done = true;
            try
            {
                for (var i = 0; i < rounds.Count; i++)
                {
                    var respondents = (await aggregates.GetAsync(rounds[i].RoundId, default))?.Respondents ?? 0;
                    counted += respondents;
                    done &= respondents >= expected[i];
                }
                if (done) return true;
                if (counted != last) { last = counted; unchanged.Restart(); }
                else if (unchanged.Elapsed > TimeSpan.FromSeconds(5) && await CountAsync(services, "") == 0)
                {
                    note($"folding stopped at {counted} of {expected.Sum()} with the responses queue empty");
                    return false;
                }
            }
            catch (Exception e) when (StorageFailures.IsOutage(e))
            {
                // The emulator can be too busy to answer the watcher's own reads in time (a long backlog): wait and look again.
                note($"storage did not answer the catch-up check ({e.GetType().Name}); looking again");
                counted = last;
            }
            if (clock.Elapsed > limit) return false;
            if (clock.Elapsed - reported > TimeSpan.FromSeconds(15))
            {
                reported = clock.Elapsed;
                note($"catching up: {counted} of {expected.Sum()} counted");
            }
            await Task.Delay(250);
        }
    }

    private static async Task<bool> Until(Func<Task<bool>> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try { if (await done()) return true; }
            catch (Exception e) when (StorageFailures.IsOutage(e)) { } // too busy to answer this look: look again
            if (clock.Elapsed > limit) return false;
            await Task.Delay(250);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Approximate messages on the responses queue (suffix "") or its poison queue ("-poison"); 0 when it does not exist.</summary>
    private static async Task<int> CountAsync(IServiceProvider services, string suffix)
    {
        var name = services.GetRequiredService<IConfiguration>()["ResponsesQueue"] + suffix;
        var queue = services.GetRequiredService<AppStorage>().Queue(name);
        try { return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount; }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { return 0; }
    }

    private static void Compare(List<string> differences, string roundId, string what, HashSet<Guid> acknowledged, IReadOnlyCollection<Guid> actual)
    {
        var missing = acknowledged.Except(actual).ToList();
        var extra = actual.Except(acknowledged).ToList();
        var twice = actual.Count - actual.Distinct().Count();
        if (missing.Count > 0) differences.Add($"{roundId}: {missing.Count} acknowledged answers not {what}, e.g. {string.Join(", ", missing.Take(3))}");
        if (extra.Count > 0) differences.Add($"{roundId}: {extra.Count} {what} that no kiosk was told were received, e.g. {string.Join(", ", extra.Take(3))}");
        if (twice > 0) differences.Add($"{roundId}: {twice} {what} twice");
    }
}
