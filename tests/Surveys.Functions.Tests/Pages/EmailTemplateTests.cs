using System.Text.RegularExpressions;
using Surveys.Functions.Pages;
using Surveys.Functions.Tests.Digests;
using Surveys.Pages.Emails;
using Xunit;

namespace Surveys.Functions.Tests.Pages;

/// <summary>
/// The HTML e-mails' templates (src/Surveys.Pages/Emails) rendered by the app's <see cref="PageRenderer"/> as the worker
/// renders them (<see cref="PageRendering"/>), without storage: what a mail client receives for a given model.
/// </summary>
public sealed class EmailTemplateTests
{
    private const string Hostile = "<script>alert(\"x\")</script> 'Rådgiving' & \"co\"";
    private const string HostileEncoded = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#x27;Rådgiving&#x27; &amp; &quot;co&quot;";

    private static readonly DateTimeOffset At = new(2027, 3, 29, 5, 0, 0, TimeSpan.Zero);

    private static DigestAction Action(string title) => new(title, "Pågår", "Kari", new DateOnly(2027, 3, 20), null, "https://surveys.example.no/leder/tiltak/o/a");

    private static DigestEvaluation Evaluation(string title) =>
        new(Action(title), new DateOnly(2027, 3, 28), new DigestItem("Jeg får hjelp", "Andel av de to beste svarene", 40, 60, "Bedre enn før"), "Høst 2026 → Vår 2027");

    private static DigestSummaryEmailModel Digest(string title) => new("Ukesoppsummering", title, "uke 13, 2027", [Action(title)], [], [Evaluation(title)], [],
        [new DigestRound(title, "Vår 2027", true, At)],
        [new DigestSurvey(title, title, "Vår 2027", "https://surveys.example.no/surveys/s/results", [new DigestItem(title, "Andel ja", 0, 100, "For få svar")])],
        "https://surveys.example.no/leder", "https://surveys.example.no/avmeld/token");

    private static ParticipationEmailModel Participation(string title) => new(title, title, "uke 13, 2027",
        [new ParticipationRound(title, title, At.AddDays(-7), At.AddDays(7), 6, 30)], 5, true, "https://surveys.example.no/partner");

    private static ExportDeliveryEmailModel Export(string title, bool english = false) =>
        new(english, title, title, title, true, "XLSX", "https://surveys.example.no/eksport/token", At.AddDays(14));

    /// <summary>Every e-mail, its HTML rendered with <paramref name="title"/> wherever the model has text from data.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> EveryEmailAsync(string title) => new Dictionary<string, string>
    {
        ["digest"] = await PageRendering.EmailAsync<DigestSummaryEmail, DigestSummaryEmailModel>(Digest(title)),
        ["evaluation reminder"] = await PageRendering.EmailAsync<EvaluationReminderEmail, EvaluationReminderEmailModel>(new(title, Evaluation(title))),
        ["participation"] = await PageRendering.EmailAsync<ParticipationEmail, ParticipationEmailModel>(Participation(title)),
        ["export delivery"] = await PageRendering.EmailAsync<ExportDeliveryEmail, ExportDeliveryEmailModel>(Export(title)),
        ["sign-in link"] = await PageRendering.EmailAsync<SignInLinkEmail, SignInLinkEmailModel>(new(title, "https://surveys.example.no/logg-inn/token")),
    };

    [Fact]
    public async Task A_title_with_a_script_or_quotes_is_text_in_every_email_never_markup()
    {
        foreach (var (email, html) in await EveryEmailAsync(Hostile))
        {
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("alert(\"x\")", html);
            Assert.True(html.Contains(HostileEncoded, StringComparison.Ordinal), $"{email}: the title is not there as text in:\n{html}");
            DigestTests.AssertMailSafe(html);
        }
    }

