using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Email;
using Surveys.Functions.Hosting;
using Surveys.Functions.Pages;
using Surveys.Functions.Scheduling;

namespace Surveys.Functions.Digests;

/// <summary>
/// Timer <c>SendDigests</c> (<c>%DigestSchedule%</c>, hourly in UTC): the weekly digest to every recipient who wants
/// it weekly, from the first run at or after <c>Surveys:Schedules:WeeklyDigest</c> (Mondays 07:00 Norwegian time;
/// <see cref="LocalSchedule"/>). The other runs return at once.
/// </summary>
public sealed class SendDigests(DigestSender sender, LocalSchedule schedule, ILogger<SendDigests> log) : ITimerFunction
{
    [Function("SendDigests")]
    public Task Run([TimerTrigger("%DigestSchedule%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(WorkerTriggers.Timer(timer), context.CancellationToken);

    public async Task RunAsync(TimerTrigger timer, CancellationToken cancellationToken)
    {
        var decision = schedule.Decide(timer, schedule.WeeklyDigest, nameof(SendDigests), log);
        if (decision.Acts) await sender.SendAsync(DigestFrequency.Weekly, decision.At, cancellationToken);
    }
}

/// <summary>
/// Timer <c>SendDailyDigests</c> (<c>%DailyDigestSchedule%</c>, hourly in UTC), acting from
/// <c>Surveys:Schedules:DailyDigest</c> (07:00 Norwegian time every day; <see cref="LocalSchedule"/>): the daily
/// digest, then the owners' evaluation reminders (<see cref="EvaluationReminders"/>), which run even when the
/// digest failed.
/// </summary>
public sealed class SendDailyDigests(DigestSender sender, EvaluationReminders reminders, LocalSchedule schedule, ILogger<SendDailyDigests> log) : ITimerFunction
{
    [Function("SendDailyDigests")]
    public Task Run([TimerTrigger("%DailyDigestSchedule%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(WorkerTriggers.Timer(timer), context.CancellationToken);

    public async Task RunAsync(TimerTrigger timer, CancellationToken cancellationToken)
    {
        var decision = schedule.Decide(timer, schedule.DailyDigest, nameof(SendDailyDigests), log);
        if (!decision.Acts) return;
        var failures = new List<Exception>();
        try
        {
            await sender.SendAsync(DigestFrequency.Daily, decision.At, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures.Add(e);
        }
        try
        {
            await reminders.SendAsync(DigestPeriod.Of(DigestFrequency.Daily, decision.At, schedule.Zone).Today, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures.Add(e);
        }
        // Both parts ran; the run fails (and is logged by the runner) with whatever went wrong in either.
        if (failures.Count == 1) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failures[0]).Throw();
        if (failures.Count > 1) throw new AggregateException("The daily digest and the evaluation reminders both failed.", failures);
    }
}

/// <summary>
/// One digest run: per organisation with recipients of the frequency, compose once, then queue one
/// e-mail per recipient on <c>emails</c> with the idempotency key <c>digest:{org}:{recipient}:{period}</c>.
/// A recipient whose e-mail for the period is already sent is skipped before anything is composed for
/// them; a duplicate that slips past (two runs at once) is stopped by SendEmail, which sends each key once.
/// Members are checked against their current membership (a removed member gets nothing; a leader limited
/// to units sees only their units' actions). An organisation with nothing to say sends nothing.
/// </summary>
public sealed class DigestSender(
    DigestStore store, DigestComposer composer, MemberStore members, EmailQueue emails, SentEmailStore sent,
    DigestOptions options, IConfiguration configuration, PageRenderer pages, ILogger<DigestSender> log)
{
    public static string IdempotencyKey(string organisationId, string recipientKey, DigestPeriod period) =>
        $"digest:{organisationId}:{recipientKey}:{period.Key}";

    /// <summary>Runs the digest for the period of a run scheduled at <paramref name="scheduledAt"/>; returns how many e-mails were queued.</summary>
    public async Task<int> SendAsync(DigestFrequency frequency, DateTimeOffset scheduledAt, CancellationToken ct)
    {
        var period = DigestPeriod.Of(frequency, scheduledAt, options.Zone);
        var baseUrl = BaseUrl(configuration);
        var queued = 0;
        var recipients = await store.ListByFrequencyAsync(frequency, ct);
        foreach (var organisation in recipients.GroupBy(r => r.OrganisationId))
        {
            try
            {
                queued += await SendOrganisationAsync(organisation.Key, organisation.ToList(), period, baseUrl, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One organisation's bad data must not stop the others' digests.
                log.LogError(e, "The {Frequency} digest of organisation {Organisation} for {Period} failed", frequency, organisation.Key, period.Key);
            }
        }
        log.LogInformation("{Frequency} digest for {Period}: {Queued} e-mails queued for {Organisations} organisations",
            frequency, period.Key, queued, recipients.Select(r => r.OrganisationId).Distinct().Count());
        return queued;
    }

    private async Task<int> SendOrganisationAsync(string organisationId, IReadOnlyList<DigestRecipient> recipients, DigestPeriod period, string baseUrl, CancellationToken ct)
    {
        DigestContent? content = null;
        var queued = 0;
        foreach (var recipient in recipients)
        {
            try
            {
                var key = IdempotencyKey(organisationId, recipient.Key, period);
                if (await sent.FindAsync(key, ct) is { Status: SentEmailStatus.Sent or SentEmailStatus.Failed }) continue;

                IReadOnlyList<string>? units = null;
                if (recipient.Kind == RecipientKind.Member)
                {
                    var member = recipient.MemberId is null ? null : await members.GetAsync(recipient.MemberId, ct);
                    if (member?.Organisations.GetValueOrDefault(organisationId) is not { } membership) continue;
                    units = membership.Units;
                }

                content ??= await composer.ComposeAsync(organisationId, period, baseUrl, ct);
                if (content is null) return queued; // the organisation is gone
                var mine = content.ForUnits(units);
                if (!DigestEmail.HasNews(mine)) continue;

                var token = await store.NewUnsubscribeTokenAsync(recipient, ct);
                var message = await DigestEmail.BuildAsync(mine, recipient, baseUrl + DigestLinks.Unsubscribe(token), key, pages);
                await emails.EnqueueAsync(message, ct);
                queued++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One recipient's failure (a storage hiccup, an e-mail too large to queue) must not cost the
                // others their digest; running the timer again the same period sends what is missing.
                log.LogError(e, "The digest of organisation {Organisation} for {Period} could not be queued for one recipient", organisationId, period.Key);
            }
        }
        return queued;
    }

    /// <summary>Absolute links, as the sign-in e-mail makes them: <c>Surveys:PublicBaseUrl</c> (set by infra and scripts/run.sh).</summary>
    public static string BaseUrl(IConfiguration configuration) =>
        Catalog.CatalogApi.PublicBaseUrl(configuration);
}
