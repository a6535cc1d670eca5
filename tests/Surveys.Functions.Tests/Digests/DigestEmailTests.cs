using System.Net;
using System.Text.RegularExpressions;
using Surveys.Functions.Digests;
using Surveys.Functions.Tests.Pages;
using Surveys.Pages.Emails;

namespace Surveys.Functions.Tests.Digests;

/// <summary>The digest e-mail from hostile data: every text encoded, no header injection, valid for the queue.</summary>
public sealed class DigestEmailTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Image = "<img src=\"https://evil.example/x.png\" onerror=\"alert(1)\">";

    private static DigestContent Content()
    {
        var period = DigestPeriod.Of(DigestFrequency.Weekly, new DateTimeOffset(2027, 3, 29, 5, 0, 0, TimeSpan.Zero), DigestSeed.Oslo);
        var action = new DigestAction(Script, "Pågår", Image, new DateOnly(2027, 3, 20), null, "https://surveys.example.no/organisations/o/actions/a?x=1&y=\"2\"");
        var evaluation = new DigestEvaluation(action with { Title = "Evaluer " + Script }, new DateOnly(2027, 3, 28),
            new DigestItem("Spørsmål " + Image, "Andel av de to beste svarene", 40, 60, "Bedre <b>enn</b> før"), "Før → Etter " + Script);
        return new DigestContent("org-1", "Evil AS\r\nBcc: victim@example.no", period, [action], [], [], [evaluation],
            [new DigestRound("Trivsel & <trivsel>", "Vår \"2027\"", true, period.To.AddDays(-2))],
            [new DigestSurvey("Trivsel " + Script, "Før", "Etter " + Image, "https://surveys.example.no/surveys/s/results",
                [new DigestItem("Spørsmål " + Script, "Andel av de to beste svarene", 0, 100, "For få svar til å si om noe har endret seg")])],
            "https://surveys.example.no/leder");
    }

    private static readonly DigestRecipient Recipient = new("org-1", "k", "kari@example.no", "Kari\r\nBcc: x@evil.example", RecipientKind.Member,
        DigestFrequency.Weekly, "m", DateTimeOffset.UtcNow);

    [Fact]
    public async Task TextsFromData_AreEncodedInTheHtml_AndCannotAddHeaders()
    {
        var email = await DigestEmail.BuildAsync(Content(), Recipient, "https://surveys.example.no/avmeld/token", "digest:org-1:k:2027-W13", PageRendering.Renderer);

        email.Validate(); // queueable: no line break reached the subject or the recipient's name
        Assert.Equal("Ukesoppsummering for Evil AS Bcc: victim@example.no: uke 13, 2027", email.Subject);
        Assert.Equal("Kari Bcc: x@evil.example", email.To.Name);
        var html = email.Html!;
        DigestTests.AssertMailSafe(html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example/x.png\"", html);
        Assert.Contains(WebUtility.HtmlEncode(Script), html);
        Assert.Contains(WebUtility.HtmlEncode(Image), html);
        Assert.Contains("Evaluer " + WebUtility.HtmlEncode(Script), html);
        Assert.Contains("Bedre &lt;b&gt;enn&lt;/b&gt; før", html);
        Assert.Contains("href=\"https://surveys.example.no/organisations/o/actions/a?x=1&amp;y=&quot;2&quot;\"", html);
        // The plain text part is text: the same words, unencoded.
        Assert.Contains(Script, email.Text);
    }

    [Fact]
    public async Task BarsAtZeroAndAHundredPercent_AreOneCellEach_WithTheFigureBeside()
    {
        var html = (await DigestEmail.BuildAsync(Content(), Recipient, "https://surveys.example.no/avmeld/token", "k", PageRendering.Renderer)).Html!;

        Assert.Contains("<td width=\"100%\" bgcolor=\"#eeeeee\"", html);       // 0 %: only the empty track
        Assert.Contains("<td width=\"100%\" bgcolor=\"#0b5cad\"", html);       // 100 %: only the filled bar
        Assert.DoesNotContain("width=\"0%\"", html);
        Assert.Matches(">0" + DigestTests.NoBreakSpace + "%</td>", html);
        Assert.Matches(">100" + DigestTests.NoBreakSpace + "%</td>", html);
        Assert.Equal(2, Regex.Matches(html, "<td width=\"56\"").Count);
    }

    [Fact]
    public void NothingToReport_IsNoNews()
    {
        var empty = Content() with { Overdue = [], EvaluationDue = [], Rounds = [], Surveys = [] };

        Assert.False(DigestEmail.HasNews(empty));
        Assert.True(DigestEmail.HasNews(Content()));
        // An evaluation date reached is news on its own.
        Assert.True(DigestEmail.HasNews(empty with { EvaluationDue = Content().EvaluationDue }));
    }
}
