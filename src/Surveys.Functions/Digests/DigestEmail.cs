using System.Globalization;
using System.Net;
using System.Text;
using Surveys.Functions.Email;

namespace Surveys.Functions.Digests;

/// <summary>
/// Writes a digest as an e-mail: bokmål, plain text first and HTML second. The HTML is built for mail
/// clients: tables and inline styles only, no scripts, no images, no style sheet or classes, and every
/// text from data HTML-encoded. Bars are table cells whose width is the percentage. Only titles,
/// statuses, owners, dates, the stored figures and links: never an action's description or notes, never
/// an answer (users.md L-05, AN-02).
/// </summary>
public static class DigestEmail
{
    internal const string Ink = "#1b1b1b";
    internal const string Muted = "#555555";
    private const string Accent = "#0b5cad";
    private const string Before = "#9db7d5";
    private const string After = "#0b5cad";

    public static EmailMessage Build(DigestContent c, DigestRecipient recipient, string unsubscribeUrl, string idempotencyKey)
    {
        var what = c.Period.Frequency == DigestFrequency.Daily ? "Dagsoppsummering" : "Ukesoppsummering";
        var subject = Clean($"{what} for {c.OrganisationName}: {c.Period.Text}");
        if (subject.Length > EmailMessage.MaxSubjectLength) subject = subject[..EmailMessage.MaxSubjectLength];
        var to = new EmailAddress(recipient.Email, string.IsNullOrWhiteSpace(recipient.Name) ? null : Clean(recipient.Name));
        // RFC 2369 and 8058: mail clients show their own unsubscribe button, and a one-click POST to the
        // same link turns the digest off (the POST handler needs no cookie and no confirmation).
        var headers = unsubscribeUrl.All(ch => ch is > ' ' and < '\u007f')
            ? new Dictionary<string, string> { ["List-Unsubscribe"] = $"<{unsubscribeUrl}>", ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click" }
            : null;
        return new EmailMessage(to, subject, Text(c, what, unsubscribeUrl), Html(c, what, unsubscribeUrl), idempotencyKey, headers);
    }

    /// <summary>
    /// The owner's reminder on an action's evaluation date (users.md L-04): the title, the evaluation date, the link
    /// to the action and the linked item's result in the newest round, figures only where the comparison carries
    /// them. Never the description, notes or any answer.
    /// </summary>
    public static EmailMessage EvaluationReminder(string organisationName, DigestEvaluation e, string ownerEmail, string idempotencyKey)
    {
        var a = e.Action;
        var subject = Clean($"Tid for å evaluere: {a.Title}");
        if (subject.Length > EmailMessage.MaxSubjectLength) subject = subject[..EmailMessage.MaxSubjectLength];
        var date = DigestLinks.Date(e.EvaluationDate);

        var t = new StringBuilder();
        t.Append("Tid for å evaluere tiltaket «").Append(Clean(a.Title)).Append("» i ").Append(Clean(organisationName)).Append(".\n\n");
        t.Append("Evalueringsdato: ").Append(date).Append('\n');
        t.Append("Status: ").Append(a.Status).Append("\n\n");
        if (e.Result is not null)
        {
            t.Append("Resultatet i den nyeste runden:\n");
            ResultText(t, e, "");
            t.Append('\n');
        }
        t.Append("Se tiltaket og skriv evalueringen: ").Append(a.Url).Append("\n\n");
        t.Append("Du får denne e-posten fordi du er ansvarlig for tiltaket. Tallene vises bare for grupper med nok svar, og e-posten inneholder aldri svar eller fritekst.\n");

        var h = new StringBuilder();
        FrameStart(h, subject);
        h.Append("<h1 style=\"margin:0 0 4px 0;font-size:22px;line-height:1.3;color:").Append(Ink).Append(";\">Tid for å evaluere: ").Append(E(a.Title)).Append("</h1>")
            .Append("<p style=\"margin:0 0 16px 0;color:").Append(Muted).Append(";\">").Append(E(organisationName)).Append("</p>")
            .Append("<p style=\"margin:0 0 4px 0;\">Evalueringsdato: ").Append(E(date)).Append("<br>Status: ").Append(E(a.Status)).Append("</p>");
        if (e.Result is { } r)
        {
            Heading(h, "Resultatet i den nyeste runden");
            h.Append("<p style=\"margin:0 0 4px 0;\">Spørsmål: ").Append(E(r.Text));
            if (e.Rounds is not null) h.Append(" (").Append(E(e.Rounds)).Append(')');
            h.Append("</p>");
            if (r.BeforePercent is { } b && r.AfterPercent is { } after)
                h.Append("<p style=\"margin:0 0 4px 0;\">").Append(E(r.Measure)).Append(": ").Append(E(Percent(b))).Append(" → ").Append(E(Percent(after))).Append("</p>");
            h.Append("<p style=\"margin:0 0 4px 0;\">").Append(E(r.Message)).Append("</p>");
        }
        h.Append("<p style=\"margin:24px 0 0 0;\">").Append(Link(a.Url, "Se tiltaket og skriv evalueringen")).Append("</p>")
            .Append("<p style=\"margin:24px 0 0 0;font-size:13px;color:").Append(Muted).Append(";\">Du får denne e-posten fordi du er ansvarlig for tiltaket. Tallene vises bare for grupper med nok svar, og e-posten inneholder aldri svar eller fritekst.</p>");
        FrameEnd(h);
        return new EmailMessage(new EmailAddress(ownerEmail, null), subject, t.ToString(), h.ToString(), idempotencyKey);
    }

    /// <summary>Whether there is anything to say; an empty digest is not sent (notifications nobody needs are noise).</summary>
    public static bool HasNews(DigestContent c) =>
        c.Overdue.Count + c.DueSoon.Count + c.EvaluationDue.Count + c.Done.Count + c.Rounds.Count + c.Surveys.Count > 0;

    // ---------------------------------------------------------------- plain text

    private static string Text(DigestContent c, string what, string unsubscribeUrl)
    {
        var t = new StringBuilder();
        t.Append(what).Append(" for ").Append(Clean(c.OrganisationName)).Append(", ").Append(c.Period.Text).Append("\n\n");
        ActionsText(t, "Forfalte tiltak", c.Overdue, c.HomeUrl + "/tiltak");
        ActionsText(t, "Tiltak med frist de neste 14 dagene", c.DueSoon, c.HomeUrl + "/tiltak");
        EvaluationsText(t, c.EvaluationDue, c.HomeUrl + "/tiltak");
        ActionsText(t, "Fullførte tiltak siden sist", c.Done, c.HomeUrl + "/tiltak");
        if (c.Rounds.Count > 0)
        {
            t.Append("Runder som åpnet eller lukket\n");
            foreach (var r in c.Rounds)
                t.Append("- ").Append(Clean(r.SurveyTitle)).Append(", ").Append(Clean(r.Label)).Append(": ")
                    .Append(r.Opened ? "åpnet " : "lukket ").Append(Date(r.At)).Append('\n');
            t.Append('\n');
        }
        foreach (var s in c.Surveys)
        {
            t.Append("Svakeste spørsmål i ").Append(Clean(s.SurveyTitle)).Append(" (").Append(Clean(s.BeforeLabel)).Append(" → ").Append(Clean(s.AfterLabel)).Append(")\n");
            foreach (var i in s.Items)
            {
                t.Append("- ").Append(Clean(i.Text)).Append('\n');
                if (i.BeforePercent is { } b && i.AfterPercent is { } a)
                    t.Append("  ").Append(i.Measure).Append(": ").Append(Percent(b)).Append(" → ").Append(Percent(a)).Append('\n');
                t.Append("  ").Append(Clean(i.Message)).Append('\n');
            }
            t.Append("  Se resultatene: ").Append(s.ResultsUrl).Append("\n\n");
        }
        t.Append("Alle undersøkelser og tiltak: ").Append(c.HomeUrl).Append("\n\n");
        t.Append("Tallene vises bare for grupper med nok svar, og e-posten inneholder aldri svar eller fritekst.\n");
        t.Append("Vil du ikke ha denne e-posten lenger? Meld deg av her: ").Append(unsubscribeUrl).Append('\n');
        return t.ToString();
    }

    /// <summary>
    /// At most this many actions per section: a digest must stay a summary, and an e-mail must fit a queue
    /// message (48 KiB) however many actions pile up; the rest are one line with a link to the list.
    /// </summary>
    public const int MaxActionsPerSection = 8;

    private static void ActionsText(StringBuilder t, string heading, IReadOnlyList<DigestAction> actions, string listUrl)
    {
        if (actions.Count == 0) return;
        t.Append(heading).Append('\n');
        foreach (var a in actions.Take(MaxActionsPerSection))
        {
            t.Append("- ").Append(Clean(a.Title)).Append(" (").Append(a.Status);
            if (!string.IsNullOrWhiteSpace(a.Owner)) t.Append(", ansvarlig: ").Append(Clean(a.Owner));
            if (a.Due is { } due) t.Append(", frist ").Append(DigestLinks.Date(due));
            t.Append(")\n  ").Append(a.Url).Append('\n');
        }
        if (actions.Count > MaxActionsPerSection)
            t.Append("- … og ").Append(actions.Count - MaxActionsPerSection).Append(" til: ").Append(listUrl).Append('\n');
        t.Append('\n');
    }

    private const string EvaluationHeading = "Evalueringsdato nådd";

    private static void EvaluationsText(StringBuilder t, IReadOnlyList<DigestEvaluation> evaluations, string listUrl)
    {
        if (evaluations.Count == 0) return;
        t.Append(EvaluationHeading).Append('\n');
        foreach (var e in evaluations.Take(MaxActionsPerSection))
        {
            var a = e.Action;
            t.Append("- ").Append(Clean(a.Title)).Append(" (").Append(a.Status);
            if (!string.IsNullOrWhiteSpace(a.Owner)) t.Append(", ansvarlig: ").Append(Clean(a.Owner));
            t.Append(", evalueringsdato ").Append(DigestLinks.Date(e.EvaluationDate)).Append(")\n  ").Append(a.Url).Append('\n');
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
            t.Append(indent).Append(r.Measure).Append(": ").Append(Percent(b)).Append(" → ").Append(Percent(after)).Append('\n');
        t.Append(indent).Append(Clean(r.Message)).Append('\n');
    }

    // ---------------------------------------------------------------- HTML

    private static string Html(DigestContent c, string what, string unsubscribeUrl)
    {
        var h = new StringBuilder();
        FrameStart(h, what);
        h.Append("<h1 style=\"margin:0 0 4px 0;font-size:22px;line-height:1.3;color:").Append(Ink).Append(";\">").Append(E(what)).Append(" for ").Append(E(c.OrganisationName)).Append("</h1>")
            .Append("<p style=\"margin:0 0 16px 0;color:").Append(Muted).Append(";\">").Append(E(c.Period.Text)).Append("</p>");
        ActionsHtml(h, "Forfalte tiltak", c.Overdue, c.HomeUrl + "/tiltak");
        ActionsHtml(h, "Tiltak med frist de neste 14 dagene", c.DueSoon, c.HomeUrl + "/tiltak");
        EvaluationsHtml(h, c.EvaluationDue, c.HomeUrl + "/tiltak");
        ActionsHtml(h, "Fullførte tiltak siden sist", c.Done, c.HomeUrl + "/tiltak");
        if (c.Rounds.Count > 0)
        {
            Heading(h, "Runder som åpnet eller lukket");
            h.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\">");
            foreach (var r in c.Rounds)
                h.Append("<tr><td style=\"border-bottom:1px solid #dddddd;\">").Append(E(r.SurveyTitle)).Append(", ").Append(E(r.Label))
                    .Append("</td><td style=\"border-bottom:1px solid #dddddd;white-space:nowrap;\">").Append(r.Opened ? "åpnet " : "lukket ").Append(E(Date(r.At))).Append("</td></tr>");
            h.Append("</table>");
        }
        foreach (var s in c.Surveys) SurveyHtml(h, s);
        h.Append("<p style=\"margin:24px 0 0 0;\">").Append(Link(c.HomeUrl, "Alle undersøkelser og tiltak")).Append("</p>")
            .Append("<p style=\"margin:24px 0 0 0;font-size:13px;color:").Append(Muted).Append(";\">Tallene vises bare for grupper med nok svar, og e-posten inneholder aldri svar eller fritekst.<br>")
            .Append("Vil du ikke ha denne e-posten lenger? ").Append(Link(unsubscribeUrl, "Meld deg av")).Append(".</p>");
        FrameEnd(h);
        return h.ToString();
    }

    /// <summary>The start of every platform e-mail's HTML: a grey page, a white 600-pixel column (tables and inline
    /// styles only, for mail clients), and the cell the content goes in. <see cref="FrameEnd"/> closes it.</summary>
    internal static void FrameStart(StringBuilder h, string title) =>
        h.Append("<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f4f4f4;\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:#f4f4f4;\"><tr><td align=\"center\" style=\"padding:16px;\">")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:600px;background:#ffffff;border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:")
            .Append(Ink).Append(";\"><tr><td style=\"padding:24px;\">");

    /// <summary>Closes what <see cref="FrameStart"/> opened.</summary>
    internal static void FrameEnd(StringBuilder h) =>
        h.Append("</td></tr></table></td></tr></table></body></html>");

    internal static void Heading(StringBuilder h, string text) =>
        h.Append("<h2 style=\"margin:24px 0 8px 0;font-size:18px;line-height:1.3;color:").Append(Ink).Append(";\">").Append(E(text)).Append("</h2>");

    private static void ActionsHtml(StringBuilder h, string heading, IReadOnlyList<DigestAction> actions, string listUrl)
    {
        if (actions.Count == 0) return;
        Heading(h, heading);
        h.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\">")
            .Append("<tr><th align=\"left\" style=\"border-bottom:2px solid #999999;\">Tiltak</th><th align=\"left\" style=\"border-bottom:2px solid #999999;\">Status</th>")
            .Append("<th align=\"left\" style=\"border-bottom:2px solid #999999;\">Ansvarlig</th><th align=\"left\" style=\"border-bottom:2px solid #999999;\">Frist</th></tr>");
        foreach (var a in actions.Take(MaxActionsPerSection))
        {
            h.Append("<tr><td style=\"border-bottom:1px solid #dddddd;\">").Append(Link(a.Url, a.Title)).Append("</td>")
                .Append("<td style=\"border-bottom:1px solid #dddddd;\">").Append(E(a.Status)).Append("</td>")
                .Append("<td style=\"border-bottom:1px solid #dddddd;\">").Append(E(a.Owner ?? "–")).Append("</td>")
                .Append("<td style=\"border-bottom:1px solid #dddddd;white-space:nowrap;\">").Append(a.Due is { } d ? E(DigestLinks.Date(d)) : "–").Append("</td></tr>");
        }
        if (actions.Count > MaxActionsPerSection)
            h.Append("<tr><td colspan=\"4\" style=\"padding-top:6px;\">").Append(Link(listUrl, $"… og {actions.Count - MaxActionsPerSection} til")).Append("</td></tr>");
        h.Append("</table>");
    }

