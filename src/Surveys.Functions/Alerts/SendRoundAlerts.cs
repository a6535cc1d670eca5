using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Functions.Digests;
using Surveys.Functions.Email;
using Surveys.Functions.Hosting;
using Surveys.Functions.Pages;
using Surveys.Functions.Review;
using Surveys.Model;
using Surveys.Pages.Alerts;

namespace Surveys.Functions.Alerts;

/// <summary>
/// Timer <c>SendRoundAlerts</c> (<c>%AlertSchedule%</c>, every 10 minutes): the real-time alert (issue 15, ADR 20). Unlike
/// the digests it acts on every run, whatever the hour: it measures a sliding window, not a Norwegian calendar period.
/// </summary>
public sealed class SendRoundAlerts(RoundAlerts alerts, AlertOptions options, ILogger<SendRoundAlerts> log) : ITimerFunction
{
    [Function("SendRoundAlerts")]
    public Task Run([TimerTrigger("%AlertSchedule%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(WorkerTriggers.Timer(timer), context.CancellationToken);

    public async Task RunAsync(TimerTrigger timer, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            log.LogDebug("SendRoundAlerts: alerts are off (Surveys:Alerts:Enabled)");
            return;
        }
        await alerts.RunAsync(cancellationToken);
    }
}

/// <summary>
/// One alert run. For every open round of a survey with smiley faces: record the round's totals now
/// (<see cref="AlertSnapshotStore"/>), compare them with the oldest snapshot inside the window (and after the round's last
/// alert), and when at least the minimum group size answered in between and the share of answers on the lowest two faces
/// is at or above the threshold, e-mail the survey's leaders, once per recipient, round and fixed window
/// (<c>alert:{round}:{window start}:{recipient}</c>, sent once by SendEmail as every e-mail). A round whose answers all
/// came on paper raises nothing: the alert is about the kiosk, answered now.
/// </summary>
public sealed class RoundAlerts(
    CatalogStore catalog, AggregateStore aggregates, AlertSnapshotStore snapshots, MemberStore members, EmailQueue emails,
    SentEmailStore sent, PageRenderer renderer, AlertOptions options, AnonymityOptions anonymity, DigestOptions digest,
    IConfiguration configuration, TimeProvider time, ILogger<RoundAlerts> log)
{
    public static string IdempotencyKey(string roundId, DateTimeOffset windowStart, string recipientId) =>
        $"alert:{roundId}:{windowStart.UtcDateTime.ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture)}:{recipientId}";

    /// <summary>Runs once at the clock's now; returns how many e-mails were queued.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var queued = 0;
        await foreach (var round in catalog.ListAllRoundsAsync(ct))
        {
            if (!round.IsOpenAt(now)) continue;
            try
            {
                queued += await RunRoundAsync(round, now, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One round's bad data must not stop the others' alerts.
                log.LogError(e, "The alert check of round {Round} failed", round.Id);
            }
        }
        log.LogInformation("SendRoundAlerts at {Now}: {Queued} e-mails queued", now, queued);
        return queued;
    }

    private async Task<int> RunRoundAsync(Round round, DateTimeOffset now, CancellationToken ct)
    {
        if (await catalog.FindAsync(round.Id, DirectoryKind.Round, ct) is not { } entry) return 0;
        var stored = await catalog.GetSurveyAsync(entry.OrganisationId, round.SurveyId, ct);
        var organisation = await catalog.GetOrganisationAsync(entry.OrganisationId, ct);
        if (stored is null || organisation is null) return 0;
        var survey = stored.ToSurvey(organisation.Name);
        if (!AlertTotals.HasFaces(survey)) return 0;

        var aggregate = await aggregates.GetAsync(round.Id, ct);
        var totals = AlertTotals.Of(aggregate);
        var (history, lastAlert) = await snapshots.ListAsync(round.Id, ct);
        await snapshots.AddAsync(round.Id, new AlertSnapshot(now, totals), ct);
        await snapshots.DeleteBeforeAsync(round.Id, history, now - options.Window, ct);

        var from = AlertWindow.BaselineFrom(now, options.Window, lastAlert);
        if (history.FirstOrDefault(s => s.TakenAt >= from && s.TakenAt < now) is not { } start) return 0;
        if (aggregate is null || aggregate.EntryModes[EntryMode.Kiosk] + aggregate.EntryModes[EntryMode.Assisted] == 0) return 0;
        if (AlertWindowFigures.Between(start.Totals, totals) is not { } figures
            || !figures.Passes(anonymity.MinimumGroupSize, options.Threshold)) return 0;

        var windowStart = AlertWindow.StartOf(now, options.Window);
        var baseUrl = CatalogApi.PublicBaseUrl(configuration);
        var model = new RoundAlertEmailModel(organisation.Name, stored.Title, round.Label, WindowText(start.TakenAt, now, digest.Zone),
            figures.Respondents, Percent(figures.LowestTwoShare), Percent(options.Threshold),
            $"{baseUrl}/surveys/{Uri.EscapeDataString(survey.Id)}/results", $"{baseUrl}/leder/runder/{Uri.EscapeDataString(round.Id)}/kiosk");
        string? html = null;
        var queued = 0;
        var complete = true;
        foreach (var member in await members.ListForOrganisationAsync(entry.OrganisationId, ct))
        {
            if (!IsLeaderOf(member, entry.OrganisationId, stored.Unit)) continue;
            try
            {
                var key = IdempotencyKey(round.Id, windowStart, member.Id);
                if (await sent.FindAsync(key, ct) is { Status: SentEmailStatus.Sent or SentEmailStatus.Failed }) continue;
                html ??= await renderer.RenderEmailAsync<RoundAlertEmail, RoundAlertEmailModel>(model);
                await emails.EnqueueAsync(Message(model, html, member, key), ct);
                queued++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The others still get theirs; the next run in this window queues what is missing under the same key.
                complete = false;
                log.LogError(e, "The alert of round {Round} could not be queued for one recipient", round.Id);
            }
        }
        // Only once every leader has theirs: until then the next run measures the same answers and fills the gaps.
        if (complete && queued > 0) await snapshots.SetAlertedAsync(round.Id, now, ct);
        log.LogInformation("Alert for round {Round}: {Respondents} answered in the window, lowest-two share {Share:P0}; {Queued} e-mails queued",
            round.Id, figures.Respondents, figures.LowestTwoShare, queued);
        return queued;
    }

    /// <summary>
    /// A leader or admin of the organisation; one limited to units only when the survey is run in one of them (a survey
    /// for the whole organisation goes to every leader, as its results page does).
    /// </summary>
    public static bool IsLeaderOf(Member member, string organisationId, string? surveyUnit) =>
        member.Organisations.GetValueOrDefault(organisationId) is { } membership
        && membership.Role is OrganisationRole.Leader or OrganisationRole.Admin
        && (surveyUnit is null || membership.Units is null or { Count: 0 } || membership.Units.Contains(surveyUnit, StringComparer.Ordinal));

    private static int Percent(double share) => (int)Math.Round(share * 100, MidpointRounding.AwayFromZero);

    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>«mandag 7. desember kl. 10.10–12.10» (a window over midnight names both days).</summary>
    public static string WindowText(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var a = TimeZoneInfo.ConvertTime(from, zone);
        var b = TimeZoneInfo.ConvertTime(to, zone);
        var day = a.ToString("dddd d. MMMM", Norwegian);
        return a.Date == b.Date
            ? $"{day} kl. {a.ToString("HH.mm", Norwegian)}–{b.ToString("HH.mm", Norwegian)}"
            : $"{day} kl. {a.ToString("HH.mm", Norwegian)} – {b.ToString("dddd d. MMMM", Norwegian)} kl. {b.ToString("HH.mm", Norwegian)}";
    }

    private static EmailMessage Message(RoundAlertEmailModel m, string html, Member member, string key)
    {
        var subject = DigestEmail.Subject(m.Subject);
        var kiosk = m.KioskUrl is null ? "" : $"{RoundAlertEmailModel.KioskLinkText}: {m.KioskUrl}\n";
        var text = $"{RoundAlertEmailModel.Heading} i «{DigestEmail.Clean(m.SurveyTitle)}», {DigestEmail.Clean(m.RoundLabel)} ({DigestEmail.Clean(m.OrganisationName)}).\n\n"
            + $"Tidsrom: {m.WindowText}\nAntall som svarte: {m.Respondents}\nAndel svar på de to laveste fjesene: {m.SharePercent} %\n\n"
            + $"{m.Explanation}\n\n{RoundAlertEmailModel.ResultsLinkText}: {m.ResultsUrl}\n{kiosk}\n{m.English}\n\n{RoundAlertEmailModel.Footnote}\n";
        var name = string.IsNullOrWhiteSpace(member.Name) ? null : DigestEmail.Clean(member.Name);
        return new EmailMessage(new EmailAddress(member.Email, name), subject, text, html, key);
    }

}
