using System.Text;
using Surveys.Functions.Email;
using Surveys.Functions.Pages;
using Surveys.Pages.Emails;

namespace Surveys.Functions.Digests;

/// <summary>
/// Writes a digest as an e-mail: bokmål, plain text first and HTML second. The HTML is the template
/// <see cref="DigestSummaryEmail"/> (<see cref="EvaluationReminderEmail"/> for the owner's reminder), built for mail clients:
/// tables and inline styles only, no scripts, no images, no style sheet or classes, every text from data encoded by
/// Razor. Only titles, statuses, owners, dates, the stored figures and links: never an action's description or notes,
/// never an answer (users.md L-05, AN-02).
/// </summary>
public static class DigestEmail
{
    public static async Task<EmailMessage> BuildAsync(DigestContent c, DigestRecipient recipient, string unsubscribeUrl, string idempotencyKey, PageRenderer pages)
    {
        var what = c.Period.Frequency == DigestFrequency.Daily ? "Dagsoppsummering" : "Ukesoppsummering";
        var subject = Subject($"{what} for {c.OrganisationName}: {c.Period.Text}");
        var to = new EmailAddress(recipient.Email, string.IsNullOrWhiteSpace(recipient.Name) ? null : Clean(recipient.Name));
        // RFC 2369 and 8058: mail clients show their own unsubscribe button, and a one-click POST to the
        // same link turns the digest off (the POST handler needs no cookie and no confirmation).
        var headers = unsubscribeUrl.All(ch => ch is > ' ' and < '\u007f')
            ? new Dictionary<string, string> { ["List-Unsubscribe"] = $"<{unsubscribeUrl}>", ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click" }
            : null;
        var model = new DigestSummaryEmailModel(what, c.OrganisationName, c.Period.Text, c.Overdue, c.DueSoon, c.EvaluationDue, c.Done, c.Rounds, c.Surveys,
            c.HomeUrl, unsubscribeUrl);
        var html = await pages.RenderEmailAsync<DigestSummaryEmail, DigestSummaryEmailModel>(model);
        return new EmailMessage(to, subject, Text(c, what, unsubscribeUrl), html, idempotencyKey, headers);
    }

    /// <summary>
    /// The owner's reminder on an action's evaluation date (users.md L-04): the title, the evaluation date, the link
    /// to the action and the linked item's result in the newest round, figures only where the comparison carries
    /// them. Never the description, notes or any answer.
    /// </summary>
    public static async Task<EmailMessage> EvaluationReminderAsync(string organisationName, DigestEvaluation e, string ownerEmail, string idempotencyKey, PageRenderer pages)
    {
        var a = e.Action;
        var model = new EvaluationReminderEmailModel(organisationName, e);
        var subject = Subject(model.Title);

        var t = new StringBuilder();
        t.Append("Tid for å evaluere tiltaket «").Append(Clean(a.Title)).Append("» i ").Append(Clean(organisationName)).Append(".\n\n");
        t.Append("Evalueringsdato: ").Append(EmailFormat.Date(e.EvaluationDate)).Append('\n');
        t.Append("Status: ").Append(a.Status).Append("\n\n");
        if (e.Result is not null)
        {
            t.Append("Resultatet i den nyeste runden:\n");
            ResultText(t, e, "");
            t.Append('\n');
        }
        t.Append(EvaluationReminderEmailModel.LinkText).Append(": ").Append(a.Url).Append("\n\n");
        t.Append(EvaluationReminderEmailModel.Footnote).Append('\n');

        var html = await pages.RenderEmailAsync<EvaluationReminderEmail, EvaluationReminderEmailModel>(model);
        return new EmailMessage(new EmailAddress(ownerEmail, null), subject, t.ToString(), html, idempotencyKey);
    }

    /// <summary>Whether there is anything to say; an empty digest is not sent (notifications nobody needs are noise).</summary>
    public static bool HasNews(DigestContent c) =>
        c.Overdue.Count + c.DueSoon.Count + c.EvaluationDue.Count + c.Done.Count + c.Rounds.Count + c.Surveys.Count > 0;

    /// <inheritdoc cref="DigestSummaryEmailModel.MaxActionsPerSection"/>
    public const int MaxActionsPerSection = DigestSummaryEmailModel.MaxActionsPerSection;

    // ---------------------------------------------------------------- plain text

    private static string Text(DigestContent c, string what, string unsubscribeUrl)
    {
        var t = new StringBuilder();
        t.Append(what).Append(" for ").Append(Clean(c.OrganisationName)).Append(", ").Append(c.Period.Text).Append("\n\n");
        ActionsText(t, DigestSummaryEmailModel.OverdueHeading, c.Overdue, c.HomeUrl + "/tiltak");
        ActionsText(t, DigestSummaryEmailModel.DueSoonHeading, c.DueSoon, c.HomeUrl + "/tiltak");
        EvaluationsText(t, c.EvaluationDue, c.HomeUrl + "/tiltak");
        ActionsText(t, DigestSummaryEmailModel.DoneHeading, c.Done, c.HomeUrl + "/tiltak");
        if (c.Rounds.Count > 0)
        {
            t.Append(DigestSummaryEmailModel.RoundsHeading).Append('\n');
            foreach (var r in c.Rounds)
                t.Append("- ").Append(Clean(r.SurveyTitle)).Append(", ").Append(Clean(r.Label)).Append(": ")
                    .Append(r.Opened ? "åpnet " : "lukket ").Append(EmailFormat.Date(r.At)).Append('\n');
            t.Append('\n');
        }
        foreach (var s in c.Surveys)
        {
            t.Append("Svakeste spørsmål i ").Append(Clean(s.SurveyTitle)).Append(" (").Append(Clean(s.BeforeLabel)).Append(" → ").Append(Clean(s.AfterLabel)).Append(")\n");
            foreach (var i in s.Items)
            {
                t.Append("- ").Append(Clean(i.Text)).Append('\n');
                if (i.BeforePercent is { } b && i.AfterPercent is { } a)
                    t.Append("  ").Append(i.Measure).Append(": ").Append(EmailFormat.Percent(b)).Append(" → ").Append(EmailFormat.Percent(a)).Append('\n');
                t.Append("  ").Append(Clean(i.Message)).Append('\n');
            }
            t.Append("  Se resultatene: ").Append(s.ResultsUrl).Append("\n\n");
        }
        t.Append("Alle undersøkelser og tiltak: ").Append(c.HomeUrl).Append("\n\n");
        t.Append(DigestSummaryEmailModel.FiguresNote).Append('\n');
        t.Append("Vil du ikke ha denne e-posten lenger? Meld deg av her: ").Append(unsubscribeUrl).Append('\n');
        return t.ToString();
    }

    private static void ActionsText(StringBuilder t, string heading, IReadOnlyList<DigestAction> actions, string listUrl)
    {
        if (actions.Count == 0) return;
        t.Append(heading).Append('\n');
        foreach (var a in actions.Take(MaxActionsPerSection))
        {
            t.Append("- ").Append(Clean(a.Title)).Append(" (").Append(a.Status);
            if (!string.IsNullOrWhiteSpace(a.Owner)) t.Append(", ansvarlig: ").Append(Clean(a.Owner));
            if (a.Due is { } due) t.Append(", frist ").Append(EmailFormat.Date(due));
            t.Append(")\n  ").Append(a.Url).Append('\n');
        }
        if (actions.Count > MaxActionsPerSection)
            t.Append("- … og ").Append(actions.Count - MaxActionsPerSection).Append(" til: ").Append(listUrl).Append('\n');
        t.Append('\n');
    }

    private static void EvaluationsText(StringBuilder t, IReadOnlyList<DigestEvaluation> evaluations, string listUrl)
    {
        if (evaluations.Count == 0) return;
        t.Append(DigestSummaryEmailModel.EvaluationHeading).Append('\n');
        foreach (var e in evaluations.Take(MaxActionsPerSection))
        {
            var a = e.Action;
            t.Append("- ").Append(Clean(a.Title)).Append(" (").Append(a.Status);
            if (!string.IsNullOrWhiteSpace(a.Owner)) t.Append(", ansvarlig: ").Append(Clean(a.Owner));
            t.Append(", evalueringsdato ").Append(EmailFormat.Date(e.EvaluationDate)).Append(")\n  ").Append(a.Url).Append('\n');
            ResultText(t, e, "  ");
        }
        if (evaluations.Count > MaxActionsPerSection)
            t.Append("- … og ").Append(evaluations.Count - MaxActionsPerSection).Append(" til: ").Append(listUrl).Append('\n');
        t.Append('\n');
    }

    /// <summary>The linked item's result as plain-text lines, each starting with <paramref name="indent"/> (nothing when not linked).</summary>
    internal static void ResultText(StringBuilder t, DigestEvaluation e, string indent)
    {
        if (e.Result is not { } r) return;
        t.Append(indent).Append("Spørsmål: ").Append(Clean(r.Text));
        if (e.Rounds is not null) t.Append(" (").Append(Clean(e.Rounds)).Append(')');
        t.Append('\n');
        if (r.BeforePercent is { } b && r.AfterPercent is { } after)
            t.Append(indent).Append(r.Measure).Append(": ").Append(EmailFormat.Percent(b)).Append(" → ").Append(EmailFormat.Percent(after)).Append('\n');
        t.Append(indent).Append(Clean(r.Message)).Append('\n');
    }

    /// <summary><paramref name="text"/> as a subject: on one line, and no longer than a subject may be. Every e-mail whose
    /// subject holds a typed name or title uses it (digests, reminders, alerts, partner participation, export delivery).</summary>
    internal static string Subject(string text)
    {
        var subject = Clean(text);
        return subject.Length > EmailMessage.MaxSubjectLength ? subject[..EmailMessage.MaxSubjectLength] : subject;
    }

    /// <summary>Text from data on one line: control characters (line breaks included) become spaces.</summary>
    internal static string Clean(string? text) =>
        string.Join(' ', new string((text ?? "").Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