    private static void EvaluationsHtml(StringBuilder h, IReadOnlyList<DigestEvaluation> evaluations, string listUrl)
    {
        if (evaluations.Count == 0) return;
        Heading(h, EvaluationHeading);
        h.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\">")
            .Append("<tr><th align=\"left\" style=\"border-bottom:2px solid #999999;\">Tiltak</th><th align=\"left\" style=\"border-bottom:2px solid #999999;\">Status</th>")
            .Append("<th align=\"left\" style=\"border-bottom:2px solid #999999;\">Ansvarlig</th><th align=\"left\" style=\"border-bottom:2px solid #999999;\">Evalueringsdato</th></tr>");
        foreach (var e in evaluations.Take(MaxActionsPerSection))
        {
            var a = e.Action;
            var border = e.Result is null ? "border-bottom:1px solid #dddddd;" : "";
            h.Append("<tr><td style=\"").Append(border).Append("\">").Append(Link(a.Url, a.Title)).Append("</td>")
                .Append("<td style=\"").Append(border).Append("\">").Append(E(a.Status)).Append("</td>")
                .Append("<td style=\"").Append(border).Append("\">").Append(E(a.Owner ?? "–")).Append("</td>")
                .Append("<td style=\"").Append(border).Append("white-space:nowrap;\">").Append(E(DigestLinks.Date(e.EvaluationDate))).Append("</td></tr>");
            if (e.Result is { } r)
            {
                h.Append("<tr><td colspan=\"4\" style=\"border-bottom:1px solid #dddddd;font-size:14px;color:").Append(Muted).Append(";\">")
                    .Append("Spørsmål: ").Append(E(r.Text));
                if (e.Rounds is not null) h.Append(" (").Append(E(e.Rounds)).Append(')');
                if (r.BeforePercent is { } b && r.AfterPercent is { } after)
                    h.Append("<br>").Append(E(r.Measure)).Append(": ").Append(E(Percent(b))).Append(" → ").Append(E(Percent(after)));
                h.Append("<br>").Append(E(r.Message)).Append("</td></tr>");
            }
        }
        if (evaluations.Count > MaxActionsPerSection)
            h.Append("<tr><td colspan=\"4\" style=\"padding-top:6px;\">").Append(Link(listUrl, $"… og {evaluations.Count - MaxActionsPerSection} til")).Append("</td></tr>");
        h.Append("</table>");
    }

    private static void SurveyHtml(StringBuilder h, DigestSurvey s)
    {
        Heading(h, $"Svakeste spørsmål i {s.SurveyTitle}");
        h.Append("<p style=\"margin:0 0 8px 0;color:").Append(Muted).Append(";\">").Append(E(s.BeforeLabel)).Append(" → ").Append(E(s.AfterLabel)).Append("</p>");
        foreach (var i in s.Items)
        {
            h.Append("<p style=\"margin:12px 0 4px 0;font-weight:bold;\">").Append(E(i.Text)).Append("</p>");
            if (i.BeforePercent is { } b && i.AfterPercent is { } a)
            {
                h.Append("<p style=\"margin:0 0 4px 0;font-size:14px;color:").Append(Muted).Append(";\">").Append(E(i.Measure)).Append("</p>")
                    .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;font-size:14px;\">");
                Bar(h, s.BeforeLabel, b, Before);
                Bar(h, s.AfterLabel, a, After);
                h.Append("</table>");
            }
            h.Append("<p style=\"margin:4px 0 0 0;\">").Append(E(i.Message)).Append("</p>");
        }
        h.Append("<p style=\"margin:12px 0 0 0;\">").Append(Link(s.ResultsUrl, "Se resultatene")).Append("</p>");
    }

    /// <summary>One horizontal bar: a row with the label, a 100 %-wide cell split into a filled and an empty
    /// cell (widths in percent, colours as bgcolor and style for clients that drop one of them), and the figure.</summary>
    private static void Bar(StringBuilder h, string label, int percent, string colour)
    {
        var filled = Math.Clamp(percent, 0, 100);
        h.Append("<tr><td width=\"110\" style=\"width:110px;padding:2px 8px 2px 0;\">").Append(E(label)).Append("</td><td style=\"padding:2px 0;\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\"><tr>");
        if (filled > 0)
            h.Append("<td width=\"").Append(filled.ToString(CultureInfo.InvariantCulture)).Append("%\" bgcolor=\"").Append(colour)
                .Append("\" style=\"background:").Append(colour).Append(";height:14px;font-size:1px;line-height:1px;\">&nbsp;</td>");
        if (filled < 100)
            h.Append("<td width=\"").Append((100 - filled).ToString(CultureInfo.InvariantCulture)).Append("%\" bgcolor=\"#eeeeee\" style=\"background:#eeeeee;height:14px;font-size:1px;line-height:1px;\">&nbsp;</td>");
        h.Append("</tr></table></td><td width=\"56\" align=\"right\" style=\"width:56px;padding:2px 0 2px 8px;white-space:nowrap;\">").Append(E(Percent(percent))).Append("</td></tr>");
    }

    internal static string Link(string url, string text) =>
        $"<a href=\"{E(url)}\" style=\"color:{Accent};\">{E(text)}</a>";

    private static string Percent(int percent) => percent.ToString(CultureInfo.InvariantCulture) + "\u00A0%";

    private static string Date(DateTimeOffset at) => new Surveys.Pages.Results.ReportFormat(false).Date(at);

    internal static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Text from data on one line: control characters (line breaks included) become spaces.</summary>
    internal static string Clean(string? text) =>
        string.Join(' ', new string((text ?? "").Select(ch => char.IsControl(ch) ? ' ' : ch).ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
