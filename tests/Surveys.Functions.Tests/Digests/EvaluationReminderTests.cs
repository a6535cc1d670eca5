using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Access;
using Surveys.Functions.Digests;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Tests.Email;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;
using static Surveys.Functions.Tests.Digests.DigestSeed;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Digests;

/// <summary>
/// The owner's reminder on the evaluation date (users.md L-04): run by the daily timer through the function
/// invoker with nobody subscribed to any digest, read back from the outbox.
/// </summary>
public sealed class EvaluationReminderTests(EvaluationReminderTests.App app) : IClassFixture<EvaluationReminderTests.App>
{
    public sealed class App() : SurveysAppFixture(settings: DigestSeed.Settings(Outbox))
    {
        public static readonly string Outbox = Path.Combine(Path.GetTempPath(), "surveys-evaluation-" + Guid.NewGuid().ToString("N"));
    }

    private SurveysApp Factory => app.Factory;

    private static string Outbox => App.Outbox;

    [Fact]
    public async Task OnTheEvaluationDate_TheOwnerGetsOneReminder_WithTheLinkedItemsResult_AndOnlyOpenActionsWithAnOwnerAddressDueNowGetOne()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        var org = survey.OrganisationId;
        await AnswerAsync(Factory, survey.Tokens[0], Positions(1, 2, 2, 1, 0));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 1, 2, 2, 2));
        const string itemId = "WELLBEING-02";
        var tag = Guid.NewGuid().ToString("N")[..8];
        string Owner(string who) => $"{who}-{tag}@example.no";
        var linked = Linked(Action(org, "Tavlemøter hver uke", ActionStatus.InProgress, 30, evaluationInDays: 0), survey, itemId)
            with { OwnerEmail = Owner("Eier").ToUpperInvariant() };
        var missed = Action(org, "Nytt pauserom", ActionStatus.Planned, 30, evaluationInDays: -3) with { OwnerEmail = Owner("pauserom") };
        var noOwner = Action(org, $"Uten eier {tag}", ActionStatus.Planned, 30, evaluationInDays: 0);
        await AddActionsAsync(Factory, linked, missed, noOwner,
            Action(org, "For lenge siden", ActionStatus.Planned, 30, evaluationInDays: -(EvaluationReminders.CatchUpDays + 1)) with { OwnerEmail = Owner("gammel") },
            Action(org, "Fullført", ActionStatus.Done, -10, changedDaysAgo: 30, evaluationInDays: 0) with { OwnerEmail = Owner("fullfort") },
            Action(org, "Avbrutt", ActionStatus.Dropped, -10, changedDaysAgo: 30, evaluationInDays: 0) with { OwnerEmail = Owner("avbrutt") },
            Action(org, "I morgen", ActionStatus.Planned, 30, evaluationInDays: 1) with { OwnerEmail = Owner("morgen") });
        using var leader = await Factory.AsMemberAsync($"leder-{tag}@example.no", org, OrganisationRole.Leader);
        var api = await WaitForComparisonAsync(leader, survey, 0, 1, 6, 7);

        await RunTimerAsync(Factory, "SendDailyDigests");

        var email = Assert.Single(await WaitForEmailsAsync(Factory, Outbox, Owner("eier")));
        Assert.Equal("Tid for å evaluere: Tavlemøter hver uke", email.Header("Subject"));
        var (text, html) = Bodies(email);
        text = text.ReplaceLineEndings("\n");
        Assert.Contains("Evalueringsdato: " + Date(0), text);
        Assert.Contains($"{BaseUrl}/leder/tiltak/{org}/{linked.Id}", text);
        // The linked item's change from the prompting round to the newest, as the results page shows it.
        await AssertLinkedResultAsync(leader, survey, api, itemId, linked.Id, text, indent: "");
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain(Secret, html);
        DigestTests.AssertMailSafe(html);
        Assert.Contains($"href=\"{BaseUrl}/leder/tiltak/{org}/{linked.Id}\"", html);
        // The link opens the action's page for a leader of the organisation.
        Assert.Contains("Tavlemøter hver uke", WebUtility.HtmlDecode(await leader.GetStringAsync($"/leder/tiltak/{org}/{linked.Id}")));

        // A date missed by a few days still gets its reminder (an action not linked to an item: no result lines).
        var (missedText, _) = Bodies(Assert.Single(await WaitForEmailsAsync(Factory, Outbox, Owner("pauserom"))));
        Assert.Contains("Evalueringsdato: " + Date(-3), missedText);
        Assert.DoesNotContain("Spørsmål:", missedText);

        // Nothing for an action without an owner address, a done or dropped one, one too long ago or one in the future.
        foreach (var who in new[] { "gammel", "fullfort", "avbrutt", "morgen" }) Assert.Empty(EmailsTo(Outbox, Owner(who)));
        Assert.DoesNotContain(AllEmails(), e => e.Header("Subject")?.Contains($"Uten eier {tag}", StringComparison.Ordinal) == true);

        // The timer again (a duplicate run, or tomorrow's within the catch-up days): nothing new.
        await RunTimerAsync(Factory, "SendDailyDigests");
        await using (var scope = Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<EvaluationReminders>().SendAsync(Today.AddDays(1), default);
        await DrainedAsync(Factory);
        Assert.Single(EmailsTo(Outbox, Owner("eier")));
        Assert.Single(EmailsTo(Outbox, Owner("pauserom")));
    }

    [Fact]
    public async Task BelowTheMinimumGroupSize_TheReminderHasTheVerdictOnly_NoFigures()
    {
        var survey = await SmallFirstRoundAsync(Factory);
        var org = survey.OrganisationId;
        var owner = $"eier-{Guid.NewGuid():N}@example.no";
        var linked = Linked(Action(org, "Små grupper", ActionStatus.Planned, 30, evaluationInDays: 0), survey, "WELLBEING-01") with { OwnerEmail = owner };
        await AddActionsAsync(Factory, linked);

        await RunTimerAsync(Factory, "SendDailyDigests");

        var (text, html) = Bodies(Assert.Single(await WaitForEmailsAsync(Factory, Outbox, owner)));
        text = text.ReplaceLineEndings("\n");
        Assert.Contains("Spørsmål: ", text);
        Assert.Contains("\nFor få svar til å vise resultat\n", text);
        Assert.DoesNotContain("%", text);
        Assert.DoesNotContain("Andel", text);
        Assert.DoesNotContain("Andel", html);
        Assert.DoesNotContain("\u00A0%", WebUtility.HtmlDecode(html));
    }

    private static IReadOnlyList<Eml> AllEmails() =>
        !Directory.Exists(Outbox) ? [] : Directory.EnumerateFiles(Outbox, "*.eml").Select(f => Eml.Parse(File.ReadAllText(f))).ToList();
}
