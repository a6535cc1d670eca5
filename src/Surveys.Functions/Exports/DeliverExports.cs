using Microsoft.Azure.Functions.Worker;
using System.Globalization;
using Surveys.Functions.Access;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Audit;
using Surveys.Functions.Catalog;
using Surveys.Functions.Email;
using Surveys.Functions.Hosting;
using Surveys.Functions.Pages;
using Surveys.Functions.Partners;
using Surveys.Functions.Review;
using Surveys.Functions.Scheduling;
using Surveys.Model;
using Surveys.Pages.Emails;

namespace Surveys.Functions.Exports;

/// <summary>Settings of scheduled export delivery (<c>Surveys:Exports</c>).</summary>
public sealed class ExportDeliveryOptions
{
    public const string Section = "Surveys:Exports";

    /// <summary>How long a delivered download link works.</summary>
    public TimeSpan DownloadLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Rounds that closed longer ago than this are not delivered (so a new grant does not send the whole history).</summary>
    public TimeSpan ClosedRoundLookBack { get; set; } = TimeSpan.FromDays(35);
}

/// <summary>
/// Timer function (<c>%ExportDeliverySchedule%</c>, hourly in UTC; it acts from <c>Surveys:Schedules:ExportDelivery</c>,
/// 06:00 Norwegian time every day, see <see cref="LocalSchedule"/>): for every grant in force with a delivery
/// schedule, sends each recipient an e-mail with a short-lived download link, once per delivery:
/// after a round closes (one delivery per closed round), or monthly (one per calendar month, Oslo time).
/// </summary>
/// <remarks>
/// Exactly once: a delivery is skipped when its marker row says «sent»; otherwise it is marked «started»
/// (with the key its audit entry will have), the link is made, the e-mails are queued with deterministic
/// idempotency keys (<c>export:{grant}:{delivery}:{recipient}</c>, so SendEmail sends each once however
/// often they are queued), the audit entry is written under its key, and only then the marker says «sent».
/// A run that dies in between is finished by the next run without a second e-mail or audit entry; a
/// second link made then simply expires unused. A closed round with fewer respondents than the minimum group size is
/// not delivered (there is nothing to show); it is looked at again at each acting run while within the look-back.
/// From 06:00 Norwegian time every hourly run of the day acts (a missed 06:00 is caught up the same day), so a round
/// that closes during the day is delivered within the hour rather than the next morning.
/// Partners take closed rounds only, so a monthly delivery waits for the survey's first closed round.
/// The link exports again at download time, so the rules in force then apply, and a grant revoked in
/// the meantime stops the link.
/// </remarks>
public sealed class DeliverExports(
    GrantStore grants, PartnerStore partners, CatalogStore catalog, AggregateStore aggregates, ExportLinkStore links, DeliveryStore deliveries,
    EmailQueue emails, AuditLog audit, AnonymityOptions anonymity, Microsoft.Extensions.Options.IOptions<ExportDeliveryOptions> options,
    LocalSchedule schedule, IConfiguration configuration, TimeProvider time, PageRenderer pages, ILogger<DeliverExports> log) : ITimerFunction
{
    [Function("DeliverExports")]
    public Task Run([TimerTrigger("%ExportDeliverySchedule%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(WorkerTriggers.Timer(timer), context.CancellationToken);

    public async Task RunAsync(TimerTrigger timer, CancellationToken cancellationToken)
    {
        if (!schedule.Decide(timer, schedule.ExportDelivery, nameof(DeliverExports), log).Acts) return;
        var sent = await DeliverAsync(cancellationToken);
        log.LogInformation("Export delivery: {Deliveries} deliveries sent", sent);
    }

    /// <returns>How many deliveries were made (each to all of its grant's recipients).</returns>
    public async Task<int> DeliverAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var zone = schedule.Zone; // the month of a monthly delivery is the Norwegian one, whatever zone the host runs in
        var made = 0;
        await foreach (var grant in grants.ListAllAsync(ct))
        {
            if (!grant.IsActive || grant.Delivery.Schedule == DeliverySchedule.None || grant.Delivery.Recipients.Count == 0) continue;
            try
            {
                made += await DeliverGrantAsync(grant, now, zone, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken grant (a deleted survey, a bad address) must not stop the others.
                log.LogError(e, "Export delivery for grant {GrantId} failed; the next run tries again", grant.Id);
            }
        }
        return made;
    }

    private async Task<int> DeliverGrantAsync(ExportGrant grant, DateTimeOffset now, TimeZoneInfo zone, CancellationToken ct)
    {
        var organisation = await catalog.GetOrganisationAsync(grant.OrganisationId, ct);
        if (organisation is null) return 0;
        var surveys = (await catalog.ListSurveysAsync(grant.OrganisationId, ct)).Where(s => grant.Covers(s.Id)).ToList();
        var made = 0;
        foreach (var survey in surveys)
        {
            if (grant.Delivery.Schedule == DeliverySchedule.Monthly)
            {
                var month = TimeZoneInfo.ConvertTime(now, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);
                // Partners take closed rounds only (the export refuses open ones): nothing to send before one closes.
                var rounds = await catalog.ListRoundsAsync(survey.Id, ct);
                if (!rounds.Any(r => r.HasClosedBy(now))) continue;
                if (await DeliverAsync(grant, organisation, survey, null, $"{survey.Id}~{month}", month, ct)) made++;
                continue;
            }

            foreach (var round in await catalog.ListRoundsAsync(survey.Id, ct))
            {
                if (!round.HasClosedBy(now) || round.Closes < now - options.Value.ClosedRoundLookBack) continue;
                if (await DeliverAsync(grant, organisation, survey, round, round.Id, round.Label, ct)) made++;
            }
        }
        return made;
    }

    private async Task<bool> DeliverAsync(ExportGrant grant, Organisation organisation, StoredSurvey survey, Round? round,
        string deliveryKey, string periodLabel, CancellationToken ct)
    {
        var progress = await deliveries.GetAsync(grant.Id, deliveryKey, ct);
        if (progress is not null && progress.Outcome != DeliveryStore.Started) return false; // sent (or settled by an older version)
        if (round is not null)
        {
            // The same minimum as the export itself. Not recorded: answers still being counted at close may lift the
            // round over it, and it is looked at again at each acting run while the round is within the look-back.
            var respondents = (await aggregates.GetAsync(round.Id, ct))?.Respondents ?? 0;
            if (respondents < anonymity.MinimumGroupSize) // never below 3: checked when the app starts
            {
                log.LogInformation("Export delivery {GrantId}/{Delivery} skipped: fewer respondents than the minimum group size", grant.Id, deliveryKey);
                return false;
            }
        }

        var d = grant.Delivery;
        var language = Language.TryParse(d.Language, out var l) ? l : Language.Default;
        var request = new ExportRequest(grant.OrganisationId, survey.Id, round is null ? null : [round.Id],
            Enum.Parse<ExportFormat>(d.Format, ignoreCase: true), Enum.Parse<ExportContent>(d.Content, ignoreCase: true), language,
            language == Language.English ? ',' : ';', ClosedRoundsOnly: true);
        // Started before anything is sent, with the audit entry's key: a run that crashed half-way is finished by
        // the next one (SendEmail sends each idempotency key once) and the delivery is logged once.
        var auditKey = progress?.AuditKey ?? audit.NewEntryKey();
        if (progress is null) await deliveries.RecordAsync(grant.Id, deliveryKey, DeliveryStore.Started, auditKey, ct);
        var (token, link) = await links.CreateAsync(grant.Id, request, options.Value.DownloadLinkLifetime, ct);
        var url = $"{CatalogApi.PublicBaseUrl(configuration)}/eksport/{token}";
        foreach (var recipient in d.Recipients.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            await emails.EnqueueAsync(await ComposeAsync(recipient, grant, deliveryKey, organisation, survey, periodLabel, request, url, link.ExpiresAt, pages), ct);
        }
        var partnerName = (await partners.GetAsync(grant.PartnerId, ct))?.Name ?? grant.PartnerId;
        await audit.WriteAsync(auditKey, grant.OrganisationId, $"planlagt levering ({partnerName})", "export-delivered", survey.Id,
            new Dictionary<string, string>
            {
                ["grant"] = grant.Id,
                ["delivery"] = deliveryKey,
                ["format"] = d.Format,
                ["content"] = d.Content,
                ["language"] = language.Code,
                ["rounds"] = round?.Id ?? "alle",
                ["recipients"] = d.Recipients.Count.ToString(CultureInfo.InvariantCulture),
                ["linkExpires"] = link.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC",
            }, ct);
        await deliveries.RecordAsync(grant.Id, deliveryKey, DeliveryStore.Sent, auditKey, ct);
        return true;
    }


    internal static async Task<EmailMessage> ComposeAsync(string recipient, ExportGrant grant, string deliveryKey, Organisation organisation, StoredSurvey survey,
        string periodLabel, ExportRequest request, string url, DateTimeOffset expiresAt, PageRenderer pages)
    {
        var model = new ExportDeliveryEmailModel(request.Language == Language.English, organisation.Name, survey.Title, periodLabel,
            request.Content == ExportContent.Results, request.Format.ToString().ToUpperInvariant(), url, expiresAt);
        var text = $"""
            {model.Sharing}

            {model.T("Last ned", "Download")}: {url}

            {model.Terms}
            """;
        var html = await pages.RenderEmailAsync<ExportDeliveryEmail, ExportDeliveryEmailModel>(model);
        var key = $"export:{grant.Id}:{deliveryKey}:{Secrets.Hash(MemberStore.Normalise(recipient))[..32]}";
        // Names and titles are typed by people and may hold a line break or tab, which a subject must not (EmailMessage refuses it).
        return new EmailMessage(new EmailAddress(recipient), Digests.DigestEmail.Subject(model.Title), text, html, key);
    }
}
