using System.Globalization;
using Surveys.Functions.Access;
using Surveys.Functions.Actions;
using Surveys.Functions.Catalog;
using Surveys.Functions.Email;
using Surveys.Functions.Pages;

namespace Surveys.Functions.Digests;

/// <summary>
/// The owner's reminder on an action's evaluation date (users.md L-04), run by the daily timer
/// (<see cref="SendDailyDigests"/>) whether or not anyone subscribed to the daily digest. For every
/// organisation with open actions: one e-mail per open action with an owner address whose evaluation
/// date is today or within the last <see cref="CatchUpDays"/> days (so a missed run catches up), with
/// the idempotency key <c>evaluation:{org}:{actionId}:{evaluationDate}</c>: sent once however often the
/// timer runs (skipped here when already sent; SendEmail sends each key once). A changed evaluation date
/// is a new reminder. One organisation's or action's failure is logged and does not stop the others.
/// </summary>
public sealed class EvaluationReminders(
    ActionStore actions, DigestComposer composer, CatalogStore catalog, EmailQueue emails, SentEmailStore sent,
    IConfiguration configuration, PageRenderer pages, ILogger<EvaluationReminders> log)
{
    /// <summary>An evaluation date up to this many days ago still gets its reminder (a run that did not happen).</summary>
    public const int CatchUpDays = 7;

    public static string IdempotencyKey(string organisationId, string actionId, DateOnly evaluationDate) =>
        $"evaluation:{organisationId}:{actionId}:{evaluationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Sends the reminders due on <paramref name="today"/> (and the <see cref="CatchUpDays"/> days before); returns how many were queued.</summary>
    public async Task<int> SendAsync(DateOnly today, CancellationToken ct)
    {
        var baseUrl = DigestSender.BaseUrl(configuration);
        var queued = 0;
        var organisations = await actions.ListOrganisationsWithOpenActionsAsync(ct);
        foreach (var organisationId in organisations)
        {
            try
            {
                queued += await SendOrganisationAsync(organisationId, today, baseUrl, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The evaluation reminders of organisation {Organisation} for {Date} failed", organisationId, today);
            }
        }
        log.LogInformation("Evaluation reminders for {Date}: {Queued} e-mails queued for {Organisations} organisations with open actions",
            today, queued, organisations.Count);
        return queued;
    }

    private async Task<int> SendOrganisationAsync(string organisationId, DateOnly today, string baseUrl, CancellationToken ct)
    {
        var due = DigestComposer.EvaluationReached(await actions.ListAsync(organisationId, ct), today, today.AddDays(-CatchUpDays))
            .Where(a => !string.IsNullOrWhiteSpace(a.OwnerEmail)).ToList();
        if (due.Count == 0) return 0;
        var organisation = await catalog.GetOrganisationAsync(organisationId, ct);
        if (organisation is null) return 0;
        var queued = 0;
        foreach (var action in due)
        {
            try
            {
                var key = IdempotencyKey(organisationId, action.Id, action.EvaluationDate!.Value);
                if (await sent.FindAsync(key, ct) is { Status: SentEmailStatus.Sent or SentEmailStatus.Failed }) continue;
                var owner = MemberStore.Normalise(action.OwnerEmail!);
                if (!EmailMessage.IsAddress(owner)) continue;
                var evaluation = await composer.EvaluationAsync(action, DigestComposer.ActionLine(action, baseUrl), ct);
                await emails.EnqueueAsync(await DigestEmail.EvaluationReminderAsync(organisation.Name, evaluation, owner, key, pages), ct);
                queued++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The evaluation reminder of action {Action} in organisation {Organisation} could not be queued", action.Id, organisationId);
            }
        }
        return queued;
    }
}
