using Microsoft.Azure.Functions.Worker;
using System.Text;
using Surveys.Functions.Access;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Functions.Digests;
using Surveys.Functions.Email;
using Surveys.Functions.Hosting;
using Surveys.Functions.Pages;
using Surveys.Functions.Review;
using Surveys.Functions.Scheduling;
using Surveys.Model;
using Surveys.Pages.Emails;

namespace Surveys.Functions.Partners;

/// <summary>
/// Timer function <c>SendPartnerParticipation</c> (<c>%PartnerParticipationSchedule%</c>, hourly in UTC; it acts from
/// <c>Surveys:Schedules:PartnerParticipation</c>, Mondays 07:00 Norwegian time, see <see cref="LocalSchedule"/>): while a round is open, the partner follows participation only (users.md O-02, O-05).
/// For every grant in force that has a delivery schedule and recipients, each recipient gets at most one
/// e-mail per grant and ISO week (Oslo), listing every open round of the surveys the grant covers: survey,
/// round, opened and planned close date, respondents so far, invited and the response rate. Never a score,
/// an answer, an item's text or a unit.
/// </summary>
/// <remarks>
/// <para>
/// A grant without a delivery schedule gets nothing: its recipients are where the organisation said the
/// partner's e-mails go, and a grant without a schedule has said it wants none (users.md O-05, "never one
/// e-mail per response"). A grant with nothing open this week sends nothing.
/// </para>
/// <para>
/// Exactly once per recipient, grant and week: the idempotency key is
/// <c>participation:{grant}:{ISO week}:{recipient hash}</c>. A recipient whose key is already sent (or failed for
/// good) is skipped before anything is queued; a duplicate queued by two runs at once is stopped by SendEmail,
/// which sends each key once. The counts are the round's folded respondents, as the results page counts them,
/// and below the minimum group size only «færre enn N», without a rate, as there. One grant's failure is logged
/// and the others go on. Not audited: participation is not an export (ADR 11).
/// </para>
/// </remarks>
public sealed class SendPartnerParticipation(
    GrantStore grants, PartnerStore partners, CatalogStore catalog, AggregateStore aggregates, EmailQueue emails, SentEmailStore sent,
    AnonymityOptions anonymity, DigestOptions digestOptions, LocalSchedule schedule, IConfiguration configuration, TimeProvider time,
    PageRenderer pages, ILogger<SendPartnerParticipation> log) : ITimerFunction
{
    [Function("SendPartnerParticipation")]
    public Task Run([TimerTrigger("%PartnerParticipationSchedule%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(WorkerTriggers.Timer(timer), context.CancellationToken);

    /// <summary>The e-mail's idempotency key: one per grant, ISO week and recipient (hashed, as export delivery does).</summary>
    public static string IdempotencyKey(string grantId, DigestPeriod week, string recipient) =>
        $"participation:{grantId}:{week.Key}:{Secrets.Hash(MemberStore.Normalise(recipient))[..32]}";

    public async Task RunAsync(TimerTrigger timer, CancellationToken cancellationToken)
    {
        var decision = schedule.Decide(timer, schedule.PartnerParticipation, nameof(SendPartnerParticipation), log);
        if (decision.Acts) await SendAsync(decision.At, cancellationToken);
    }

    /// <summary>Sends the week's participation e-mails for a run scheduled at <paramref name="scheduledAt"/>.</summary>
    /// <returns>How many e-mails were queued.</returns>
    public async Task<int> SendAsync(DateTimeOffset scheduledAt, CancellationToken ct)
    {
        var week = DigestPeriod.Of(DigestFrequency.Weekly, scheduledAt, digestOptions.Zone);
        var now = time.GetUtcNow();
        var queued = 0;
        await foreach (var grant in grants.ListAllAsync(ct))
        {
            if (!grant.IsActive || grant.Delivery.Schedule == DeliverySchedule.None || grant.Delivery.Recipients.Count == 0) continue;
            try
            {
                queued += await SendGrantAsync(grant, week, now, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken grant (a deleted survey, a storage hiccup) must not stop the others.
                log.LogError(e, "Participation e-mail of grant {GrantId} for {Week} failed; a run later this week tries again", grant.Id, week.Key);
            }
        }
        log.LogInformation("Partner participation for {Week}: {Queued} e-mails queued", week.Key, queued);
        return queued;
    }

    private async Task<int> SendGrantAsync(ExportGrant grant, DigestPeriod week, DateTimeOffset now, CancellationToken ct)
    {
        var recipients = grant.Delivery.Recipients.Where(EmailMessage.IsAddress).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(r => (Address: r, Key: IdempotencyKey(grant.Id, week, r))).ToList();
        var pending = new List<(string Address, string Key)>();
        foreach (var r in recipients)
        {
            if (await sent.FindAsync(r.Key, ct) is not { Status: SentEmailStatus.Sent or SentEmailStatus.Failed }) pending.Add(r);
        }
        if (pending.Count == 0) return 0;

        var organisation = await catalog.GetOrganisationAsync(grant.OrganisationId, ct);
        if (organisation is null) return 0;
        var rounds = new List<ParticipationRound>();
        foreach (var survey in (await catalog.ListSurveysAsync(grant.OrganisationId, ct)).Where(s => grant.Covers(s.Id)).OrderBy(s => s.Title, StringComparer.CurrentCulture))
        {
            foreach (var round in (await catalog.ListRoundsAsync(survey.Id, ct)).Where(r => r.IsOpenAt(now)).OrderBy(r => r.Opens))
            {
                var respondents = (await aggregates.GetAsync(round.Id, ct))?.Respondents ?? 0;
                rounds.Add(new ParticipationRound(survey.Title, round.Label, round.Opens, round.Closes,
                    respondents < anonymity.MinimumGroupSize ? null : respondents, round.Invited));
            }
        }
        if (rounds.Count == 0) return 0;

        var partnerName = (await partners.GetAsync(grant.PartnerId, ct))?.Name ?? grant.PartnerId;
        var content = new ParticipationEmailModel(organisation.Name, partnerName, week.Text, rounds, anonymity.MinimumGroupSize,
            grant.Delivery.Schedule == DeliverySchedule.AfterRoundCloses, CatalogApi.PublicBaseUrl(configuration) + "/partner");
        foreach (var (address, key) in pending)
        {
            await emails.EnqueueAsync(await PartnerParticipationEmail.BuildAsync(content, address, key, pages), ct);
        }
        return pending.Count;
    }
}

/// <summary>
/// The weekly participation e-mail to a partner: bokmål, plain text first and HTML second; the HTML is the template
/// <see cref="ParticipationEmail"/>, in the e-mails' mail-client-safe frame (tables and inline styles, no scripts, no
/// images, everything from data encoded). Participation only: counts, dates and the response rate, never a result,
/// an answer, an item or a unit.
/// </summary>
public static class PartnerParticipationEmail
{
    public static async Task<EmailMessage> BuildAsync(ParticipationEmailModel c, string recipient, string idempotencyKey, PageRenderer pages)
    {
        var html = await pages.RenderEmailAsync<ParticipationEmail, ParticipationEmailModel>(c);
        return new EmailMessage(new EmailAddress(recipient), DigestEmail.Subject(c.Title), Text(c), html, idempotencyKey);
    }

    private static string Text(ParticipationEmailModel c)
    {
        var t = new StringBuilder();
        t.Append("Deltakelse i åpne runder hos ").Append(DigestEmail.Clean(c.OrganisationName)).Append(", ").Append(c.WeekText).Append("\n\n");
        foreach (var r in c.Rounds.Take(ParticipationEmailModel.MaxRounds))
        {
            t.Append(DigestEmail.Clean(r.SurveyTitle)).Append(", ").Append(DigestEmail.Clean(r.Label)).Append('\n');
            if (r.Opens is { } opens) t.Append("  Åpnet: ").Append(EmailFormat.Date(opens)).Append('\n');
            if (r.Closes is { } closes) t.Append("  Lukkes: ").Append(EmailFormat.Date(closes)).Append('\n');
            t.Append("  Svar så langt: ").Append(c.Count(r)).Append('\n');
            t.Append("  Invitert: ").Append(ParticipationEmailModel.Invited(r)).Append('\n');
            t.Append("  Svarprosent: ").Append(ParticipationEmailModel.Rate(r)).Append("\n\n");
        }
        if (c.Rounds.Count > ParticipationEmailModel.MaxRounds)
            t.Append("… og ").Append(c.Rounds.Count - ParticipationEmailModel.MaxRounds).Append(" runder til: ").Append(c.PartnerHomeUrl).Append("\n\n");
        t.Append(c.AtClose).Append("\n\n");
        t.Append("Partnersiden: ").Append(c.PartnerHomeUrl).Append("\n\n");
        t.Append((c with { OrganisationName = DigestEmail.Clean(c.OrganisationName), PartnerName = DigestEmail.Clean(c.PartnerName) }).Footnote).Append('\n');
        return t.ToString();
    }
}
