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

    /// <summary>The demo leader, who signs in through the outbox e-mail.</summary>
    public string LeaderEmail { get; set; } = "leder@demo.no";
}

/// <summary>
/// Seeds a demo organisation with a smiley wellbeing survey, an open round and a kiosk link, after
/// the web server listens, and prints where to go. Idempotent: fixed ids, upserts.
/// </summary>
public sealed class DemoSeeder(
    Microsoft.Extensions.Options.IOptions<DemoOptions> options,
    CatalogStore catalog,
    KioskLinkStore kioskLinks,
    Surveys.Functions.Access.MemberStore members,
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
        await kioskLinks.SaveAsync(options.Value.KioskToken, OrganisationId, SurveyId, RoundId, ct, "VTA");
        await members.GrantAsync(options.Value.LeaderEmail, "Demo Leder", OrganisationId,
            new Surveys.Functions.Access.Membership(Surveys.Functions.Access.OrganisationRole.Admin, null), ct);

        var baseUrl = (configuration["Surveys:PublicBaseUrl"] ?? "http://localhost:7071").TrimEnd('/');
        var token = options.Value.KioskToken;
        log.LogInformation(
            """
            Demo organisation ready: «Demo Arbeidsinkludering AS», survey «Trivsel i VTA 2026», round «2026-før».
              Kiosk (open on a tablet or in a browser): {KioskUrl}
              Leader sign-in: {SignInUrl} with {LeaderEmail}; the link arrives as an .eml file in {Outbox}
              Kiosk API (JSON): {SurveyUrl}
            """,
            $"{baseUrl}/k/{token}", $"{baseUrl}/logg-inn", options.Value.LeaderEmail,
            configuration["Surveys:Email:OutboxPath"] ?? ".outbox", $"{baseUrl}/api/kiosk/{token}/survey");
    }
}