    [Fact]
    public async Task A_title_with_quotes_stays_inside_the_document_title_and_attributes()
    {
        var emails = await EveryEmailAsync(Hostile);

        // The document's title is the text, encoded, with the markup around it intact.
        Assert.Contains($"<title>Ukesoppsummering</title>", emails["digest"]);
        Assert.Contains($"<title>Tid for å evaluere: {HostileEncoded}</title>", emails["evaluation reminder"]);
        Assert.Contains($"<title>Deltakelse i åpne runder hos {HostileEncoded}: uke 13, 2027</title>", emails["participation"]);
        Assert.Contains($"<title>Eksport fra {HostileEncoded}: {HostileEncoded} ({HostileEncoded})</title>", emails["export delivery"]);
        Assert.Contains("Hei " + HostileEncoded + "!", emails["sign-in link"]);
        // A bar's label is data; its attributes are the template's own.
        Assert.Matches("<td width=\"110\" style=\"width:110px;[^\"]*\">" + Regex.Escape(HostileEncoded) + "</td>", emails["digest"]);
    }

    [Fact]
    public async Task Every_email_is_one_document_in_bokmål_in_the_600_pixel_frame_with_its_links_absolute()
    {
        foreach (var (email, html) in await EveryEmailAsync("Trivsel på jobben"))
        {
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Single(Regex.Matches(html, "<html lang=\"nb\">"));
            Assert.Contains("<body style=\"margin:0;padding:0;background:#f4f4f4;\">", html);
            Assert.Contains("<table role=\"presentation\" width=\"600\"", html);
            Assert.Contains("Trivsel på jobben", html); // letters stay readable
            Assert.EndsWith("</body></html>", html.TrimEnd());
            Assert.Matches("<a href=\"https://surveys\\.example\\.no/[^\"]+\" style=\"color:#0b5cad;\">", html);
            DigestTests.AssertMailSafe(html);
        }
    }

    [Fact]
    public async Task An_export_asked_for_in_English_is_an_English_email()
    {
        var html = await PageRendering.EmailAsync<ExportDeliveryEmail, ExportDeliveryEmailModel>(Export("Arca", english: true));

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Arca shares results of «Arca» (Arca) with you, as XLSX.", html);
        Assert.Contains(">Download the export</a>", html);
        Assert.Contains("The link works until 12 April 2027, and only while", html);
    }

    [Fact]
    public async Task The_export_link_expires_on_the_day_it_is_in_Norway()
    {
        // 23:30 UTC on 12 April is 01:30 on 13 April in Norway (summer time).
        var late = Export("Arca") with { ExpiresAt = new DateTimeOffset(2027, 4, 12, 23, 30, 0, TimeSpan.Zero) };

        Assert.Contains("Lenken virker til 13. april 2027,", await PageRendering.EmailAsync<ExportDeliveryEmail, ExportDeliveryEmailModel>(late));
        Assert.Contains("The link works until 13 April 2027,", await PageRendering.EmailAsync<ExportDeliveryEmail, ExportDeliveryEmailModel>(late with { English = true }));
    }

    [Fact]
    public async Task The_participation_email_shows_fewer_than_and_no_rate_below_the_minimum_group_size()
    {
        var model = Participation("Trivsel") with { Rounds = [new ParticipationRound("Trivsel", "Vår 2027", At, null, null, 30)] };

        var visible = Surveys.Functions.Tests.Review.ResultsSeed.Visible(await PageRendering.EmailAsync<ParticipationEmail, ParticipationEmailModel>(model));

        Assert.Contains("færre enn 5", visible);
        Assert.DoesNotContain("%", visible);
    }

    [Fact]
    public async Task A_sign_in_email_without_a_name_greets_without_one()
    {
        var html = await PageRendering.EmailAsync<SignInLinkEmail, SignInLinkEmailModel>(new(" ", "https://surveys.example.no/logg-inn/t?a=1&b=2"));

        Assert.Contains(">Hei!</p>", html);
        Assert.Contains("<a href=\"https://surveys.example.no/logg-inn/t?a=1&amp;b=2\" style=\"color:#0b5cad;\">Logg inn i Surveys</a>", html);
    }
}
