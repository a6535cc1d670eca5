using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Access;
using Surveys.Functions.Digests;
using Surveys.Functions.Tests.Email;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;
using static Surveys.Functions.Tests.Digests.DigestSeed;
using static Surveys.Functions.Tests.Review.ResultsSeed;

namespace Surveys.Functions.Tests.Digests;

/// <summary>
/// The digest end to end: answers through the kiosk, folded and compared by the runner; actions in the
/// store; recipients through the API; the timer fired through the function invoker; e-mails read back
/// from the outbox as a mail client would.
/// </summary>
public sealed class DigestTests(DigestTests.App app) : IClassFixture<DigestTests.App>
{
    public sealed class App() : SurveysAppFixture(settings: DigestSeed.Settings(Outbox))
    {
        public static readonly string Outbox = Path.Combine(Path.GetTempPath(), "surveys-digest-" + Guid.NewGuid().ToString("N"));
    }

    private SurveysApp Factory => app.Factory;

    private static string Outbox => App.Outbox;

    [Fact]
    public async Task TheDigest_ListsActions_Rounds_AndTheWeakestItemsChange_WithTheResultsPagesFigures_AndNoFreeText()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        var org = survey.OrganisationId;
        await AnswerAsync(Factory, survey.Tokens[0], Positions(1, 2, 2, 1, 0));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 1, 2, 2, 2));
        await AddRoundsInThePeriodAsync(Factory, org, "Exit 2026");
        await AddActionsAsync(Factory,
            Action(org, "Faste samtaler <b>hver</b> måned & mer", ActionStatus.InProgress, -5, unit: "VTA"),
            Action(org, "Tavlemøte hver mandag", ActionStatus.Planned, 7, owner: "Fagveileder, Kari"),
            Action(org, "Nytt pauserom", ActionStatus.Done, -3, changedDaysAgo: 2),
            Action(org, "Gammelt fullført tiltak", ActionStatus.Done, -30, changedDaysAgo: 30),
            Action(org, "Avbrutt tiltak", ActionStatus.Dropped, -5, changedDaysAgo: 10),
            Action(org, "Tiltak langt fram", ActionStatus.Planned, 60));
        var (leader, leaderEmail) = await SubscribedMemberAsync(Factory, org, OrganisationRole.Leader);
        var (_, aftLeaderEmail) = await SubscribedMemberAsync(Factory, org, OrganisationRole.Leader, units: ["AFT"]);
        var amu = $"amu-{Guid.NewGuid():N}@example.no";
        await SetExtrasAsync(Factory, org, amu);
        var api = await WaitForComparisonAsync(leader, survey, 0, 1, 6, 7);

        await RunTimerAsync(Factory);

        var email = Assert.Single(await WaitForEmailsAsync(Factory, Outbox, leaderEmail));
        Assert.Single(await WaitForEmailsAsync(Factory, Outbox, amu));
        Assert.Matches(@"^Ukesoppsummering for Test Arbeid AS: uke \d+, \d{4}$", email.Header("Subject"));
        var (text, html) = Bodies(email);

        // Actions: overdue, due within 14 days, done in the last week; titles, statuses, owners, due dates and links only.
        var overdue = Section(text, "Forfalte tiltak");
        Assert.Contains("Faste samtaler <b>hver</b> måned & mer (Pågår, ansvarlig: Avdelingsleder, frist " + Date(-5) + ")", overdue);
        Assert.DoesNotContain("Avbrutt tiltak", text);
        Assert.Contains("Tavlemøte hver mandag (Planlagt, ansvarlig: Fagveileder, Kari, frist " + Date(7) + ")", Section(text, "Tiltak med frist de neste 14 dagene"));
        Assert.Contains("Nytt pauserom (Fullført", Section(text, "Fullførte tiltak siden sist"));
        Assert.DoesNotContain("Gammelt fullført tiltak", text);
        Assert.DoesNotContain("Tiltak langt fram", text);
        var actionLink = Regex.Match(overdue, $@"{Regex.Escape(BaseUrl)}/leder/tiltak/{org}/act-\w+");
        Assert.True(actionLink.Success, overdue);
        // The link opens the action's own page for the signed-in leader.
        Assert.Contains("Faste samtaler", System.Net.WebUtility.HtmlDecode(await leader.GetStringAsync(new Uri(actionLink.Value).AbsolutePath)));
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain(Secret, html);

        // Rounds that opened or closed in the period.
        var rounds = Section(text, "Runder som åpnet eller lukket");
        Assert.Contains("Exit 2026, Høst 2026: lukket " + Date(-3), rounds);
        Assert.Contains("Exit 2026, Vår 2027: åpnet " + Date(-2), rounds);

        // The weakest items: the same top-two shares as the results page shows for the same pair of rounds.
        var weakest = api["weakestItems"]!.AsArray().SelectMany(l => l!["items"]!.AsArray()).Take(3).ToList();
        Assert.NotEmpty(weakest);
        var page = await leader.GetStringAsync($"/surveys/{survey.SurveyId}/results");
        var block = Section(text, "Svakeste spørsmål i Trivsel VTA (2026-før → 2026-etter)");
        foreach (var w in weakest)
        {
            var itemId = (string)w!["itemId"]!;
            var wording = (string)w["text"]!["nb"]!;
            var shares = Regex.Match(block, Regex.Escape(wording) + @"\n  Andel av de to beste svarene: (\d+\u00A0% → \d+\u00A0%)\n  (.+)\n");
            Assert.True(shares.Success, $"{itemId} with its shares in:\n{block}");
            Assert.Contains("Andel av de to beste svarene " + shares.Groups[1].Value, WebUtility.HtmlDecode(Article(page, itemId)));
            Assert.Equal("For få svar til å si om noe har endret seg", shares.Groups[2].Value);
        }
        Assert.Contains($"Se resultatene: {BaseUrl}/surveys/{survey.SurveyId}/results", block);
        Assert.Matches($@"Meld deg av her: {Regex.Escape(BaseUrl)}/avmeld/[A-Za-z0-9_-]{{40,}}", text);

        // The HTML part: safe for mail clients, data encoded, bars drawn with table cells.
        AssertMailSafe(html);
        Assert.Contains("Faste samtaler &lt;b&gt;hver&lt;/b&gt; måned &amp; mer", html);
        Assert.DoesNotContain("<b>hver</b>", html);
        // One bar before and one after per item: a filled cell as wide as the share, and the figure beside it.
        Assert.Equal(2 * weakest.Count, Regex.Matches(html, @"<td width=""56"" align=""right""[^>]*>\d+" + NoBreakSpace + "%</td>").Count);
        Assert.Contains($"href=\"{BaseUrl}/surveys/{survey.SurveyId}/results\"", html);
        Assert.Matches($@"href=""{Regex.Escape(BaseUrl)}/avmeld/[A-Za-z0-9_-]+""", html);

        // A leader limited to AFT does not see the VTA action; actions for no unit are everyone's.
        var (aftText, _) = Bodies(Assert.Single(await WaitForEmailsAsync(Factory, Outbox, aftLeaderEmail)));
        Assert.DoesNotContain("Faste samtaler", aftText);
        Assert.Contains("Tavlemøte hver mandag", aftText);
    }

    [Fact]
    public async Task ASuppressedGroup_HasNoFigureInTheDigest_AsItHasNoneInTheApi()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        await AnswerAsync(Factory, survey.Tokens[0], Positions(1, 1, 1, 0, 0));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(1, 2, 1, 1, 1));
        await WaitForFoldsAsync(Factory, survey.RoundIds[0], 3);
        await WaitForFoldsAsync(Factory, survey.RoundIds[1], 6);
        var (leader, leaderEmail) = await SubscribedMemberAsync(Factory, survey.OrganisationId, OrganisationRole.Admin);
        var api = await Eventually.Until(async () => (await leader.GetFromJsonAsync<JsonObject>($"/api/surveys/{survey.SurveyId}/comparison"))!,
            c => (int?)c["after"]?["respondents"] == 6 && c["weakestItems"]!.AsArray().Any(l => l!["items"]!.AsArray().Count > 0),
            TimeSpan.FromSeconds(60), "the comparison with the later round's six answers");

        await RunTimerAsync(Factory);

        var (text, html) = Bodies(Assert.Single(await WaitForEmailsAsync(Factory, Outbox, leaderEmail)));
        var block = Section(text, "Svakeste spørsmål i Trivsel VTA (2026-før → 2026-etter)");
        var weakest = api["weakestItems"]!.AsArray().SelectMany(l => l!["items"]!.AsArray()).Take(3).ToList();
        foreach (var w in weakest)
        {
            var item = api["items"]!.AsArray().Single(i => (string?)i!["itemId"] == (string?)w!["itemId"])!;
            Assert.Equal("suppressed", (string?)item["status"]);
            Assert.Null(item["change"]);
            Assert.Contains((string)w!["text"]!["nb"]! + "\n  For få svar til å vise resultat\n", block);
        }
        // No share, count or bar anywhere for the suppressed comparison.
        Assert.DoesNotContain("%", block);
        Assert.DoesNotContain("Andel", block);
        Assert.DoesNotMatch(@"\d", Regex.Replace(block, @"https?://\S+|2026-før|2026-etter", ""));
        Assert.DoesNotContain("bgcolor", html);
        AssertMailSafe(html);
    }

    [Fact]
    public async Task AnEvaluationDateReached_ListsTheOpenAction_WithTheLinkedItemsResultAsTheResultsPageShowsIt()
    {
        var survey = await SurveyAsync(Factory, rounds: 2);
        var org = survey.OrganisationId;
        await AnswerAsync(Factory, survey.Tokens[0], Positions(1, 2, 2, 1, 0));
        await AnswerAsync(Factory, survey.Tokens[1], Positions(0, 1, 2, 2, 2));
        const string itemId = "WELLBEING-02";
        var linked = Linked(Action(org, "Evaluer tavlemøtene", ActionStatus.InProgress, 30, unit: "VTA", evaluationInDays: -2), survey, itemId);
        var unlinked = Action(org, "Tiltak uten spørsmål", ActionStatus.Planned, 30, evaluationInDays: 0);
        await AddActionsAsync(Factory, unlinked, linked,
            Action(org, "Evaluering i morgen", ActionStatus.Planned, 30, evaluationInDays: 1),
            Action(org, "Fullført og evaluert", ActionStatus.Done, -10, changedDaysAgo: 30, evaluationInDays: -1),
            Action(org, "Avbrutt før evaluering", ActionStatus.Dropped, -10, changedDaysAgo: 30, evaluationInDays: -1));
        var (leader, leaderEmail) = await SubscribedMemberAsync(Factory, org, OrganisationRole.Leader);
        var (_, aftLeaderEmail) = await SubscribedMemberAsync(Factory, org, OrganisationRole.Leader, units: ["AFT"]);
        var api = await WaitForComparisonAsync(leader, survey, 0, 1, 6, 7);

        await RunTimerAsync(Factory);

        var (text, html) = Bodies(Assert.Single(await WaitForEmailsAsync(Factory, Outbox, leaderEmail)));
        var section = Section(text, "Evalueringsdato nådd");
        // Open actions whose evaluation date is reached, the oldest date first; not tomorrow's, not done or dropped ones.
        var first = section.IndexOf("- Evaluer tavlemøtene (Pågår, ansvarlig: Avdelingsleder, evalueringsdato " + Date(-2) + ")\n", StringComparison.Ordinal);
        var second = section.IndexOf("- Tiltak uten spørsmål (Planlagt, ansvarlig: Avdelingsleder, evalueringsdato " + Date(0) + ")\n", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, section);
        Assert.DoesNotContain("Evaluering i morgen", section);
        Assert.DoesNotContain("Fullført og evaluert", section);
        Assert.DoesNotContain("Avbrutt før evaluering", section);
        Assert.Contains($"{BaseUrl}/leder/tiltak/{org}/{linked.Id}", section);

        // The linked item's change from the prompting round to the newest: the results page's share and the action's own verdict.
        var shares = await AssertLinkedResultAsync(leader, survey, api, itemId, linked.Id, section, indent: "  ");
        // The unlinked action has no result lines.
        Assert.DoesNotMatch(@"Tiltak uten spørsmål[^\n]*\n[^\n]*\n  Spørsmål", section);
        Assert.DoesNotContain(Secret, text);

        AssertMailSafe(html);
        Assert.Contains("Evalueringsdato nådd", html);
        Assert.Contains($"href=\"{BaseUrl}/leder/tiltak/{org}/{linked.Id}\"", html);
        Assert.Contains("Andel av de to beste svarene: " + shares, WebUtility.HtmlDecode(html));
        Assert.DoesNotContain(Secret, html);

        // A leader limited to AFT does not see the VTA action's evaluation; the organisation-wide one is everyone's.
        var (aftText, _) = Bodies(Assert.Single(await WaitForEmailsAsync(Factory, Outbox, aftLeaderEmail)));
        var aftSection = Section(aftText, "Evalueringsdato nådd");
        Assert.DoesNotContain("Evaluer tavlemøtene", aftSection);
        Assert.Contains("Tiltak uten spørsmål", aftSection);
    }

    [Fact]
    public async Task AnEvaluationDateReached_BelowTheMinimumGroupSize_ShowsTheResultWithoutFigures()
    {
        var survey = await SmallFirstRoundAsync(Factory);
        var org = survey.OrganisationId;
        var linked = Linked(Action(org, "Evaluer de små gruppene", ActionStatus.Planned, 30, evaluationInDays: 0), survey, "WELLBEING-01");
        await AddActionsAsync(Factory, linked);
        var (leader, leaderEmail) = await SubscribedMemberAsync(Factory, org, OrganisationRole.Admin);
        var evaluation = await Eventually.Until(async () => (await leader.GetFromJsonAsync<JsonObject>($"/api/organisations/{org}/actions/{linked.Id}"))!["evaluation"]!,
            e => (string?)e["status"] == "available", TimeSpan.FromSeconds(60), "the action's evaluation");
        Assert.Equal("suppressed", (string?)evaluation["itemStatus"]);
        Assert.Null(evaluation["change"]);

        await RunTimerAsync(Factory);

        var (text, html) = Bodies(Assert.Single(await WaitForEmailsAsync(Factory, Outbox, leaderEmail)));
        var section = Section(text, "Evalueringsdato nådd");
        Assert.Contains("- Evaluer de små gruppene (Planlagt, ansvarlig: Avdelingsleder, evalueringsdato " + Date(0) + ")", section);
        Assert.Contains("  Spørsmål: ", section);
        Assert.Contains("\n  For få svar til å vise resultat", section);
        // No share, count or percentage for the suppressed comparison: only the date and the link carry digits.
        Assert.DoesNotContain("%", section);
        Assert.DoesNotContain("Andel", section);
        Assert.DoesNotMatch(@"\d", Regex.Replace(section, @"https?://\S+|2026-før|2026-etter|" + Regex.Escape(Date(0)), ""));
        Assert.DoesNotContain("Andel av de to beste svarene:", html);
        AssertMailSafe(html);
    }

    /// <summary>
    /// An organisation with one action and two extra addresses (AMU, HR) whose weekly digest has been sent: the AMU
    /// address's e-mail and the path of its unsubscribe link.
    /// </summary>
    private async Task<(string Org, string Amu, string Hr, Eml AmuEmail, string UnsubscribePath)> TwoExtrasWithTheirDigestAsync()
    {
        var org = (await SurveyAsync(Factory, rounds: 1)).OrganisationId;
        await AddActionsAsync(Factory, Action(org, "Tavlemøte", ActionStatus.Planned, 7));
        var amu = $"amu-{Guid.NewGuid():N}@example.no";
        var hr = $"hr-{Guid.NewGuid():N}@example.no";
        await SetExtrasAsync(Factory, org, amu, hr);
        await RunTimerAsync(Factory);
        var email = Assert.Single(await WaitForEmailsAsync(Factory, Outbox, amu));
        var (text, _) = Bodies(email);
        return (org, amu, hr, email, Regex.Match(text, $@"{Regex.Escape(BaseUrl)}(/avmeld/[A-Za-z0-9_-]+)").Groups[1].Value);
    }

    [Fact]
    public async Task Unsubscribe_GetAsksFirst_PostTurnsItOff_AndTheNextRunSkipsTheRecipient()
    {
        var (org, amu, hr, email, link) = await TwoExtrasWithTheirDigestAsync();
        // Mail clients' own unsubscribe button (RFC 2369/8058) uses the same link.
        Assert.Equal($"<{BaseUrl}{link}>", email.Raw("List-Unsubscribe")!.Trim());
        Assert.Equal("List-Unsubscribe=One-Click", email.Raw("List-Unsubscribe-Post"));
        using var browser = Factory.CreateClient(); // not signed in

        // GET (what a mail scanner prefetches) shows a confirm button and changes nothing.
        using var page = await browser.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<form method=\"post\" action=\"{link}\">", html);
        Assert.Contains(amu, WebUtility.HtmlDecode(html));
        Assert.Equal(DigestFrequency.Weekly, await FrequencyAsync(org, amu));

        using var confirmed = await browser.PostAsync(link, null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Du er meldt av", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(DigestFrequency.Off, await FrequencyAsync(org, amu));
        using var again = await browser.GetAsync(link);
        Assert.Contains("Du er allerede meldt av", await again.Content.ReadAsStringAsync());

        // Next week: the other address gets its digest, the one that unsubscribed does not.
        await RunForAsync(Factory, DateTimeOffset.UtcNow.AddDays(7));
        Assert.Equal(2, (await WaitForEmailsAsync(Factory, Outbox, hr, count: 2)).Count);
        Assert.Single(EmailsTo(Outbox, amu));

        // Saving the list again does not opt the address back in.
        await SetExtrasAsync(Factory, org, amu, hr);
        Assert.Equal(DigestFrequency.Off, await FrequencyAsync(org, amu));
    }

    [Fact]
    public async Task AnExtraAddressThatUnsubscribed_CannotBeRemovedAndAddedBackByAnAdmin_ButCanSubscribeItselfAsAMember()
    {
        var (org, amu, hr, _, link) = await TwoExtrasWithTheirDigestAsync();
        using var browser = Factory.CreateClient();
        using (var unsubscribed = await browser.PostAsync(link, null)) Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        using var admin = await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Admin);
        var settings = $"/api/organisations/{org}/digest";

        // Removing it hides it from the list; removing and adding back an address that never unsubscribed is fine.
        using (var removed = await admin.PutAsJsonAsync(settings, new { extraRecipients = Array.Empty<string>() }))
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonObject>(settings))!["extraRecipients"]!.AsArray());

        // Adding it back (in any letter case) is refused, in bokmål and English, and nothing is saved.
        using (var refused = await admin.PutAsJsonAsync(settings, new { extraRecipients = new[] { hr, amu.ToUpperInvariant() } }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("Adressen har meldt seg av", (string?)problem["title"]);
            Assert.Contains(amu, (string?)problem["detail"]);
            Assert.Contains("melde seg på selv", (string?)problem["detail"]);
        }
        using (var english = new HttpRequestMessage(HttpMethod.Put, settings) { Content = JsonContent.Create(new { extraRecipients = new[] { amu } }) })
        {
            english.Headers.AcceptLanguage.ParseAdd("en");
            using var refused = await admin.SendAsync(english);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("unsubscribed from the digest themselves", await refused.Content.ReadAsStringAsync());
        }
        Assert.Empty((await admin.GetFromJsonAsync<JsonObject>(settings))!["extraRecipients"]!.AsArray());
        Assert.Equal(DigestFrequency.Off, await FrequencyAsync(org, amu));
        using (var readded = await admin.PutAsJsonAsync(settings, new { extraRecipients = new[] { hr } }))
            Assert.Equal(HttpStatusCode.OK, readded.StatusCode);
        Assert.Equal(DigestFrequency.Weekly, await FrequencyAsync(org, hr));

        // The person's own choice: as a leader of the organisation, the address opts in again and gets the next digest.
        using var person = await Factory.AsMemberAsync(amu, org, OrganisationRole.Leader);
        using (var optedIn = await person.PutAsJsonAsync($"/api/organisations/{org}/digest/subscription", new { frequency = "weekly" }))
            Assert.Equal(HttpStatusCode.OK, optedIn.StatusCode);
        Assert.Equal(DigestFrequency.Weekly, await FrequencyAsync(org, amu));
        await RunForAsync(Factory, DateTimeOffset.UtcNow.AddDays(7));
        Assert.Equal(2, (await WaitForEmailsAsync(Factory, Outbox, amu, count: 2)).Count);
    }

    [Fact]
    public async Task AOneClickUnsubscribeFromTheMailProvider_TurnsTheDigestOff()
    {
        var org = (await SurveyAsync(Factory, rounds: 1)).OrganisationId;
        await AddActionsAsync(Factory, Action(org, "Tavlemøte", ActionStatus.Planned, 7));
        var amu = $"amu-{Guid.NewGuid():N}@example.no";
        await SetExtrasAsync(Factory, org, amu);
        await RunTimerAsync(Factory);
        var email = Assert.Single(await WaitForEmailsAsync(Factory, Outbox, amu));
        var url = email.Raw("List-Unsubscribe")!.Trim().Trim('<', '>');
        using var provider = Factory.CreateClient(); // RFC 8058: a POST with this form body, no cookie, no Origin

        using var response = await provider.PostAsync(new Uri(url).PathAndQuery,
            new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DigestFrequency.Off, await FrequencyAsync(org, amu));
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task AnUnknownOrMalformedUnsubscribeToken_IsA404Page_NeverAServerError(string token)
    {
        using var browser = Factory.CreateClient();

        using var get = await browser.GetAsync($"/avmeld/{token}");
        using var post = await browser.PostAsync($"/avmeld/{token}", null);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("text/html", get.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Lenken virker ikke", await get.Content.ReadAsStringAsync());
        Assert.DoesNotContain("<script>alert", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OptingIn_IsForMembersOfTheOrganisation_AndExtraAddressesForItsAdmins()
    {
        var org = (await SurveyAsync(Factory, rounds: 1)).OrganisationId;
        var other = (await SurveyAsync(Factory, rounds: 1)).OrganisationId;
        using var anonymous = Factory.CreateClient();
        using var outsider = await Factory.AsMemberAsync($"x-{Guid.NewGuid():N}@example.no", other, OrganisationRole.Admin);
        using var leader = await Factory.AsMemberAsync($"l-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Leader);
        using var admin = await Factory.AsMemberAsync($"a-{Guid.NewGuid():N}@example.no", org, OrganisationRole.Admin);
        var subscription = $"/api/organisations/{org}/digest/subscription";
        var settings = $"/api/organisations/{org}/digest";

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync(subscription, new { frequency = "weekly" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(settings)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PutAsJsonAsync(subscription, new { frequency = "weekly" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(subscription)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PutAsJsonAsync(settings, new { extraRecipients = new[] { "amu@example.no" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PutAsJsonAsync(settings, new { extraRecipients = new[] { "amu@example.no" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync(settings)).StatusCode);
        // The platform admin is not a member and cannot subscribe on anyone's behalf.
        using var platform = Factory.AsAdmin();
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.PutAsJsonAsync(subscription, new { frequency = "weekly" })).StatusCode);

        Assert.Equal("off", (string?)(await leader.GetFromJsonAsync<JsonObject>(subscription))!["frequency"]);
        using (var ok = await leader.PutAsJsonAsync(subscription, new { frequency = "Daily" }))
            Assert.Equal("daily", (string?)(await ok.Content.ReadFromJsonAsync<JsonObject>())!["frequency"]);
        Assert.Equal("daily", (string?)(await leader.GetFromJsonAsync<JsonObject>(subscription))!["frequency"]);
        using (var bad = await leader.PutAsJsonAsync(subscription, new { frequency = "hourly" }))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var numeric = await leader.PutAsJsonAsync(subscription, new { frequency = "1" }))
            Assert.Equal(HttpStatusCode.BadRequest, numeric.StatusCode);

        using (var invalid = await admin.PutAsJsonAsync(settings, new { extraRecipients = new[] { "amu@example.no", "not an address" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Contains("not an address", await invalid.Content.ReadAsStringAsync());
        }
        using (var saved = await admin.PutAsJsonAsync(settings, new { extraRecipients = new[] { "AMU@Example.no" } }))
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var list = (await admin.GetFromJsonAsync<JsonObject>(settings))!;
        Assert.Equal("amu@example.no", (string?)Assert.Single(list["extraRecipients"]!.AsArray())!["email"]);
        Assert.Equal("daily", (string?)Assert.Single(list["members"]!.AsArray())!["frequency"]);
    }

    [Fact]
    public async Task RunNowThroughTheHostsAdminApi_AsScriptsRunTimerDoes_SendsTheDigest()
    {
        var org = (await SurveyAsync(Factory, rounds: 1)).OrganisationId;
        await AddActionsAsync(Factory, Action(org, "Tavlemøte", ActionStatus.Planned, 7));
        var amu = $"amu-{Guid.NewGuid():N}@example.no";
        await SetExtrasAsync(Factory, org, amu);
        Assert.Contains("/admin/functions/$NAME", File.ReadAllText(Path.Combine(RepoRoot.Path, "scripts", "run-timer.sh")));

        // What func and Azure offer to run a timer now: POST /admin/functions/SendDigests {"input":""} (202), in the worker.
        await Factory.RunFunctionAsync("SendDigests");

        Assert.Single(await WaitForEmailsAsync(Factory, Outbox, amu));
    }

    private async Task<DigestFrequency?> FrequencyAsync(string org, string email) =>
        (await Factory.Get<DigestStore>().GetAsync(org, DigestStore.KeyOf(email), default))?.Frequency;


    /// <summary>The lines under a heading of the plain-text part, up to the next blank line.</summary>
    private static string Section(string text, string heading)
    {
        var match = Regex.Match(text.ReplaceLineEndings("\n"), $@"^{Regex.Escape(heading)}\n(.*?)\n\n", RegexOptions.Singleline | RegexOptions.Multiline);
        Assert.True(match.Success, $"no section «{heading}» in:\n{text}");
        return match.Groups[1].Value;
    }

    /// <summary>A no-break space in HTML, however it is written (as a character or a character reference), for regular expressions.</summary>
    internal const string NoBreakSpace = "(?:\u00A0|&#160;|&#xA0;|&nbsp;)";

    /// <summary>What mail clients need, checked on the markup's own tags (text from data is encoded, so it has
    /// none): no script, image, frame, form or other external resource, no style sheet, classes or event handlers.</summary>
    internal static void AssertMailSafe(string html)
    {
        var tags = Regex.Matches(html, "<[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(tags);
        Assert.DoesNotContain(tags, t => Regex.IsMatch(t, @"^<\s*(script|img|link|style|iframe|object|embed|form|input|svg|video|audio)\b", RegexOptions.IgnoreCase));
        Assert.DoesNotContain(tags, t => Regex.IsMatch(t, @"\s(class|src|srcset|background|on[a-z]+)\s*=", RegexOptions.IgnoreCase));
        Assert.DoesNotContain(tags, t => t.Contains("url(", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(tags, t => Regex.IsMatch(t, @"href=""(?!https?://)", RegexOptions.IgnoreCase)); // links are absolute
    }
}
