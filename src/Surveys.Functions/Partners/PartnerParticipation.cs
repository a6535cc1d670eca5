using Microsoft.Azure.Functions.Worker;
using System.Globalization;
using System.Text;
using Surveys.Functions.Access;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Functions.Digests;
using Surveys.Functions.Email;
using Surveys.Functions.Hosting;
using Surveys.Functions.Review;
using Surveys.Functions.Scheduling;
using Surveys.Model;

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
    ILogger<SendPartnerParticipation> log) : ITimerFunction
{
    [Function("SendPartnerParticipation")]
    public Task Run([TimerTrigger("%PartnerParticipationSchedule%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(WorkerTriggers.Timer(timer), context.CancellationToken);

    /// <summary>At most this many rounds in one e-mail (an e-mail must fit a queue message); the rest are one line.</summary>
    public const int MaxRounds = 25;

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
        var content = new ParticipationContent(organisation.Name, partnerName, week.Text, rounds, anonymity.MinimumGroupSize,
            grant.Delivery.Schedule, CatalogApi.PublicBaseUrl(configuration) + "/partner");
        foreach (var (address, key) in pending)
        {
            await emails.EnqueueAsync(PartnerParticipationEmail.Build(content, address, key), ct);
        }
        return pending.Count;
    }
}

/// <summary>One open round as the participation e-mail shows it.</summary>
/// <param name="SurveyTitle">The survey's title.</param>
/// <param name="Label">The round's label.</param>
/// <param name="Opens">When the round opened, if it has an opening time.</param>
/// <param name="Closes">When it is planned to close, if set.</param>
/// <param name="Respondents">Respondents so far; null below the minimum group size.</param>
/// <param name="Invited">The number invited, when known.</param>
public sealed record ParticipationRound(string SurveyTitle, string Label, DateTimeOffset? Opens, DateTimeOffset? Closes, int? Respondents, int? Invited)
{
    /// <summary>Respondents ÷ invited, as on the results page; null when suppressed or when the invited count is unknown or 0.</summary>
    public double? Rate => Respondents is { } r && Invited is { } i && i > 0 ? (double)r / i : null;
}

/// <summary>What one participation e-mail says.</summary>
/// <param name="OrganisationName">The granting organisation.</param>
/// <param name="PartnerName">The partner the grant is to.</param>
/// <param name="WeekText">The week in words («uke 47, 2026»).</param>
/// <param name="Rounds">The open rounds, by survey.</param>
/// <param name="MinimumGroupSize">Below this, the count is only «færre enn N».</param>
/// <param name="Schedule">The grant's delivery schedule (what the partner gets at close).</param>
/// <param name="PartnerHomeUrl">The partner's page.</param>
public sealed record ParticipationContent(string OrganisationName, string PartnerName, string WeekText, IReadOnlyList<ParticipationRound> Rounds,
    int MinimumGroupSize, DeliverySchedule Schedule, string PartnerHomeUrl);

/// <summary>
/// The weekly participation e-mail to a partner: bokmål, plain text first and HTML second, in the digest's
/// mail-client-safe frame (tables and inline styles, no scripts, no images, everything from data encoded).
/// Participation only: counts, dates and the response rate, never a result, an answer, an item or a unit.
/// </summary>
public static class PartnerParticipationEmail
{
    private const string Cell = "border-bottom:1px solid #dddddd;";
    private const string HeadCell = "border-bottom:2px solid #999999;";

    public static EmailMessage Build(ParticipationContent c, string recipient, string idempotencyKey)
    {
        var subject = DigestEmail.Clean($"Deltakelse i åpne runder hos {c.OrganisationName}: {c.WeekText}");
        if (subject.Length > EmailMessage.MaxSubjectLength) subject = subject[..EmailMessage.MaxSubjectLength];
        return new EmailMessage(new EmailAddress(recipient), subject, Text(c), Html(c, subject), idempotencyKey);
    }

    private static readonly Surveys.Pages.Results.ReportFormat Format = new(english: false);

    private static string Count(ParticipationRound r, int minimum) =>
        r.Respondents?.ToString(CultureInfo.InvariantCulture) ?? ComparisonTexts.FewerThan(minimum).Norwegian;

    private static string Rate(ParticipationRound r) => r.Rate is { } rate ? Format.PercentOf(rate) : "–";

    private static string AtClose(DeliverySchedule schedule) => schedule == DeliverySchedule.AfterRoundCloses
        ? "Når en runde lukkes, får dere én e-post med lenke til rapporten."
        : "Rapporten kommer med den månedlige e-posten med lenke, når runden er lukket.";

    private static string Footer(ParticipationContent c, int minimum) =>
        $"Tallene gjelder bare deltakelse: e-posten inneholder aldri resultater, svar eller spørsmål. Færre enn {minimum} svar vises ikke som tall. " +
        $"Dere får denne e-posten én gang i uken fordi {DigestEmail.Clean(c.OrganisationName)} har gitt {DigestEmail.Clean(c.PartnerName)} tilgang " +
        "og oppgitt denne adressen som mottaker; organisasjonen kan endre det.";

    private static string Text(ParticipationContent c)
    {
        var t = new StringBuilder();
        t.Append("Deltakelse i åpne runder hos ").Append(DigestEmail.Clean(c.OrganisationName)).Append(", ").Append(c.WeekText).Append("\n\n");
        foreach (var r in c.Rounds.Take(SendPartnerParticipation.MaxRounds))
        {
            t.Append(DigestEmail.Clean(r.SurveyTitle)).Append(", ").Append(DigestEmail.Clean(r.Label)).Append('\n');
            if (r.Opens is { } opens) t.Append("  Åpnet: ").Append(Format.Date(opens)).Append('\n');
            if (r.Closes is { } closes) t.Append("  Lukkes: ").Append(Format.Date(closes)).Append('\n');
            t.Append("  Svar så langt: ").Append(Count(r, c.MinimumGroupSize)).Append('\n');
            t.Append("  Invitert: ").Append(r.Invited?.ToString(CultureInfo.InvariantCulture) ?? "–").Append('\n');
            t.Append("  Svarprosent: ").Append(Rate(r)).Append("\n\n");
        }
        if (c.Rounds.Count > SendPartnerParticipation.MaxRounds)
            t.Append("… og ").Append(c.Rounds.Count - SendPartnerParticipation.MaxRounds).Append(" runder til: ").Append(c.PartnerHomeUrl).Append("\n\n");
        t.Append(AtClose(c.Schedule)).Append("\n\n");
        t.Append("Partnersiden: ").Append(c.PartnerHomeUrl).Append("\n\n");
        t.Append(Footer(c, c.MinimumGroupSize)).Append('\n');
        return t.ToString();
    }

    private static string Html(ParticipationContent c, string subject)
    {
        var h = new StringBuilder();
        DigestEmail.FrameStart(h, subject);
        h.Append("<h1 style=\"margin:0 0 4px 0;font-size:22px;line-height:1.3;color:").Append(DigestEmail.Ink).Append(";\">Deltakelse i åpne runder hos ")
            .Append(DigestEmail.E(c.OrganisationName)).Append("</h1>")
            .Append("<p style=\"margin:0 0 16px 0;color:").Append(DigestEmail.Muted).Append(";\">").Append(DigestEmail.E(c.WeekText)).Append("</p>");
        foreach (var survey in c.Rounds.Take(SendPartnerParticipation.MaxRounds).GroupBy(r => r.SurveyTitle))
        {
            DigestEmail.Heading(h, survey.Key);
            h.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;font-size:15px;\"><tr>");
            foreach (var (title, numeric) in new[] { ("Runde", false), ("Åpnet", false), ("Lukkes", false), ("Svar", true), ("Invitert", true), ("Svarprosent", true) })
                h.Append("<th align=\"").Append(numeric ? "right" : "left").Append("\" style=\"").Append(HeadCell).Append("\">").Append(title).Append("</th>");
            h.Append("</tr>");
            foreach (var r in survey)
            {
                h.Append("<tr><td style=\"").Append(Cell).Append("\">").Append(DigestEmail.E(r.Label)).Append("</td>")
                    .Append("<td style=\"").Append(Cell).Append("white-space:nowrap;\">").Append(r.Opens is { } o ? DigestEmail.E(Format.Date(o)) : "–").Append("</td>")
                    .Append("<td style=\"").Append(Cell).Append("white-space:nowrap;\">").Append(r.Closes is { } cl ? DigestEmail.E(Format.Date(cl)) : "–").Append("</td>")
                    .Append("<td align=\"right\" style=\"").Append(Cell).Append("white-space:nowrap;\">").Append(DigestEmail.E(Count(r, c.MinimumGroupSize))).Append("</td>")
                    .Append("<td align=\"right\" style=\"").Append(Cell).Append("\">").Append(r.Invited?.ToString(CultureInfo.InvariantCulture) ?? "–").Append("</td>")
                    .Append("<td align=\"right\" style=\"").Append(Cell).Append("white-space:nowrap;\">").Append(DigestEmail.E(Rate(r))).Append("</td></tr>");
            }
            h.Append("</table>");
        }
        if (c.Rounds.Count > SendPartnerParticipation.MaxRounds)
            h.Append("<p style=\"margin:12px 0 0 0;\">").Append(DigestEmail.Link(c.PartnerHomeUrl, $"… og {c.Rounds.Count - SendPartnerParticipation.MaxRounds} runder til")).Append("</p>");
        h.Append("<p style=\"margin:24px 0 0 0;\">").Append(DigestEmail.E(AtClose(c.Schedule))).Append("</p>")
            .Append("<p style=\"margin:16px 0 0 0;\">").Append(DigestEmail.Link(c.PartnerHomeUrl, "Partnersiden")).Append("</p>")
            .Append("<p style=\"margin:24px 0 0 0;font-size:13px;color:").Append(DigestEmail.Muted).Append(";\">").Append(DigestEmail.E(Footer(c, c.MinimumGroupSize))).Append("</p>");
        DigestEmail.FrameEnd(h);
        return h.ToString();
    }
}
