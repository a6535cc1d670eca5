using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Benchmarks.Submit;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Functions.Responses;
using Surveys.Model;

namespace Surveys.Benchmarks.Exports;

/// <summary>
/// Peak memory of exports (issue 6, docs/performance.md «Exports»): seeds 100,000 responses (10 rounds of 10,000,
/// EXIT instrument, 6 units, some free text) straight into the bench Azurite with <see cref="ResponseStore.StoreAllAsync"/>,
/// folds them, then downloads every content × format over HTTP from the real app (the local Functions host and the
/// isolated worker, <see cref="BenchApp"/>), reading the body into a counter (the client keeps nothing). The export
/// runs in the worker process, so that is the process measured: a sampler thread reads the worker's working set and
/// private memory every 20 ms; the figures are the peak during each export minus the level just before it. (The
/// worker's managed heap cannot be read from here, and no full collection can be forced in it between exports: a
/// later export may start on a larger heap, which makes its Δ smaller, never larger.)
/// Run: <c>./scripts/bench.sh --export-memory</c>.
/// Not a BenchmarkDotNet benchmark: BenchmarkDotNet measures allocations, not the peak that decides whether an export fits.
/// </summary>
internal static class ExportMemory
{
    private const string AdminKey = "bench-admin-key-0123456789abcdef0123";
    private static readonly string[] Units = ["AFT", "VTA", "Kjøkken", "Produksjon", "Administrasjon"];

    public static async Task<int> RunAsync(int total)
    {
        // Triggers off: the folds are done here.
        using var app = new BenchApp(runTriggers: false, new Dictionary<string, string> { ["Surveys:BootstrapAdminKey"] = AdminKey }, "x");
        var address = app.Start();
        var catalog = app.Get<CatalogStore>();
        var store = app.Get<ResponseStore>();
        var aggregates = app.Get<AggregateStore>();
        using var worker = Process.GetProcessById(app.WorkerProcessId());

        const string organisationId = "org-bench-export";
        const string surveyId = "survey-bench-export";
        await catalog.SaveOrganisationAsync(new Organisation(organisationId, "Bench Arbeid AS", [.. Units, "Vaskeri"]), default);
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, "Avslutningsundersøkelse", "EXIT", [], []), default);
        var survey = (await catalog.LoadSurveyAsync(organisationId, surveyId, default))!;

        var rounds = 10;
        var perRound = total / rounds;
        var seedClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(1, rounds), new ParallelOptions { MaxDegreeOfParallelism = 5 }, async (r, ct) =>
        {
            var round = Round.Create($"round-bench-{r:D2}", surveyId, $"Runde {r}", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), perRound); // closed: only closed rounds are exported
            await catalog.SaveRoundAsync(organisationId, round, ct);
            var random = new Random(r);
            var batch = Generate(survey, round, perRound, random).ToList();
            await store.StoreAllAsync(batch.Select(b => b.Stored).ToList(), ct);
            foreach (var (response, _) in batch) await aggregates.FoldAsync(survey, response, ct);
        });
        Console.WriteLine($"Seeded {rounds * perRound} responses in {seedClock.Elapsed.TotalSeconds:F0} s");

        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var lines = new List<string> { "| Content | Format | Rows | File size | Time | Peak worker private memory Δ | Peak worker working set Δ |", "|---|---|---:|---:|---:|---:|---:|" };
        foreach (var content in new[] { "answers", "results" })
        {
            foreach (var format in new[] { "csv", "json", "xlsx" })
            {
                var (bytes, time, privateMemory, workingSet) = await MeasureAsync(client, worker, $"api/surveys/{surveyId}/export?format={format}&content={content}");
                var line = $"| {content} | {format} | {(content == "answers" ? (rounds * perRound).ToString("N0", CultureInfo.InvariantCulture) : "—")} | {bytes / 1048576.0:F1} MiB | {time.TotalSeconds:F1} s | {privateMemory / 1048576.0:F1} MiB | {workingSet / 1048576.0:F1} MiB |";
                Console.WriteLine(line);
                lines.Add(line);
            }
        }
        Console.WriteLine();
        Console.WriteLine(string.Join(Environment.NewLine, lines));
        return 0;
    }

    private static IEnumerable<(Response Response, StoredResponse Stored)> Generate(Survey survey, Round round, int count, Random random)
    {
        var now = new DateTimeOffset(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var answers = new Dictionary<string, AnswerInput>(StringComparer.Ordinal);
            foreach (var item in survey.Items)
            {
                if (item.Scale.Kind == ScaleKind.FreeText)
                {
                    if (random.Next(10) == 0) answers[item.Id] = AnswerInput.Text($"Kommentar {random.Next(1000)}: mer oppfølging av veileder, takk.");
                }
                else if (random.Next(20) > 0) answers[item.Id] = AnswerInput.Number(random.Next(1, item.Scale.Points + 1));
            }
            var response = survey.Validate(new ResponseSubmission(Guid.NewGuid(), answers, "nb", EntryMode.Kiosk), round, now);
            var unit = i < 3 ? "Vaskeri" : Units[random.Next(Units.Length)];
            yield return (response, StoredResponse.From(survey.OrganisationId, response, unit));
        }
    }

    private static async Task<(long Bytes, TimeSpan Time, long PeakPrivate, long PeakWorkingSet)> MeasureAsync(HttpClient client, Process process, string url)
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // let the worker settle after the previous export
        process.Refresh();
        var basePrivate = process.PrivateMemorySize64;
        var baseWorkingSet = process.WorkingSet64;
        long peakPrivate = basePrivate, peakWorkingSet = baseWorkingSet;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    process.Refresh();
                    peakPrivate = Math.Max(peakPrivate, process.PrivateMemorySize64);
                    peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                }
                catch (InvalidOperationException)
                {
                    return; // the worker has exited (the request then fails and says why)
                }
                Thread.Sleep(20);
            }
        }) { IsBackground = true };
        sampler.Start();
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0) bytes += read;
            clock.Stop();
        }
        finally
        {
            await stop.CancelAsync();
            sampler.Join();
        }
        return (bytes, clock.Elapsed, peakPrivate - basePrivate, peakWorkingSet - baseWorkingSet);
    }
}
