using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Surveys.Functions.Access;
using Surveys.Functions.Actions;
using Surveys.Functions.Catalog;
using Surveys.Functions.Digests;
using Surveys.Functions.Email;
using Surveys.Functions.Hosting;
using Surveys.Functions.Scheduling;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Email;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Digests;

/// <summary>Seeds what a digest reports on, runs the digest as the timer would, and reads the outbox.</summary>
public static class DigestSeed
{
    public const string BaseUrl = "https://surveys.example.no";

    /// <summary>Free text that must never reach an e-mail.</summary>
    public const string Secret = "HEMMELIG-FRITEKST";

    public static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Oslo).DateTime);

    /// <summary>12:00 in Oslo, <paramref name="days"/> from today.</summary>
    public static DateTimeOffset LocalNoon(int days)
    {
        var noon = Today.AddDays(days).ToDateTime(new TimeOnly(12, 0));
        return new DateTimeOffset(noon, Oslo.GetUtcOffset(noon));
    }

    public static Dictionary<string, string?> Settings(string outbox) => new(Outbox.Settings(outbox)) { ["Surveys:PublicBaseUrl"] = BaseUrl };

    /// <summary>An action of the organisation whose description, notes and evaluation note hold <see cref="Secret"/>.</summary>
    public static ImprovementAction Action(string organisationId, string title, ActionStatus status, int? dueInDays,
        string? unit = null, int changedDaysAgo = 20, string? owner = "Avdelingsleder", int evaluationInDays = 90)
    {
        var now = DateTimeOffset.UtcNow;
        var history = new List<ActionStatusChange> { new(now.AddDays(-40), null, ActionStatus.Planned, "Leder") };
        if (status != ActionStatus.Planned) history.Add(new ActionStatusChange(now.AddDays(-changedDaysAgo), ActionStatus.Planned, status, "Leder"));
        return new ImprovementAction(ActionStore.NewId(), organisationId, null, null, null, title, $"Beskrivelse {Secret}", owner, null,
            dueInDays is { } d ? Today.AddDays(d) : null, status, null, Today.AddDays(evaluationInDays), $"Evaluering {Secret}", ActionOrigin.WorkEnvironmentCommittee,
            SmartChecklist.None, [new ActionNote(Today, $"Notat {Secret}", "Leder")], history, unit, now.AddDays(-40), now.AddDays(-changedDaysAgo));
    }

    public static async Task AddActionsAsync(SurveysApp app, params ImprovementAction[] actions)
    {
        foreach (var a in actions) await app.Get<ActionStore>().AddAsync(a, default);
    }

    /// <summary>A member of the organisation who opts in through the API.</summary>
    public static async Task<(HttpClient Client, string Email)> SubscribedMemberAsync(SurveysApp app, string organisationId, OrganisationRole role,
        string frequency = "weekly", IReadOnlyList<string>? units = null)
    {
        var email = $"leder-{Guid.NewGuid():N}@example.no";
        var client = await app.AsMemberAsync(email, organisationId, role, units);
        using var response = await client.PutAsJsonAsync($"/api/organisations/{organisationId}/digest/subscription", new { frequency });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (client, email);
    }

    /// <summary>Extra addresses set by the platform admin (as an organisation admin would).</summary>
    public static async Task SetExtrasAsync(SurveysApp app, string organisationId, params string[] emails)
    {
        using var admin = app.AsAdmin();
        using var response = await admin.PutAsJsonAsync($"/api/organisations/{organisationId}/digest", new { extraRecipients = emails });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Fires a timer through the function invoker, as the runner and the host do: by hand (no schedule status, as
    /// scripts/run-timer.sh sends it; it acts whatever the hour), or, with <paramref name="scheduled"/>, as the
    /// hourly firing scheduled then (it acts only when that is the function's Norwegian time; give the app a
    /// <see cref="ScheduleClock"/> near it).
    /// </summary>
    public static Task RunTimerAsync(SurveysApp app, string function = "SendDigests", DateTimeOffset? scheduled = null) =>
        app.Get<FunctionInvoker>().InvokeTimerAsync(function,
            new TimerTrigger(false, scheduled is { } at ? new ScheduleStatus(at.AddHours(-1), at, at) : null), default);

    /// <summary>
    /// The app's schedule decisions (<see cref="LocalSchedule"/>) read «now» from <paramref name="clock"/>: a timer
    /// firing in 2027 is then a scheduled run, not one by hand. Everything else keeps the real clock.
    /// </summary>
    public static Action<IServiceCollection> ScheduleClock(TimeProvider clock) => services =>
        services.AddSingleton(sp => new LocalSchedule(sp.GetRequiredService<IOptions<ScheduleOptions>>(), sp.GetRequiredService<DigestOptions>(), clock));

    /// <summary>Monday 07:00 in Oslo of the ISO week of <paramref name="now"/>: the weekly digest's run that week.</summary>
    public static DateTimeOffset WeeklyRunOf(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Oslo).DateTime;
        var monday = DateOnly.FromDateTime(local.AddDays(-(((int)local.DayOfWeek + 6) % 7)));
        return LocalSchedule.Instant(monday, new TimeOnly(7, 0), Oslo);
    }

    /// <summary>Runs the weekly digest for the period of a run scheduled at <paramref name="scheduled"/> (another week).</summary>
    public static async Task<int> RunForAsync(SurveysApp app, DateTimeOffset scheduled)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestSender>().SendAsync(DigestFrequency.Weekly, scheduled, default);
    }

    /// <summary>Waits until the emails queue is empty (every copy handled, however often it was queued).</summary>
    public static Task DrainedAsync(SurveysApp app) => Outbox.DrainedAsync(app);

    /// <summary>The outbox's e-mails to one address.</summary>
    public static IReadOnlyList<Eml> EmailsTo(string outbox, string address) =>
        !Directory.Exists(outbox) ? [] : Directory.EnumerateFiles(outbox, "*.eml").Order(StringComparer.Ordinal)
            .Select(f => Eml.Parse(File.ReadAllText(f)))
            .Where(e => e.Header("To")?.Contains($"<{address}>", StringComparison.OrdinalIgnoreCase) == true || e.Header("To") == address)
            .ToList();

    /// <summary>Waits for <paramref name="count"/> e-mails to the address and a drained queue.</summary>
    public static async Task<IReadOnlyList<Eml>> WaitForEmailsAsync(SurveysApp app, string outbox, string address, int count = 1)
    {
        await Eventually.Until(() => Task.FromResult(EmailsTo(outbox, address).Count >= count), TimeSpan.FromSeconds(60), $"{count} e-mail(s) to {address}");
        await DrainedAsync(app);
        return EmailsTo(outbox, address);
    }

    public static (string Text, string Html) Bodies(Eml email)
    {
        var parts = email.Parts();
        Assert.Equal(2, parts.Count);
        Assert.StartsWith("text/plain", parts[0].ContentType);
        Assert.StartsWith("text/html", parts[1].ContentType);
        return (parts[0].Text, parts[1].Text);
    }

    /// <summary>A survey in the organisation with one round that opened and one that closed within the last week.</summary>
    public static async Task AddRoundsInThePeriodAsync(SurveysApp app, string organisationId, string surveyTitle)
    {
        var catalog = app.Get<CatalogStore>();
        var surveyId = "survey-" + Guid.NewGuid().ToString("N")[..12];
        await catalog.SaveSurveyAsync(new StoredSurvey(surveyId, organisationId, surveyTitle, Instruments.Wellbeing.Id, [], []), default);
        // At Oslo noon, so the e-mail's dates are Today−3 and Today−2 whatever the hour (72 h before 00:30 is
        // another date when a daylight-saving change lies between).
        await catalog.SaveRoundAsync(organisationId, Round.Create(surveyId + "-h", surveyId, "Høst 2026", LocalNoon(-40), LocalNoon(-3), 10), default);
        await catalog.SaveRoundAsync(organisationId, Round.Create(surveyId + "-v", surveyId, "Vår 2027", LocalNoon(-2), LocalNoon(30), 10), default);
    }
    /// <summary>
    /// An e-mail's result lines for an action linked to <paramref name="itemId"/> («Spørsmål: … (2026-før → 2026-etter)», the
    /// top-two share before → after, the verdict) say what the results page and the action API say. Returns the shares («40 % → 60 %»).
    /// </summary>
    public static async Task<string> AssertLinkedResultAsync(HttpClient leader, Review.SeededSurvey survey, System.Text.Json.Nodes.JsonObject comparison,
        string itemId, string actionId, string text, string indent)
    {
        var wording = (string)comparison["items"]!.AsArray().Single(i => (string?)i!["itemId"] == itemId)!["text"]!["nb"]!;
        var result = System.Text.RegularExpressions.Regex.Match(text,
            indent + "Spørsmål: " + System.Text.RegularExpressions.Regex.Escape(wording) + @" \(2026-før → 2026-etter\)\n"
            + indent + @"Andel av de to beste svarene: (\d+\u00A0% → \d+\u00A0%)\n" + indent + @"(.+)\n");
        Assert.True(result.Success, text);
        var page = await leader.GetStringAsync($"/surveys/{survey.SurveyId}/results");
        Assert.Contains("Andel av de to beste svarene " + result.Groups[1].Value, System.Net.WebUtility.HtmlDecode(Review.ResultsSeed.Article(page, itemId)));
        var action = (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(leader,
            $"/api/organisations/{survey.OrganisationId}/actions/{actionId}"))!;
        Assert.Equal((string?)action["evaluation"]!["verdict"]!["text"]!["nb"], result.Groups[2].Value);
        return result.Groups[1].Value;
    }
    /// <summary>A date as the e-mails write it (dd.MM.yyyy), <paramref name="days"/> from today in Oslo.</summary>
    public static string Date(int days) => Today.AddDays(days).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The action linked to an item of the survey, prompted by its first round (evaluated against the newest).</summary>
    public static ImprovementAction Linked(ImprovementAction action, Review.SeededSurvey survey, string itemId) =>
        action with { SurveyId = survey.SurveyId, ItemId = itemId, PromptingRoundId = survey.RoundIds[0] };

    /// <summary>A two-round survey whose first round has 3 answers (below the minimum of 5) and second 6, both folded.</summary>
    public static async Task<Review.SeededSurvey> SmallFirstRoundAsync(SurveysApp app)
    {
        var survey = await Review.ResultsSeed.SurveyAsync(app, rounds: 2);
        await Review.ResultsSeed.AnswerAsync(app, survey.Tokens[0], Review.ResultsSeed.Positions(1, 1, 1, 0, 0));
        await Review.ResultsSeed.AnswerAsync(app, survey.Tokens[1], Review.ResultsSeed.Positions(1, 2, 1, 1, 1));
        await Review.ResultsSeed.WaitForFoldsAsync(app, survey.RoundIds[0], 3);
        await Review.ResultsSeed.WaitForFoldsAsync(app, survey.RoundIds[1], 6);
        return survey;
    }
}
