using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Catalog;
using Surveys.Functions.Partners;
using Surveys.Functions.Tests.Email;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Functions.Tests.Review;
using Surveys.Model;

namespace Surveys.Functions.Tests.Partners;

/// <summary>
/// The partner's weekly participation e-mail (users.md O-02, O-05): while a round is open, each delivery recipient
/// of a grant gets at most one e-mail a week with counts and the response rate, never a result or an answer.
/// </summary>
public sealed partial class PartnerParticipationTests() : OutboxAppTests("surveys-participation-")
{
    private async Task<int> RunAsync(DateTimeOffset? scheduledAt = null)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SendPartnerParticipation>().SendAsync(scheduledAt ?? DateTimeOffset.UtcNow, default);
    }

    /// <summary>A survey with one open round (opened 90 days ago, closing in 30, 30 invited) answered with <paramref name="positions"/>.</summary>
    private async Task<SeededSurvey> OpenRoundAsync(string title, params int[] positions)
    {
        var survey = await ResultsSeed.SurveyAsync(App, rounds: 1, title: title, invited: 30);
        await ResultsSeed.AnswerAsync(App, survey.Tokens[0], ResultsSeed.Positions(positions));
        await ResultsSeed.WaitForFoldsAsync(App, survey.RoundIds[0], positions.Sum());
        return survey;
    }

    private Task<ExportGrant> GrantAsync(SeededSurvey survey, DeliverySchedule schedule, IReadOnlyList<string>? surveyIds, params string[] recipients) =>
        App.SaveGrantAsync(survey.OrganisationId, surveyIds ?? [survey.SurveyId], schedule, recipients);


    private static string Part(Eml eml, string type) => eml.Parts().Single(p => p.ContentType.StartsWith(type, StringComparison.Ordinal)).Text;

    /// <summary>Every percentage a reader sees («20 %»), normalised to «20 %».</summary>
    private static string[] Percentages(string visible) =>
        PercentPattern().Matches(visible.Replace('\u00A0', ' ')).Select(m => m.Groups[1].Value + " %").Distinct().Order().ToArray();

    [Fact]
    public async Task AnOpenRound_GivesEachRecipientOneEmail_WithCountsAndRateOnly_OncePerWeek()
    {
        // 6 answers: 2 at the lowest point, 4 at the middle (shares 33 % and 67 %); 6 of 30 invited is 20 %.
        var survey = await OpenRoundAsync("Medarbeiderundersøkelse <2026> & co", 2, 0, 4, 0, 0);
        await GrantAsync(survey, DeliverySchedule.AfterRoundCloses, null, "bht@arca.example", "amu@arca.example");

        Assert.Equal(2, await RunAsync());
        var mails = await OutboxAsync(2);
        Assert.Equal(["amu@arca.example", "bht@arca.example"], mails.Select(m => m.Header("To")!).Order().ToArray());
        var round = (await App.Get<CatalogStore>().GetRoundAsync(survey.SurveyId, survey.RoundIds[0], default))!;
        var format = new Surveys.Pages.Results.ReportFormat(false);
        foreach (var mail in mails)
        {
            Assert.Contains("Deltakelse i åpne runder hos Test Arbeid AS", mail.Header("Subject"));
            var text = Part(mail, "text/plain");
            var html = Part(mail, "text/html");
            var visible = ResultsSeed.Visible(html);
            foreach (var shown in new[] { text.Replace('\u00A0', ' '), visible })
            {
                Assert.Contains("Medarbeiderundersøkelse <2026> & co", shown);
                Assert.Contains("2026-før", shown);
                Assert.Contains(format.Date(round.Opens!.Value), shown);
                Assert.Contains(format.Date(round.Closes!.Value), shown);
                Assert.Matches(@"\b6\b", shown);
                Assert.Matches(@"\b30\b", shown);
                // Participation only: the response rate is the one percentage, no share of any answer, no item.
                Assert.Equal(["20 %"], Percentages(shown));
                foreach (var item in Instruments.Wellbeing.Items)
                {
                    Assert.DoesNotContain(item.Text.Norwegian, shown);
                    Assert.DoesNotContain(item.Id, shown);
                }
            }
            Assert.Contains("Svar så langt: 6", text);
            Assert.Contains("Svarprosent: 20", text);
            // Built for mail clients: data encoded, no scripts, no images.
            Assert.Contains("&lt;2026&gt; &amp; co", html);
            Assert.DoesNotContain("<2026>", html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("https://surveys.example.no/partner", text);
        }

        // The same week again, however often: nothing new.
        Assert.Equal(0, await RunAsync());
        Assert.Equal(0, await RunAsync());
        await Outbox.DrainedAsync(App);
        Assert.Equal(2, Directory.GetFiles(OutboxFolder, "*.eml").Length);

        // The next week, while the round is still open: one more each.
        Assert.Equal(2, await RunAsync(DateTimeOffset.UtcNow.AddDays(7)));
        Assert.Equal(4, (await OutboxAsync(4)).Count);
    }

    [Fact]
    public async Task ARoundBelowTheMinimumGroupSize_ShowsOnlyFewerThan_AndNoRate()
    {
        var survey = await OpenRoundAsync("Medarbeiderundersøkelse", 2, 0, 0, 0, 0);
        await GrantAsync(survey, DeliverySchedule.AfterRoundCloses, null, "bht@arca.example");

        Assert.Equal(1, await RunAsync());
        var mail = Assert.Single(await OutboxAsync(1));
        var text = Part(mail, "text/plain");
        Assert.Contains("Svar så langt: færre enn 5", text);
        Assert.Contains("Svarprosent: –", text);
        Assert.Empty(Percentages(text));
        Assert.Empty(Percentages(ResultsSeed.Visible(Part(mail, "text/html"))));
    }

    [Fact]
    public async Task NoEmail_ForARevokedGrant_AGrantWithoutDelivery_ASurveyNotCovered_OrNoOpenRound()
    {
        // Revoked.
        var revoked = await OpenRoundAsync("Revokert", 3, 3, 0, 0, 0);
        var grant = await GrantAsync(revoked, DeliverySchedule.AfterRoundCloses, null, "revoked@arca.example");
        await App.Get<GrantStore>().SaveAsync(grant with { RevokedAt = DateTimeOffset.UtcNow, RevokedBy = "admin" }, default);
        // No delivery schedule (recipients kept from an earlier schedule).
        var unscheduled = await OpenRoundAsync("Uten levering", 3, 3, 0, 0, 0);
        await GrantAsync(unscheduled, DeliverySchedule.None, null, "none@arca.example");
        // The grant covers another survey of the organisation only.
        var uncovered = await OpenRoundAsync("Ikke delt", 3, 3, 0, 0, 0);
        await GrantAsync(uncovered, DeliverySchedule.AfterRoundCloses, ["survey-someother"], "uncovered@arca.example");
        // The survey's only round has closed.
        var closed = await OpenRoundAsync("Lukket", 3, 3, 0, 0, 0);
        var catalog = App.Get<CatalogStore>();
        var round = (await catalog.GetRoundAsync(closed.SurveyId, closed.RoundIds[0], default))!;
        round.Close(DateTimeOffset.UtcNow.AddHours(-1));
        await catalog.SaveRoundAsync(closed.OrganisationId, round, default);
        await GrantAsync(closed, DeliverySchedule.AfterRoundCloses, null, "closed@arca.example");

        Assert.Equal(0, await RunAsync());
        await Outbox.DrainedAsync(App);
        Assert.Empty(Directory.GetFiles(OutboxFolder, "*.eml"));
    }

    [Fact]
    public async Task OneGrantThatFails_DoesNotStopTheOthers()
    {
        // A client whose stored round cannot be read (closes before it opens: written around the model's checks).
        var broken = await OpenRoundAsync("Ødelagt", 3, 3, 0, 0, 0);
        var table = await App.Get<Surveys.Functions.Storage.AppStorage>().TableAsync(CatalogStore.RoundsTable);
        await table.UpsertEntityAsync(new TableEntity(broken.SurveyId, "round-broken")
        {
            ["Label"] = "ødelagt",
            ["Opens"] = DateTimeOffset.UtcNow.AddDays(1),
            ["Closes"] = DateTimeOffset.UtcNow.AddDays(-1),
        }, TableUpdateMode.Replace);
        await GrantAsync(broken, DeliverySchedule.AfterRoundCloses, null, "broken@arca.example");
        var fine = await OpenRoundAsync("Medarbeiderundersøkelse", 3, 3, 0, 0, 0);
        await GrantAsync(fine, DeliverySchedule.AfterRoundCloses, null, "fine@arca.example");

        Assert.Equal(1, await RunAsync());
        var mail = Assert.Single(await OutboxAsync(1));
        Assert.Equal("fine@arca.example", mail.Header("To"));
    }

    [GeneratedRegex(@"(?<![\d,])(\d+) ?%")]
    private static partial Regex PercentPattern();
}
