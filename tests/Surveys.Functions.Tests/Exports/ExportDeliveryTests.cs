using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Audit;
using Surveys.Functions.Catalog;
using Surveys.Functions.Exports;
using Surveys.Functions.Partners;
using Surveys.Functions.Tests.Email;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Functions.Tests.Partners;
using Surveys.Functions.Tests.Review;
using Surveys.Model;

namespace Surveys.Functions.Tests.Exports;

/// <summary>
/// Scheduled delivery (issue 6, item 5): a grant with a schedule sends each recipient one e-mail with a
/// short-lived download link per delivery, however often the timer runs; the link works only while the
/// grant holds and until it expires; a round too small to show is never delivered.
/// </summary>
public sealed partial class ExportDeliveryTests() : OutboxAppTests("surveys-delivery-")
{
    private async Task<int> RunDeliveryAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DeliverExports>().DeliverAsync(default);
    }

    /// <summary>A survey with one round answered by <paramref name="respondents"/> people, then closed an hour ago.</summary>
    private async Task<SeededSurvey> ClosedRoundAsync(int respondents, string title = "Medarbeiderundersøkelse")
    {
        var survey = await ResultsSeed.SurveyAsync(App, rounds: 1, title: title);
        await ResultsSeed.AnswerAsync(App, survey.Tokens[0], ResultsSeed.Positions(respondents > 2 ? [1, 1, respondents - 2, 0, 0] : [respondents, 0, 0, 0, 0]));
        await ResultsSeed.WaitForFoldsAsync(App, survey.RoundIds[0], respondents);
        var catalog = App.Get<CatalogStore>();
        var round = (await catalog.GetRoundAsync(survey.SurveyId, survey.RoundIds[0], default))!;
        round.Close(DateTimeOffset.UtcNow.AddHours(-1));
        await catalog.SaveRoundAsync(survey.OrganisationId, round, default);
        return survey;
    }

    private Task<ExportGrant> GrantAsync(SeededSurvey survey, DeliverySchedule schedule, params string[] recipients) =>
        App.SaveGrantAsync(survey.OrganisationId, [survey.SurveyId], schedule, recipients);


    private static string Link(Eml eml)
    {
        var text = eml.Parts().First(p => p.ContentType.StartsWith("text/plain", StringComparison.Ordinal)).Text;
        return LinkPattern().Match(text).Value;
    }

    [Fact]
    public async Task AClosedRound_IsDeliveredOncePerRecipient_HoweverOftenTheTimerRuns()
    {
        var survey = await ClosedRoundAsync(respondents: 6);
        var grant = await GrantAsync(survey, DeliverySchedule.AfterRoundCloses, "bht@arca.example", "amu@arca.example");

        Assert.Equal(1, await RunDeliveryAsync());
        Assert.Equal(0, await RunDeliveryAsync());
        Assert.Equal(0, await RunDeliveryAsync());

        var mails = await OutboxAsync(2);
        Assert.Equal(2, mails.Count);
        Assert.Equal(["amu@arca.example", "bht@arca.example"], mails.Select(m => m.Header("To")!).Order().ToArray());
        foreach (var mail in mails)
        {
            Assert.Contains("Medarbeiderundersøkelse", mail.Header("Subject"));
            Assert.Contains("2026-før", mail.Header("Subject"));
            Assert.Matches("^https://surveys.example.no/eksport/[A-Za-z0-9_-]{43}$", Link(mail));
            var html = mail.Parts().Single(p => p.ContentType.StartsWith("text/html", StringComparison.Ordinal)).Text;
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        }
        // Both recipients got the same delivery's link.
        Assert.Equal(Link(mails[0]), Link(mails[1]));

        var audit = await App.Get<AuditLog>().ListAsync(survey.OrganisationId, 50, default);
        var delivered = Assert.Single(audit, e => e.Action == "export-delivered");
        Assert.Equal(survey.SurveyId, delivered.Subject);
        Assert.Equal(grant.Id, delivered.Details["grant"]);
        Assert.Equal("2", delivered.Details["recipients"]);
    }

    [Fact]
    public async Task ASurveyTitleWithALineBreak_IsStillDelivered_OnOneSubjectLine()
    {
        var survey = await ClosedRoundAsync(respondents: 6, title: "Medarbeider-\nundersøkelse\t 2027");
        await GrantAsync(survey, DeliverySchedule.AfterRoundCloses, "bht@arca.example");

        Assert.Equal(1, await RunDeliveryAsync());

        var mail = Assert.Single(await OutboxAsync(1));
        Assert.StartsWith("Eksport fra ", mail.Header("Subject"));
        Assert.Contains(": Medarbeider- undersøkelse 2027 (", mail.Header("Subject"));
        Assert.Matches("^https://surveys.example.no/eksport/[A-Za-z0-9_-]{43}$", Link(mail));
    }

    [Fact]
    public async Task ARunThatDiedAfterLoggingTheDelivery_IsFinishedByTheNext_WithoutASecondEmailOrAuditEntry()
    {
        var survey = await ClosedRoundAsync(respondents: 6);
        var grant = await GrantAsync(survey, DeliverySchedule.AfterRoundCloses, "bht@arca.example");
        Assert.Equal(1, await RunDeliveryAsync());
        // The state a crash leaves between the audit entry and the final marker: the delivery only «started».
        var deliveries = App.Get<DeliveryStore>();
        var key = survey.RoundIds[0];   // a round delivery is keyed by the round
        var progress = await deliveries.GetAsync(grant.Id, key, default);
        Assert.Equal(DeliveryStore.Sent, progress?.Outcome);
        await deliveries.RecordAsync(grant.Id, key, DeliveryStore.Started, progress!.AuditKey, default);

        Assert.Equal(1, await RunDeliveryAsync());   // finished…
        Assert.Equal(0, await RunDeliveryAsync());   // …and then done

        Assert.Single(await OutboxAsync(1));
        var audit = await App.Get<AuditLog>().ListAsync(survey.OrganisationId, 50, default);
        Assert.Single(audit, e => e.Action == "export-delivered");
        Assert.Equal(DeliveryStore.Sent, (await deliveries.GetAsync(grant.Id, key, default))?.Outcome);
    }

    [Fact]
    public async Task TheDeliveredLink_DownloadsTheExportWithoutSigningIn_AndIsAudited()
    {
        var survey = await ClosedRoundAsync(respondents: 6);
        var grant = await GrantAsync(survey, DeliverySchedule.AfterRoundCloses, "bht@arca.example");
        Assert.Equal(1, await RunDeliveryAsync());
        var link = Link(Assert.Single(await OutboxAsync(1)));

        using var client = App.CreateClient();
        // The link opens a page that changes nothing (a mail scanner fetching it exports nothing, audits nothing)…
        var token = new Uri(link).AbsolutePath["/eksport/".Length..];
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(link).AbsolutePath));
        Assert.Contains("Medarbeiderundersøkelse", page);
        Assert.Contains($"action=\"/api/exports/{token}\"", page);
        Assert.DoesNotContain(await App.Get<AuditLog>().ListAsync(survey.OrganisationId, 50, default), e => e.Action == "export");
        using var get = await client.GetAsync($"/api/exports/{token}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode); // no function takes GET there (the Functions host answers 404, not 405)
        // …and its button downloads.
        using var response = await client.PostAsync($"/api/exports/{token}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // UTF-8 BOM, so Excel reads æøå right
        var csv = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains("2026-før", csv);
        Assert.Contains(";", csv); // a Norwegian (nb) export: semicolons for Norwegian Excel

        var downloads = (await App.Get<AuditLog>().ListAsync(survey.OrganisationId, 50, default)).Where(e => e.Action == "export").ToList();
        var download = Assert.Single(downloads);
        Assert.Equal("download-link", download.Details["via"]);
        Assert.Equal(grant.Id, download.Details["grant"]);
    }

    [Fact]
    public async Task ARoundBelowTheMinimumGroupSize_IsNeverDelivered()
    {
        var survey = await ClosedRoundAsync(respondents: 3);
        await GrantAsync(survey, DeliverySchedule.AfterRoundCloses, "bht@arca.example");

        Assert.Equal(0, await RunDeliveryAsync());
        Assert.Equal(0, await RunDeliveryAsync());

        await Outbox.DrainedAsync(App);
        Assert.Empty(Directory.GetFiles(OutboxFolder, "*.eml"));
        Assert.DoesNotContain(await App.Get<AuditLog>().ListAsync(survey.OrganisationId, 50, default), e => e.Action == "export-delivered");
    }

    [Fact]
    public async Task ARevokedGrant_DeliversNothing_AndItsLinkStopsWorking()
    {
        var survey = await ClosedRoundAsync(respondents: 5);
        var grant = await GrantAsync(survey, DeliverySchedule.AfterRoundCloses, "bht@arca.example");
        var (token, _) = await App.Get<ExportLinkStore>().CreateAsync(grant.Id,
            new ExportRequest(survey.OrganisationId, survey.SurveyId, null, ExportFormat.Csv, ExportContent.Results, Language.Norwegian),
            TimeSpan.FromDays(7), default);
        await App.Get<GrantStore>().SaveAsync(grant with { RevokedAt = DateTimeOffset.UtcNow, RevokedBy = "admin" }, default);

        Assert.Equal(0, await RunDeliveryAsync());
        using var client = App.CreateClient();
        using var response = await client.PostAsync($"/api/exports/{token}", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Tilgangen er trukket tilbake", await response.Content.ReadAsStringAsync());
        using var page = await client.GetAsync($"/eksport/{token}");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Tilgangen er trukket tilbake", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        Assert.Empty(Directory.GetFiles(OutboxFolder, "*.eml"));
    }

    [Fact]
    public async Task AnExpiredOrUnknownLink_IsRefusedWithoutSigningIn()
    {
        var survey = await ClosedRoundAsync(respondents: 5);
        var grant = await GrantAsync(survey, DeliverySchedule.None);
        var (expired, _) = await App.Get<ExportLinkStore>().CreateAsync(grant.Id,
            new ExportRequest(survey.OrganisationId, survey.SurveyId, null, ExportFormat.Csv, ExportContent.Results, Language.Norwegian),
            TimeSpan.FromSeconds(-1), default);
        using var client = App.CreateClient();

        using var gone = await client.PostAsync($"/api/exports/{expired}", null);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("Lenken er utløpt", await gone.Content.ReadAsStringAsync());
        using var gonePage = await client.GetAsync($"/eksport/{expired}");
        Assert.Equal(HttpStatusCode.Gone, gonePage.StatusCode);
        Assert.Contains("Lenken er utløpt", WebUtility.HtmlDecode(await gonePage.Content.ReadAsStringAsync()));

        using var unknown = await client.PostAsync($"/api/exports/{new string('A', 43)}", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var junk = await client.PostAsync("/api/exports/%27%3B--", null);
        Assert.Equal(HttpStatusCode.NotFound, junk.StatusCode);
        using var junkPage = await client.GetAsync("/eksport/%27%3B--");
        Assert.Equal(HttpStatusCode.NotFound, junkPage.StatusCode);
        Assert.DoesNotContain(await App.Get<AuditLog>().ListAsync(survey.OrganisationId, 50, default), e => e.Action == "export");
    }

    [Fact]
    public async Task AMonthlyGrant_IsDeliveredOnceAMonth()
    {
        var survey = await ClosedRoundAsync(respondents: 5);
        await GrantAsync(survey, DeliverySchedule.Monthly, "bht@arca.example");

        Assert.Equal(1, await RunDeliveryAsync());
        Assert.Equal(0, await RunDeliveryAsync());

        var mail = Assert.Single(await OutboxAsync(1));
        // The month in Norwegian time, whatever zone the host runs in (issue 12).
        var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo")).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(month, mail.Header("Subject"));
    }

    [GeneratedRegex(@"https?://\S+/eksport/[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
