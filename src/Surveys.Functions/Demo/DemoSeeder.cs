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

    /// <summary>The demo's extra digest address (the work-environment committee).</summary>
    public string CommitteeEmail { get; set; } = "amu@demo.no";

    /// <summary>The demo occupational-health partner's user (a partner admin), who signs in like a leader.</summary>
    public string PartnerEmail { get; set; } = "bht@arca.demo.no";
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
    Surveys.Functions.Partners.PartnerStore partners,
    Surveys.Functions.Partners.GrantStore grants,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<DemoSeeder> log) : BackgroundService
{
    public const string OrganisationId = "demo";
    public const string SurveyId = "demo-trivsel";
    public const string BeforeRoundId = "demo-trivsel-2026-for";
    public const string RoundId = "demo-trivsel-2026-etter";
    public const string PartnerId = "partner-demo-arca";
    public const string GrantId = "grant-demo-arca";

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

    /// <summary>
    /// Made-up answers with fixed ids, so a second run stores and counts nothing twice: 24 in the closed
    /// round, and 21 in the open one (enough for a verdict), where two items got better and two did not,
    /// so the results page, the digest and the exports have something to show at once.
    /// </summary>
    private async Task SeedAnswersAsync(Round before, Round after, CancellationToken ct)
    {
        var survey = await catalog.LoadSurveyAsync(OrganisationId, SurveyId, ct) ?? throw new InvalidOperationException("The demo survey is missing.");
        await using var scope = scopes.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<Surveys.Functions.Responses.ResponseIntake>();
        int[][] beforePattern = [[2, 3, 2, 4, 3, 1], [3, 2, 4, 3, 2, 3], [2, 2, 3, 1, 3, 2], [4, 3, 3, 5, 2, 3]];
        int[][] afterPattern = [[4, 3, 5, 4, 3, 4], [4, 3, 5, 4, 4, 3], [2, 3, 2, 1, 3, 2], [4, 3, 4, 5, 2, 3]];
        await SeedRoundAsync("before", before, beforePattern, 24, before.Opens!.Value.AddDays(3));
        await SeedRoundAsync("after", after, afterPattern, 21, time.GetUtcNow());

        async Task SeedRoundAsync(string name, Round round, int[][] pattern, int count, DateTimeOffset at)
        {
            for (var r = 0; r < count; r++)
            {
                var answers = Enumerable.Range(0, 4).ToDictionary(i => $"WELLBEING-0{i + 1}", i => AnswerInput.Number(pattern[i][(r + i) % 6]));
                var submission = new ResponseSubmission(DemoId(name, r), answers, "nb", r % 3 == 0 ? EntryMode.Paper : EntryMode.Kiosk);
                var response = survey.Validate(submission, round, at);
                await intake.StoreAsync(OrganisationId, response, "VTA", ct);
                await intake.QueueAsync(OrganisationId, response, ct);
            }
        }
    }

    private static Guid DemoId(string round, int row)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"demo-{round}-{row}"))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's little-endian field layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes);
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        await catalog.SaveOrganisationAsync(new Organisation(OrganisationId, "Demo Arbeidsinkludering AS", ["AFT", "VTA", "Aktivitetsavdelingen"]), ct);
        await catalog.SaveSurveyAsync(new StoredSurvey(SurveyId, OrganisationId, "Trivsel i VTA 2026", Instruments.Wellbeing.Id, [], []), ct);
        var now = time.GetUtcNow();
        // A closed "before" round with answers, and an open "after" round the kiosk link answers.
        var before = Round.Create(BeforeRoundId, SurveyId, "2026-før", now.AddDays(-60), now.AddDays(-30), 26);
        await catalog.SaveRoundAsync(OrganisationId, before, ct);
        var after = Round.Create(RoundId, SurveyId, "2026-etter", now.AddDays(-1), now.AddDays(60), 26);
        await catalog.SaveRoundAsync(OrganisationId, after, ct);
        await kioskLinks.SaveAsync(options.Value.KioskToken, OrganisationId, SurveyId, RoundId, ct, "VTA");
        await SeedAnswersAsync(before, after, ct);
        var leader = await members.GrantAsync(options.Value.LeaderEmail, "Demo Leder", OrganisationId,
            new Surveys.Functions.Access.Membership(Surveys.Functions.Access.OrganisationRole.Admin, null), ct);
        await SeedDigestAsync(leader, now, ct);
        await SeedPartnerAsync(now, ct);

        var baseUrl = CatalogApi.PublicBaseUrl(configuration);
        var token = options.Value.KioskToken;
        log.LogInformation(
            """
            Demo organisation ready: «Demo Arbeidsinkludering AS», survey «Trivsel i VTA 2026», rounds «2026-før» (24 answers, closed) and «2026-etter» (21 answers, open).
              Kiosk (open on a tablet or in a browser): {KioskUrl}
              Leader sign-in: {SignInUrl} with {LeaderEmail}; the link arrives as an .eml file in {Outbox}
              Kiosk API (JSON): {SurveyUrl}
              Weekly digest to {LeaderEmail} and {CommitteeEmail}: run it now with scripts/run-timer.sh SendDigests (PORT as for run.sh)
              Occupational-health partner: sign in as {PartnerEmail} (lands on /partner); scripts/run-timer.sh DeliverExports e-mails it the closed round's export link, SendPartnerParticipation the open round's participation this week
            """,
            $"{baseUrl}/k/{token}", $"{baseUrl}/logg-inn", options.Value.LeaderEmail,
            configuration["Surveys:Email:OutboxPath"] ?? ".outbox", $"{baseUrl}/api/kiosk/{token}/survey", options.Value.LeaderEmail, options.Value.CommitteeEmail, options.Value.PartnerEmail);
    }

    /// <summary>
    /// An occupational-health partner («Arca Bedriftshelse (demo)») with a user who signs in like a leader,
    /// and the organisation's grant to it for the demo survey, delivered after each round closes. The
    /// grant is made only once, so revoking it in the demo survives a restart.
    /// </summary>
    private async Task SeedPartnerAsync(DateTimeOffset now, CancellationToken ct)
    {
        var partner = await partners.EnsureAsync(new Surveys.Functions.Partners.Partner(PartnerId, "Arca Bedriftshelse (demo)", now), ct);
        await members.GrantPartnerAsync(options.Value.PartnerEmail, "Demo BHT-rådgiver", partner.Id, Surveys.Functions.Access.PartnerRole.Admin, ct);
        if (await grants.GetAsync(OrganisationId, GrantId, ct) is null)
        {
            await grants.SaveAsync(new Surveys.Functions.Partners.ExportGrant(GrantId, OrganisationId, partner.Id, [SurveyId],
                new Surveys.Functions.Partners.ExportDelivery(Surveys.Functions.Partners.DeliverySchedule.AfterRoundCloses, "xlsx", "results", "nb",
                    [options.Value.PartnerEmail]),
                now, "demo", null, null), ct);
        }
    }

    /// <summary>
    /// The digest: the leader opted in weekly and the committee's address added (each only when not there
    /// yet, so an unsubscribe through the e-mail's link survives a restart), and four improvement actions
    /// with dates relative to today: one overdue, one due soon, one done two days ago, one due later.
    /// </summary>
    private async Task SeedDigestAsync(Surveys.Functions.Access.Member leader, DateTimeOffset now, CancellationToken ct)
    {
        var digests = scopes.CreateAsyncScope();
        await using (digests)
        {
            var store = digests.ServiceProvider.GetRequiredService<Surveys.Functions.Digests.DigestStore>();
            var recipients = await store.ListAsync(OrganisationId, ct);
            if (recipients.All(r => r.Kind != Surveys.Functions.Digests.RecipientKind.Member || r.Email != leader.Email))
                await store.SetMemberAsync(OrganisationId, leader, Surveys.Functions.Digests.DigestFrequency.Weekly, ct);
            var extras = recipients.Where(r => r.Kind == Surveys.Functions.Digests.RecipientKind.Extra).Select(r => r.Email).ToList();
            if (!extras.Contains(options.Value.CommitteeEmail, StringComparer.OrdinalIgnoreCase))
                await store.SetExtrasAsync(OrganisationId, [.. extras, options.Value.CommitteeEmail], ct);

            var actions = digests.ServiceProvider.GetRequiredService<Surveys.Functions.Actions.ActionStore>();
            var today = NorwegianTime.DateOf(now);
            ImprovementAction Action(string id, string title, string owner, int dueInDays, ActionStatus status, int changedDaysAgo,
                string? ownerEmail = null, int? evaluationInDays = null) => new(
                id, OrganisationId, SurveyId, "WELLBEING-02", BeforeRoundId, title,
                "Beskrivelsen (fritekst) skal aldri stå i e-post.", owner, ownerEmail, today.AddDays(dueInDays), status, RoundId,
                status == ActionStatus.Done ? today.AddDays(-changedDaysAgo) : today.AddDays(evaluationInDays ?? dueInDays + 30),
                status == ActionStatus.Done ? "Evalueringsnotatet (fritekst) skal heller ikke stå i e-post." : null,
                ActionOrigin.LeadershipGroup, SmartChecklist.None, [new ActionNote(today.AddDays(-20), "Notater står aldri i e-post.", "Demo Leder")],
                [new ActionStatusChange(now.AddDays(-20), null, ActionStatus.Planned, "Demo Leder"),
                 .. status == ActionStatus.Planned ? Array.Empty<ActionStatusChange>() : [new ActionStatusChange(now.AddDays(-changedDaysAgo), ActionStatus.Planned, status, "Demo Leder")]],
                "VTA", now.AddDays(-20), now.AddDays(-changedDaysAgo));
            foreach (var action in new[]
            {
                // Evaluated today, with an owner address: the digest lists it under «Evalueringsdato nådd», and the daily
                // timer (scripts/run-timer.sh SendDailyDigests) reminds its owner.
                Action("act-demo-medarbeidersamtaler", "Faste medarbeidersamtaler hver måned", "Avdelingsleder VTA", -5, ActionStatus.InProgress, 10,
                    ownerEmail: "avdelingsleder.vta@demo.no", evaluationInDays: 0),
                Action("act-demo-tavlemote", "Tavlemøte hver mandag", "Fagveileder, Kari", 7, ActionStatus.Planned, 20),
                Action("act-demo-pauserom", "Nytt pauserom", "Driftsleder", -3, ActionStatus.Done, 2),
                Action("act-demo-opplaering", "Opplæring i nye maskiner", "Fagveileder, Ola", 45, ActionStatus.Planned, 20),
            })
            {
                // Dates move with today, so the digest has something in each list whenever the demo runs.
                if (await actions.GetAsync(OrganisationId, action.Id, ct) is { } existing) await actions.ReplaceAsync(action, existing.ETag, ct);
                else await actions.AddAsync(action, ct);
            }
        }
    }
}
