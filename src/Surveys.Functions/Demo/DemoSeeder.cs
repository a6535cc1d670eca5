using Surveys.Functions.Catalog;
using Surveys.Functions.Kiosk;
using Surveys.Model;

namespace Surveys.Functions.Demo;

public sealed class DemoOptions
{
    public const string Section = "Surveys:Demo";

    /// <summary>Seeds the demo organisation when the app starts (scripts/run.sh turns this on).</summary>
    public bool Seed { get; set; }

    /// <summary>The demo kiosk link's token: fixed, so the printed URL survives restarts. Local use only.</summary>
    public string KioskToken { get; set; } = "demo-kiosk-trivsel-2026-host";
}

/// <summary>
/// Seeds a demo organisation with a smiley wellbeing survey, an open round and a kiosk link, after
/// the web server listens, and prints where to go. Idempotent: fixed ids, upserts.
/// </summary>
public sealed class DemoSeeder(
    Microsoft.Extensions.Options.IOptions<DemoOptions> options,
    CatalogStore catalog,
    KioskLinkStore kioskLinks,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<DemoSeeder> log) : BackgroundService
{
    public const string OrganisationId = "demo";
    public const string SurveyId = "demo-trivsel";
    public const string RoundId = "demo-trivsel-2026-for";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Seed) return;
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }

        try
        {
            await SeedAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            log.LogError(e, "Seeding the demo organisation failed; is the storage emulator running?");
        }
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        await catalog.SaveOrganisationAsync(new Organisation(OrganisationId, "Demo Arbeidsinkludering AS", ["AFT", "VTA", "Aktivitetsavdelingen"]), ct);
        await catalog.SaveSurveyAsync(new StoredSurvey(SurveyId, OrganisationId, "Trivsel i VTA 2026", Instruments.Wellbeing.Id, [], []), ct);
        var now = time.GetUtcNow();
        await catalog.SaveRoundAsync(OrganisationId, Round.Create(RoundId, SurveyId, "2026-før", now.AddDays(-1), now.AddDays(60), 24), ct);
        await kioskLinks.SaveAsync(options.Value.KioskToken, OrganisationId, SurveyId, RoundId, ct);

        var baseUrl = (configuration["Surveys:PublicBaseUrl"] ?? "http://localhost:7071").TrimEnd('/');
        var token = options.Value.KioskToken;
        log.LogInformation(
            """
            Demo organisation ready: «Demo Arbeidsinkludering AS», survey «Trivsel i VTA 2026», round «2026-før».
              Kiosk survey (JSON): {SurveyUrl}
              Submit an answer:    curl -X POST {SubmitUrl} -H 'Content-Type: application/json' -d '{{"responseId":"<new v4 GUID>","answers":{{"WELLBEING-01":5,"WELLBEING-02":4}},"language":"nb"}}'
            """,
            $"{baseUrl}/api/kiosk/{token}/survey", $"{baseUrl}/api/kiosk/{token}/responses");
    }
}
