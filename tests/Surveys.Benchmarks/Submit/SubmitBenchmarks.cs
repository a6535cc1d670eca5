using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Surveys.Benchmarks.Aggregates;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Functions.Kiosk;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;
using Surveys.Model;
using Surveys.Tests.Shared;

namespace Surveys.Benchmarks.Submit;

/// <summary>
/// The submit path end to end against Azurite: kiosk responses through the real app's
/// <c>POST /api/kiosk/{token}/responses</c> (the local Functions host forwarding to the isolated worker, as in Azure), against a bare baseline doing only what storage must
/// do for a response (one Table insert + one queue send with our own clients), in the same run and on the
/// same emulator. Each invocation pushes <see cref="Operations"/> responses through
/// <see cref="Concurrency"/> concurrent workers; Mean is wall time ÷ operations, and Responses/s its inverse.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class SubmitBenchmarks
{
    public const int Operations = 400;
    public const int Concurrency = 8;

    /// <summary>As many per batch with the fold runner on as without: with 100 (when folding was ten times as slow) the
    /// runner's worker was measured after a quarter of the others' warm-up, still JIT-compiling (docs/performance.md).</summary>
    public const int OperationsWithRunner = Operations;

    private static readonly string[] WellbeingItems = ["WELLBEING-01", "WELLBEING-02", "WELLBEING-03", "WELLBEING-04"];

    private BenchApp? _app;
    private BenchApp? _appWithRunner;
    private PrivateAzurite? _runnerAzurite;
    private Seeded? _seededWithRunner;
    private int _submittedWithRunner;
    private bool _oneByOne;
    private System.Diagnostics.Stopwatch _sinceSetup = new();
    private HttpClient? _http;
    private string _submitPath = "";
    private string _submitPathWithRunner = "";
    private Seeded _seeded = null!;
    private TableClient _responses = null!;
    private QueueClient _queue = null!;
    private KioskLinkStore _links = null!;
    private CatalogStore _catalog = null!;
    private StoredResponse _template = null!;

    /// <summary>
    /// Monitoring: each invocation is one measured batch of <see cref="Operations"/> (no pilot, no overhead
    /// subtraction), after three warm-up batches (connection pools, tiered JIT here and in Azurite). In process:
    /// each batch is seconds of I/O, so a process of its own buys no isolation worth having, and the app, the
    /// clients and the one-time Azurite warm-up share one process.
    /// </summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(5)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithId("Submit"));
            AddColumn(new ThroughputColumn());
        }
    }

    private sealed record Seeded(string OrganisationId, string SurveyId, string RoundId, string Token);

    /// <summary>One app (runner off) per benchmark, seeded, plus our own clients with a fresh table and queue
    /// for the baseline writes: every benchmark starts on empty tables.</summary>
    [GlobalSetup(Targets = [nameof(StorageOnly), nameof(StorageAsApp), nameof(AppSubmit)])]
    public void SetupApp()
    {
        WarmUpAzuriteOnce();
        _app = new BenchApp(runTriggers: false);
        var address = _app.Start();
        _seeded = Seed(_app);
        _http = new HttpClient { BaseAddress = address };
        _submitPath = $"/api/kiosk/{_seeded.Token}/responses";
        SetupStorage(_app);
    }

    [GlobalSetup(Target = nameof(AppSubmitWithFoldRunner))]
    public void SetupAppWithRunner() => SetupAppWithRunner(null);

    /// <summary>Folding as before ADR 15 (<c>Surveys:Aggregates:FoldBatch</c> = 1: one transaction per response, racing
    /// for the round's aggregate row), to compare the two in the same run.</summary>
    [GlobalSetup(Target = nameof(AppSubmitWithFoldRunnerOneByOne))]
    public void SetupAppWithRunnerOneByOne() => SetupAppWithRunner(new Dictionary<string, string> { ["Surveys:Aggregates:FoldBatch"] = "1" });

    /// <summary>
    /// The fold runner gets an Azurite of its own, started here and warmed up like the run's: the in-memory emulator
    /// (3.37, LokiJS) rebuilds its message indexes over every message it holds, in any queue, on each receive, delete
    /// and lease renewal, so the thousands of messages the other benchmarks leave in the run's emulator (they are never
    /// received) made each fold's receive and delete cost milliseconds of its one event loop, stalling the submits'
    /// storage calls behind them (docs/performance.md, «The fold runner on the emulator»). Here only the runner's own
    /// messages count, as in Azure, where a queue operation does not depend on the account's other messages.
    /// </summary>
    private void SetupAppWithRunner(IReadOnlyDictionary<string, string>? settings)
    {
        WarmUpAzuriteOnce();
        _runnerAzurite = PrivateAzurite.StartAsync().GetAwaiter().GetResult();
        WarmUp(_runnerAzurite.ConnectionString, clearQueue: true);
        _submittedWithRunner = 0;
        _oneByOne = settings is not null;
        _appWithRunner = new BenchApp(runTriggers: true, settings, connectionString: _runnerAzurite.ConnectionString);
        var address = _appWithRunner.Start();
        _seededWithRunner = Seed(_appWithRunner);
        _http = new HttpClient { BaseAddress = address };
        _submitPathWithRunner = $"/api/kiosk/{_seededWithRunner.Token}/responses";
        _sinceSetup = System.Diagnostics.Stopwatch.StartNew();
    }

    /// <summary>
    /// The fold rate, printed as one <c>// Fold runner:</c> line (bench.sh copies it into results.md): how many of the
    /// responses submitted during the warm-up and measured batches were folded by the time the last submit returned,
    /// then how long the runner took to catch up with no submissions (up to 120 s). The fold rate is every response
    /// ÷ (submitting + catching up), the time from the first submit until the last one was counted; the burst's
    /// backlog does not grow when it is close to the submit rate (ADR 15: at least 0.8×).
    /// </summary>
    [GlobalCleanup(Targets = [nameof(AppSubmitWithFoldRunner), nameof(AppSubmitWithFoldRunnerOneByOne)])]
    public void CleanupWithRunner()
    {
        var aggregates = _appWithRunner!.Get<AggregateStore>();
        int Folded() => aggregates.GetAsync(_seededWithRunner!.RoundId, default).GetAwaiter().GetResult()?.Respondents ?? 0;

        var submitting = _sinceSetup.Elapsed;
        var whileSubmitting = Folded();
        var submitted = _submittedWithRunner;
        var catchUp = System.Diagnostics.Stopwatch.StartNew();
        var folded = whileSubmitting;
        while (folded < submitted && catchUp.Elapsed < TimeSpan.FromSeconds(120))
        {
            Thread.Sleep(200);
            folded = Folded();
        }
        catchUp.Stop();

        var submitRate = submitted / submitting.TotalSeconds;
        var foldRate = folded / (submitting + catchUp.Elapsed).TotalSeconds;
        Console.WriteLine($"// Fold runner ({(_oneByOne ? "one by one" : "group commit")}): {submitted} responses submitted in {submitting.TotalSeconds:F1} s ({submitRate:F1}/s, " +
            $"warm-up batches included); {whileSubmitting} folded by the last submit, {folded} after {catchUp.Elapsed.TotalSeconds:F1} s " +
            $"catching up{(folded < submitted ? " (gave up)" : "")}; fold rate {foldRate:F1}/s = {foldRate / submitRate:F2}× the submit rate; " +
            $"{Interlocked.Exchange(ref _unavailable, 0)} submits answered 503 and were sent again");
        Cleanup();
        _runnerAzurite?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _runnerAzurite = null;
    }

    [GlobalCleanup(Targets = [nameof(StorageOnly), nameof(StorageAsApp), nameof(AppSubmit)])]
    public void Cleanup()
    {
        _http?.Dispose();
        _app?.Dispose();
        _appWithRunner?.Dispose();

        // Nothing is deleted: deleting queues that hold thousands of messages stalled the in-memory Azurite
        // (100 % CPU, no answers for minutes) at its next queue GC. Each benchmark has its own tables and queue.
        _http = null;
        _app = null;
        _appWithRunner = null;
    }

    /// <summary>Baseline: what storage must do per response, and no more: insert the response row
    /// (same columns and sizes as ResponseStore writes), send the fold message (same JSON, base64).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public Task StorageOnly() => RunConcurrently(Operations, InsertAndSendAsync);

    /// <summary>What the app does in storage per submit, in its order, without HTTP or validation: the kiosk link,
    /// survey (with its organisation) and round through the app's own stores, which answer from their per-instance cache
    /// after the first read (issue 13; <c>Surveys:Cache</c>), then the insert and the send.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public Task StorageAsApp() => RunConcurrently(Operations, async () =>
    {
        var link = await _links.ResolveAsync(_seeded.Token, default) ?? throw new InvalidOperationException("The kiosk link is missing.");
        _ = await _catalog.LoadSurveyCachedAsync(link.OrganisationId, link.SurveyId, default) ?? throw new InvalidOperationException("The survey is missing.");
        _ = await _catalog.GetRoundCachedAsync(link.SurveyId, link.RoundId, default) ?? throw new InvalidOperationException("The round is missing.");
        await InsertAndSendAsync();
    });

    /// <summary>The app: POST a 4-item WELLBEING response to the kiosk endpoint (host → worker); the queue triggers
    /// are off, so nothing folds the queued messages while this runs.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public Task AppSubmit() => RunConcurrently(Operations, () => PostAsync(_submitPath));

    /// <summary>The same with the queue triggers on: the host's queue listener runs FoldResponse in the worker, which
    /// folds every message into the one round's aggregate while responses keep coming (the folds waiting in the worker
    /// written together, ADR 15); the cleanup prints the fold rate.</summary>
    [Benchmark(OperationsPerInvoke = OperationsWithRunner)]
    public Task AppSubmitWithFoldRunner() => RunConcurrently(OperationsWithRunner, async () =>
    {
        await PostAsync(_submitPathWithRunner);
        Interlocked.Increment(ref _submittedWithRunner);
    });

    /// <summary>The same, folding one by one (see <see cref="SetupAppWithRunnerOneByOne"/>).</summary>
    [Benchmark(OperationsPerInvoke = OperationsWithRunner)]
    public Task AppSubmitWithFoldRunnerOneByOne() => AppSubmitWithFoldRunner();

    private static bool _azuriteWarm;

    /// <summary>
    /// Azurite is a Node process with its own JIT: the first thousands of requests after its start are slower.
    /// Without this, whichever benchmark runs first (the baseline) would pay for that alone, which flatters
    /// the ratio. Runs once per process on the run's emulator: 1,000 inserts, point reads and sends on a scratch
    /// table and queue.
    /// </summary>
    private static void WarmUpAzuriteOnce()
    {
        if (_azuriteWarm) return;
        // Its messages stay: removing them would leave 1,000 message bodies for the emulator's queue GC, which deletes
        // them one by one a minute later, each rebuilding an index over all of them (a stall in a later benchmark).
        // Kept, they cost nothing here: no benchmark on this emulator receives or deletes a message.
        WarmUp(BenchStorage.ConnectionString, clearQueue: false);
        _azuriteWarm = true;
    }

    /// <param name="clearQueue">Remove the warm-up's messages afterwards (on an emulator whose queues are received from).</param>
    private static void WarmUp(string connectionString, bool clearQueue)
    {
        var table = BenchStorage.TablesOn(connectionString).GetTableClient(BenchStorage.UniqueName("warmup"));
        var queue = BenchStorage.QueuesOn(connectionString).GetQueueClient(BenchStorage.UniqueName("warmup"));
        table.CreateIfNotExistsAsync().GetAwaiter().GetResult();
        queue.CreateIfNotExistsAsync().GetAwaiter().GetResult();
        RunConcurrently(1_000, async () =>
        {
            var row = Guid.NewGuid().ToString("D");
            await table.AddEntityAsync(new TableEntity("warmup", row) { ["Value"] = row });
            await table.GetEntityOrNullAsync("warmup", row);
            await queue.SendMessageAsync(row);
        }).GetAwaiter().GetResult();
        if (clearQueue) queue.ClearMessagesAsync().GetAwaiter().GetResult();
    }

    private static async Task RunConcurrently(int operations, Func<Task> operation)
    {
        var remaining = operations;
        var workers = new Task[Concurrency];
        for (var w = 0; w < Concurrency; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    await operation();
                }
            });
        }

        await Task.WhenAll(workers);
    }

    private async Task PostAsync(string path)
    {
        var values = string.Join(",", WellbeingItems.Select((id, i) => $"\"{id}\":{1 + (Random.Shared.Next(5) + i) % 5}"));
        var body = $"{{\"responseId\":\"{Guid.NewGuid()}\",\"answers\":{{{values}}},\"language\":\"nb\"}}";
        while (true)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http!.PostAsync(path, content);
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK) return;
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            // Storage gave up within the interactive timeouts (ADR 12): send the same response again, as the kiosk does.
            Interlocked.Increment(ref _unavailable);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static int _unavailable;

    private async Task InsertAndSendAsync()
    {
        var r = _template with { ResponseId = Guid.NewGuid() };
        await _responses.AddEntityAsync(ResponseStore.ToEntity(r));
        await _queue.SendMessageAsync(new ResponseMessage(r.OrganisationId, r.SurveyId, r.RoundId, r.ResponseId).ToJson());
    }

    /// <summary>The official clients as the app registers them, on the same account but outside the app: a fresh
    /// Responses table and queue for the writes; the app's stores (a container of the app's registrations in this
    /// process, with its own cache) for the reads.</summary>
    private void SetupStorage(BenchApp app)
    {
        var tables = BenchStorage.Tables;
        var queues = BenchStorage.Queues;
        _responses = tables.GetTableClient(BenchStorage.UniqueName("baseline") + "Responses");
        _responses.CreateIfNotExistsAsync().GetAwaiter().GetResult();
        _queue = queues.GetQueueClient(BenchStorage.UniqueName("baseline"));
        _queue.CreateIfNotExistsAsync().GetAwaiter().GetResult();

        _links = app.Get<KioskLinkStore>();
        _catalog = app.Get<CatalogStore>();

        // A real stored response of the seeded survey: the baseline writes the same columns and sizes.
        var survey = Survey.FromInstrument(_seeded.SurveyId, _seeded.OrganisationId, Instruments.Wellbeing, "Trivsel", "Bench Arbeid AS");
        var round = survey.AddRound(_seeded.RoundId, "2026-før", Responses.Now.AddDays(-7));
        _template = StoredResponse.From(_seeded.OrganisationId, Responses.Random(survey, round, 1, seed: 2)[0]);
    }

    /// <summary>An organisation with a WELLBEING survey, an open round and a kiosk link, through the app's own stores.</summary>
    private static Seeded Seed(BenchApp app)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var seeded = new Seeded("org-" + id, "survey-" + id, "round-" + id, "");
        var catalog = app.Get<CatalogStore>();
        catalog.SaveOrganisationAsync(new Organisation(seeded.OrganisationId, "Bench Arbeid AS", ["AFT", "VTA"]), default).GetAwaiter().GetResult();
        catalog.SaveSurveyAsync(new StoredSurvey(seeded.SurveyId, seeded.OrganisationId, "Trivsel", Instruments.Wellbeing.Id, [], []), default).GetAwaiter().GetResult();
        catalog.SaveRoundAsync(seeded.OrganisationId, Round.Create(seeded.RoundId, seeded.SurveyId, "2026-før",
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), 20), default).GetAwaiter().GetResult();
        var token = app.Get<KioskLinkStore>().CreateAsync(seeded.OrganisationId, seeded.SurveyId, seeded.RoundId, default).GetAwaiter().GetResult();
        return seeded with { Token = token };
    }
}
