using Microsoft.Azure.Functions.Worker;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Review;
using Surveys.Model;
using static Surveys.Functions.Pages.HtmlPage;

namespace Surveys.Functions.Actions;

/// <summary>
/// The improvement-action pages for signed-in leaders, bokmål first (<c>?lang=en</c> for English):
/// <c>/surveys/{surveyId}/actions/new?item=&amp;round=</c> (the form, prefilled from a weakest item of the
/// results page, or blank), <c>/leder/tiltak</c> (the list per organisation, filtered) and
/// <c>/leder/tiltak/{orgId}/{actionId}</c> (view, edit, notes, history and the evaluation result).
/// Forms submit to the actions API with a small inline script; errors are shown next to their fields.
/// </summary>
public static class ActionPages
{
    [Function("NewActionPage")]
    public static Task NewActionPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "surveys/{surveyId}/actions/new")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, NewAsync);

    [Function("ActionsPage")]
    public static Task ActionsPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/tiltak")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListAsync);

    [Function("ActionPage")]
    public static Task ActionPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/tiltak/{orgId}/{actionId}")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ViewAsync);

    // ---------------------------------------------------------------- new action

    internal static async Task<IResult> NewAsync(string surveyId, string? item, string? round, HttpContext http, AccessPolicy access,
        CatalogStore catalog, ComparisonService comparisons)
    {
        var r = http.Request;
        var ct = http.RequestAborted;
        try
        {
            var (organisationId, membership) = await access.RequireSurveyAsync(http, surveyId);
            var survey = await catalog.LoadSurveyAsync(organisationId, surveyId, ct) ?? throw ApiProblemException.NotFound("undersøkelsen", "The survey");
            var organisation = await catalog.GetOrganisationAsync(organisationId, ct);
            var rounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(surveyId, ct));
            var language = English(r) ? Language.English : Language.Norwegian;
            var theItem = string.IsNullOrWhiteSpace(item) ? null : survey.FindItem(item.Trim());
            var theRound = string.IsNullOrWhiteSpace(round) ? null : rounds.FirstOrDefault(x => x.Id == round.Trim());

            var body = new StringBuilder()
                .Append(Back(r))
                .Append("<h1>").Append(r.T("Nytt forbedringstiltak", "New improvement action")).Append("</h1>")
                .Append("<p class=\"muted\">").Append(E(survey.Title)).Append("</p>");
            if (!string.IsNullOrWhiteSpace(item) && theItem is null)
                body.Append("<p class=\"note\">").Append(r.T("Spørsmålet finnes ikke i undersøkelsen; tiltaket lages uten kobling til et spørsmål.",
                    "The question is not part of the survey; the action is made without a link to a question.")).Append("</p>");

            string? prefillTitle = null;
            if (theItem is not null)
            {
                var text = survey.RenderText(theItem, language);
                prefillTitle = Truncate($"{(theItem.ShortCode is { } code ? code + ": " : "")}{text}", ActionRules.TitleMaxLength);
                body.Append("<section class=\"note\" aria-labelledby=\"item-h\"><h2 id=\"item-h\">").Append(r.T("Spørsmålet", "The question")).Append("</h2><p>")
                    .Append(theItem.ShortCode is { } c ? $"<strong>{E(c)}</strong> " : "").Append(E(text)).Append("</p>");
                var trend = rounds.Count == 0 ? new JsonObject() : await comparisons.GetTrendAsync(organisationId, surveyId, ct);
                body.Append("<p id=\"latest-result\">").Append(LatestResult(r, trend, theItem.Id, theRound, rounds)).Append("</p></section>");
            }

            var model = new FormModel(
                Method: "POST",
                Url: $"/api/organisations/{organisationId}/actions",
                ETag: null,
                OrganisationId: organisationId,
                Title: prefillTitle,
                Description: null, OwnerName: null, OwnerEmail: null, DueDate: null, Status: ActionStatus.Planned, Origin: null,
                EvaluationRoundId: null, EvaluationDate: null, EvaluationNote: null, Smart: SmartChecklist.None,
                Hidden: new Dictionary<string, string?>
                {
                    ["surveyId"] = surveyId,
                    ["itemId"] = theItem?.Id,
                    ["promptingRoundId"] = theItem is null ? null : theRound?.Id,
                },
                Rounds: theRound is null ? rounds : rounds.SkipWhile(x => x.Id != theRound.Id).Skip(1).ToList(),
                Units: membership?.Units is { Count: > 0 } mine ? mine : organisation?.Units ?? [],
                UnitRequired: membership?.Units is { Count: > 0 });
            body.Append(Form(r, model, r.T("Lagre tiltaket", "Save the action")));
            return Render(http, r.T("Nytt forbedringstiltak", "New improvement action"), body.ToString(), script: FormScript, css: Css);
        }
        catch (ApiProblemException e)
        {
            return Problem(http, e);
        }
    }

    /// <summary>The item's result in the round (or its latest round with answers), from the stored trend: suppressed stays suppressed.</summary>
    private static string LatestResult(HttpRequest r, JsonObject trend, string itemId, Round? round, IReadOnlyList<Round> rounds)
    {
        var english = English(r);
        var points = (trend["items"]?.AsArray() ?? []).FirstOrDefault(i => (string?)i?["itemId"] == itemId)?["points"]?.AsArray() ?? [];
        JsonNode? point = round is null
            ? points.LastOrDefault(p => (string?)p?["status"] is "shown" or "tooFewAnswers")
            : points.FirstOrDefault(p => (string?)p?["roundId"] == round.Id);
        if (point is null) return r.T("Ingen resultater for spørsmålet ennå.", "No results for the question yet.");
        var label = rounds.FirstOrDefault(x => x.Id == (string?)point["roundId"])?.Label ?? (string?)point["roundId"];
        var prefix = r.T($"Resultat i {E(label)}: ", $"Result in {E(label)}: ");
        if (point["summary"] is not JsonObject summary) return prefix + E(Loc(point["message"], english) ?? r.T("Ingen resultat.", "No result."));
        var parts = new List<string>();
        if (Loc(summary["meanText"], english) is { } mean) parts.Add($"{r.T("snitt", "mean")} {E(mean)}");
        if (summary["bottomTwo"]?["share"] is JsonValue share && share.TryGetValue(out double s))
        {
            var pct = Math.Round(100 * s).ToString(CultureInfo.InvariantCulture) + (english ? "%" : "\u00A0%");
            parts.Add(r.T($"{pct} ga et av de to laveste svarene", $"{pct} gave one of the two lowest answers"));
        }
        parts.Add($"n = {(int?)summary["n"]}");
        return prefix + string.Join(" · ", parts);
    }

    // ---------------------------------------------------------------- list

    internal static async Task<IResult> ListAsync(string? status, string? survey, string? overdue, HttpContext http, AccessPolicy access,
        CatalogStore catalog, ActionService actions)
    {
        var r = http.Request;
        var ct = http.RequestAborted;
        var caller = await access.CallerAsync(http);
        if (!caller.IsAuthenticated || caller.IsPlatformAdmin) return SignIn(http);
        var english = English(r);
        var lang = english ? "?lang=en" : "";
        ActionStatus? wanted = ActionService.TryParseStatus(status, out var s) ? s : null;
        var overdueOnly = overdue is "1" or "true" or "on";
        var today = actions.Today;

        var organisations = new List<(Organisation Organisation, Membership Membership, IReadOnlyList<StoredSurvey> Surveys)>();
        foreach (var (organisationId, membership) in caller.Organisations.OrderBy(o => o.Key, StringComparer.Ordinal))
            if (await catalog.GetOrganisationAsync(organisationId, ct) is { } organisation)
                organisations.Add((organisation, membership, await catalog.ListSurveysAsync(organisationId, ct)));

        var body = new StringBuilder()
            .Append("<nav><a href=\"/leder").Append(lang).Append("\">← ").Append(r.T("Dine undersøkelser", "Your surveys")).Append("</a></nav>")
            .Append("<h1>").Append(r.T("Forbedringstiltak", "Improvement actions")).Append("</h1>")
            .Append("<form method=\"get\" action=\"/leder/tiltak\" class=\"filters\">");
        if (english) body.Append("<input type=\"hidden\" name=\"lang\" value=\"en\">");
        body.Append("<label for=\"f-status\">").Append(r.T("Status", "Status")).Append("</label><select id=\"f-status\" name=\"status\"><option value=\"\">")
            .Append(r.T("Alle", "All")).Append("</option>");
        foreach (var st in Enum.GetValues<ActionStatus>())
            body.Append("<option value=\"").Append(st).Append('"').Append(st == wanted ? " selected" : "").Append('>').Append(E(Label(ActionLabels.Of(st), english))).Append("</option>");
        body.Append("</select><label for=\"f-survey\">").Append(r.T("Undersøkelse", "Survey")).Append("</label><select id=\"f-survey\" name=\"survey\"><option value=\"\">")
            .Append(r.T("Alle", "All")).Append("</option>");
        foreach (var sv in organisations.SelectMany(o => o.Surveys).OrderBy(x => x.Title, StringComparer.CurrentCulture))
            body.Append("<option value=\"").Append(E(sv.Id)).Append('"').Append(sv.Id == survey ? " selected" : "").Append('>').Append(E(sv.Title)).Append("</option>");
        body.Append("</select><label class=\"check\"><input type=\"checkbox\" name=\"overdue\" value=\"1\"").Append(overdueOnly ? " checked" : "").Append("> ")
            .Append(r.T("Bare forfalte", "Overdue only")).Append("</label><button type=\"submit\">").Append(r.T("Vis", "Show")).Append("</button></form>");

        foreach (var (organisation, membership, surveys) in organisations)
        {
            var list = (await actions.ListVisibleAsync(organisation.Id, membership, ct))
                .Where(a => wanted is null || a.Status == wanted)
                .Where(a => string.IsNullOrWhiteSpace(survey) || a.SurveyId == survey)
                .Where(a => !overdueOnly || a.IsOverdue(today))
                .OrderBy(a => a.IsOpen ? 0 : 1).ThenBy(a => a.DueDate ?? DateOnly.MaxValue).ToList();
            body.Append("<section><h2>").Append(E(organisation.Name)).Append("</h2>");
            if (surveys.Count > 0)
            {
                body.Append("<p>").Append(r.T("Nytt tiltak for: ", "New action for: "))
                    .Append(string.Join(" · ", surveys.Select(x => $"<a href=\"/surveys/{E(x.Id)}/actions/new{lang}\">{E(x.Title)}</a>"))).Append("</p>");
            }
            if (list.Count == 0)
            {
                body.Append("<p>").Append(r.T("Ingen tiltak her.", "No actions here.")).Append("</p></section>");
                continue;
            }
            body.Append("<table class=\"actions\"><thead><tr><th scope=\"col\">").Append(r.T("Tiltak", "Action")).Append("</th><th scope=\"col\">")
                .Append(r.T("Status", "Status")).Append("</th><th scope=\"col\">").Append(r.T("Ansvarlig", "Owner")).Append("</th><th scope=\"col\">")
                .Append(r.T("Frist", "Due")).Append("</th><th scope=\"col\">").Append(r.T("Undersøkelse", "Survey")).Append("</th></tr></thead><tbody>");
            foreach (var a in list)
            {
                var late = a.IsOverdue(today);
                body.Append("<tr").Append(late ? " class=\"overdue\"" : "").Append(" data-action=\"").Append(E(a.Id)).Append("\"><td><a href=\"/leder/tiltak/")
                    .Append(E(organisation.Id)).Append('/').Append(E(a.Id)).Append(lang).Append("\">").Append(E(a.Title)).Append("</a>")
                    .Append(a.Unit is null ? "" : $" <span class=\"muted\">({E(a.Unit)})</span>").Append("</td><td>")
                    .Append(E(Label(ActionLabels.Of(a.Status), english))).Append("</td><td>").Append(E(a.OwnerName ?? "–")).Append("</td><td>")
                    .Append(E(Date(a.DueDate) ?? "–"));
                if (late) body.Append(" <strong class=\"late\">⚠ ").Append(r.T("Forfalt", "Overdue")).Append("</strong>");
                body.Append("</td><td>").Append(E(surveys.FirstOrDefault(x => x.Id == a.SurveyId)?.Title ?? "–")).Append("</td></tr>");
            }
            body.Append("</tbody></table></section>");
        }
        if (organisations.Count == 0) body.Append("<p>").Append(r.T("Du er ikke med i noen organisasjon.", "You are not in any organisation.")).Append("</p>");
        return Render(http, r.T("Forbedringstiltak", "Improvement actions"), body.ToString(), css: Css);
    }

    // ---------------------------------------------------------------- one action

    internal static async Task<IResult> ViewAsync(string orgId, string actionId, HttpContext http, CatalogStore catalog, ActionService actions)
    {
        var r = http.Request;
        var ct = http.RequestAborted;
        try
        {
            var found = await actions.RequireActionAsync(http, orgId, actionId, edit: false);
            var a = found.Action;
            var english = English(r);
            var language = english ? Language.English : Language.Norwegian;
            var canEdit = ActionService.CanEdit(found.Membership, a);
            var survey = a.SurveyId is null ? null : await catalog.LoadSurveyAsync(orgId, a.SurveyId, ct);
            var rounds = a.SurveyId is null ? [] : ComparisonService.Ordered(await catalog.ListRoundsAsync(a.SurveyId, ct));
            var evaluation = await actions.EvaluationAsync(a, ct);

            var body = new StringBuilder()
                .Append("<nav><a href=\"/leder/tiltak").Append(english ? "?lang=en" : "").Append("\">← ").Append(r.T("Alle tiltak", "All actions")).Append("</a></nav>")
                .Append("<h1>").Append(E(a.Title)).Append("</h1>")
                .Append("<p><strong>").Append(r.T("Status: ", "Status: ")).Append("</strong><span id=\"status\">").Append(E(Label(ActionLabels.Of(a.Status), english))).Append("</span>");
            if (a.IsOverdue(actions.Today))
                body.Append(" <strong class=\"late\">⚠ ").Append(r.T($"Forfalt (frist {Date(a.DueDate)})", $"Overdue (due {Date(a.DueDate)})")).Append("</strong>");
            body.Append("</p>");
            if (survey is not null)
            {
                body.Append("<p class=\"muted\">").Append(E(survey.Title));
                if (a.ItemId is not null && survey.FindItem(a.ItemId) is { } item)
                    body.Append(" · ").Append(item.ShortCode is { } code ? $"<strong>{E(code)}</strong> " : "").Append(E(survey.RenderText(item, language)));
                if (rounds.FirstOrDefault(x => x.Id == a.PromptingRoundId) is { } prompting)
                    body.Append(" · ").Append(r.T("fra runden ", "from the round ")).Append(E(prompting.Label));
                body.Append("</p>");
            }
            if (!canEdit)
                body.Append("<p class=\"note\">").Append(r.T("Du kan se dette tiltaket, men bare endre tiltak for dine egne enheter.",
                    "You can see this action, but only change actions of your own units.")).Append("</p>");

            Evaluation(body, r, evaluation);

            body.Append("<h2>").Append(r.T("Tiltaket", "The action")).Append("</h2>");
            var model = new FormModel("PATCH", $"/api/organisations/{orgId}/actions/{a.Id}", found.ETag.ToString(), orgId, a.Title, a.Description, a.OwnerName,
                a.OwnerEmail, a.DueDate, a.Status, a.Origin, a.EvaluationRoundId, a.EvaluationDate, a.EvaluationNote, a.Smart,
                new Dictionary<string, string?>(),
                a.PromptingRoundId is null ? rounds : rounds.SkipWhile(x => x.Id != a.PromptingRoundId).Skip(1).ToList(),
                [], false, ReadOnly: !canEdit);
            body.Append(Form(r, model, r.T("Lagre endringene", "Save the changes")));

            body.Append("<section aria-labelledby=\"notes-h\"><h2 id=\"notes-h\">").Append(r.T("Notater", "Notes")).Append("</h2>");
            if (a.Notes.Count == 0) body.Append("<p>").Append(r.T("Ingen notater ennå.", "No notes yet.")).Append("</p>");
            else
            {
                body.Append("<ul class=\"notes\">");
                foreach (var note in a.Notes)
                    body.Append("<li><strong>").Append(E(Date(note.Date))).Append("</strong> ").Append(E(note.Author)).Append("<br>").Append(E(note.Text)).Append("</li>");
                body.Append("</ul>");
            }
            if (canEdit && a.Notes.Count < ActionRules.MaxNotes)
            {
                body.Append("<form id=\"note-form\" data-url=\"/api/organisations/").Append(E(orgId)).Append("/actions/").Append(E(a.Id)).Append("/notes\" data-lang=\"")
                    .Append(english ? "en" : "nb").Append("\"><label for=\"note-text\">").Append(r.T("Nytt notat", "New note")).Append("</label>")
                    .Append("<textarea id=\"note-text\" name=\"text\" rows=\"3\" maxlength=\"").Append(ActionRules.NoteMaxLength).Append("\" aria-describedby=\"err-text\"></textarea>")
                    .Append("<p class=\"error field-error\" id=\"err-text\" hidden></p>")
                    .Append("<button type=\"submit\">").Append(r.T("Legg til notat", "Add note")).Append("</button></form>");
            }
            body.Append("</section>");

            body.Append("<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">").Append(r.T("Historikk", "History")).Append("</h2><table><thead><tr><th scope=\"col\">")
                .Append(r.T("Når", "When")).Append("</th><th scope=\"col\">").Append(r.T("Hvem", "Who")).Append("</th><th scope=\"col\">")
                .Append(r.T("Fra", "From")).Append("</th><th scope=\"col\">").Append(r.T("Til", "To")).Append("</th></tr></thead><tbody>");
            var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
            foreach (var change in a.History)
            {
                body.Append("<tr><td>").Append(E(TimeZoneInfo.ConvertTime(change.At, oslo).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append("</td><td>")
                    .Append(E(change.By ?? "–")).Append("</td><td>").Append(change.From is { } from ? E(Label(ActionLabels.Of(from), english)) : r.T("(opprettet)", "(created)"))
                    .Append("</td><td>").Append(E(Label(ActionLabels.Of(change.To), english))).Append("</td></tr>");
            }
            body.Append("</tbody></table></section>");
            return Render(http, a.Title, body.ToString(), script: FormScript, css: Css);
        }
        catch (ApiProblemException e)
        {
            return Problem(http, e);
        }
    }

    /// <summary>The evaluation: the item's change read from the stored comparison, or why there is none yet.</summary>
    private static void Evaluation(StringBuilder body, HttpRequest r, JsonObject? evaluation)
    {
        if (evaluation is null) return;
        var english = English(r);
        body.Append("<section class=\"evaluation\" aria-labelledby=\"evaluation-h\"><h2 id=\"evaluation-h\">").Append(r.T("Resultat av tiltaket", "Result of the action")).Append("</h2>");
        var prompting = (string?)evaluation["promptingRound"]?["label"];
        var evaluating = (string?)evaluation["evaluationRound"]?["label"];
        if ((string?)evaluation["status"] != "available")
        {
            body.Append("<p class=\"message\">").Append(E(Loc(evaluation["message"], english))).Append("</p></section>");
            return;
        }
        body.Append("<p>").Append(r.T($"Endring fra {E(prompting)} til {E(evaluating)}:", $"Change from {E(prompting)} to {E(evaluating)}:")).Append("</p>");
        var verdict = evaluation["verdict"];
        body.Append("<p class=\"verdict\"><strong>").Append(E(Loc(verdict?["text"], english))).Append("</strong>");
        if (Loc(verdict?["detail"], english) is { } detail) body.Append(": ").Append(E(detail));
        body.Append("</p>");
        if (evaluation["change"] is JsonObject change)
        {
            body.Append("<table><thead><tr><th scope=\"col\"></th><th scope=\"col\">").Append(E(prompting)).Append("</th><th scope=\"col\">").Append(E(evaluating))
                .Append("</th></tr></thead><tbody>");
            Row(body, "n", (int?)change["before"]?["n"] is { } nb ? nb.ToString(CultureInfo.InvariantCulture) : "–", (int?)change["after"]?["n"] is { } na ? na.ToString(CultureInfo.InvariantCulture) : "–");
            if (change["before"]?["meanText"] is not null)
                Row(body, r.T("Snitt", "Mean"), Loc(change["before"]?["meanText"], english) ?? "–", Loc(change["after"]?["meanText"], english) ?? "–");
            if (change["before"]?["topTwo"] is JsonObject)
                Row(body, r.T("To beste svar", "Top two"), Share(change["before"]?["topTwo"]?["share"], english), Share(change["after"]?["topTwo"]?["share"], english));
            if (change["before"]?["bottomTwo"] is JsonObject)
                Row(body, r.T("To laveste svar", "Bottom two"), Share(change["before"]?["bottomTwo"]?["share"], english), Share(change["after"]?["bottomTwo"]?["share"], english));
            body.Append("</tbody></table>");
        }
        body.Append("</section>");
    }

    private static void Row(StringBuilder body, string name, string before, string after) =>
        body.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td>").Append(E(before)).Append("</td><td>").Append(E(after)).Append("</td></tr>");

    private static string Share(JsonNode? share, bool english) =>
        share is JsonValue v && v.TryGetValue(out double s) ? Math.Round(100 * s).ToString(CultureInfo.InvariantCulture) + (english ? "%" : "\u00A0%") : "–";

    // ---------------------------------------------------------------- the form

    private sealed record FormModel(string Method, string Url, string? ETag, string OrganisationId, string? Title, string? Description, string? OwnerName,
        string? OwnerEmail, DateOnly? DueDate, ActionStatus Status, ActionOrigin? Origin, string? EvaluationRoundId, DateOnly? EvaluationDate,
        string? EvaluationNote, SmartChecklist Smart, IReadOnlyDictionary<string, string?> Hidden, IReadOnlyList<Round> Rounds,
        IReadOnlyList<string> Units, bool UnitRequired, bool ReadOnly = false);

    private static string Form(HttpRequest r, FormModel m, string submit)
    {
        var english = English(r);
        var html = new StringBuilder("<form id=\"action-form\" novalidate data-method=\"").Append(m.Method).Append("\" data-url=\"").Append(E(m.Url))
            .Append("\" data-org=\"").Append(E(m.OrganisationId)).Append("\" data-lang=\"").Append(english ? "en" : "nb").Append('"');
        if (m.ETag is not null) html.Append(" data-etag=\"").Append(E(m.ETag)).Append('"');
        html.Append("><div id=\"form-error\" class=\"error\" role=\"alert\" tabindex=\"-1\" hidden></div>");
        if (m.ReadOnly) html.Append("<fieldset disabled>");
        foreach (var (name, value) in m.Hidden)
            if (value is not null) html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(E(value)).Append("\">");

        Input(html, "title", r.T("Tittel", "Title"), m.Title, maxLength: ActionRules.TitleMaxLength, required: true);
        TextArea(html, "description", r.T("Beskrivelse: hva skal gjøres?", "Description: what will be done?"), m.Description, ActionRules.DescriptionMaxLength);
        Input(html, "ownerName", r.T("Ansvarlig (navn eller rolle)", "Owner (name or role)"), m.OwnerName, maxLength: ActionRules.OwnerNameMaxLength,
            hint: r.T("Må fylles ut for «Planlagt».", "Required for «Planned».") );
        Input(html, "ownerEmail", r.T("Ansvarligs e-post (valgfritt)", "Owner's e-mail (optional)"), m.OwnerEmail, type: "email", maxLength: ActionRules.OwnerEmailMaxLength);
        Input(html, "dueDate", r.T("Frist", "Due date"), Date(m.DueDate), type: "date", hint: r.T("Må fylles ut for «Planlagt».", "Required for «Planned»."));

        html.Append("<label for=\"f-statusField\">").Append(r.T("Status", "Status")).Append("</label><select id=\"f-statusField\" name=\"status\" aria-describedby=\"err-status\">");
        foreach (var st in Enum.GetValues<ActionStatus>())
            html.Append("<option value=\"").Append(st).Append('"').Append(st == m.Status ? " selected" : "").Append('>').Append(E(Label(ActionLabels.Of(st), english))).Append("</option>");
        html.Append("</select>").Append(ErrorSlot("status"));

        html.Append("<label for=\"f-origin\">").Append(r.T("Hvem foreslo tiltaket?", "Who proposed the action?")).Append("</label><select id=\"f-origin\" name=\"origin\" aria-describedby=\"err-origin\"><option value=\"\">")
            .Append(r.T("(ikke oppgitt)", "(not given)")).Append("</option>");
        foreach (var o in Enum.GetValues<ActionOrigin>())
            html.Append("<option value=\"").Append(o).Append('"').Append(o == m.Origin ? " selected" : "").Append('>').Append(E(Label(ActionLabels.Of(o), english))).Append("</option>");
        html.Append("</select>").Append(ErrorSlot("origin"));

        if (m.Units.Count > 0)
        {
            html.Append("<label for=\"f-unit\">").Append(r.T("Enhet", "Unit")).Append("</label><select id=\"f-unit\" name=\"unit\" aria-describedby=\"err-unit\">");
            if (!m.UnitRequired) html.Append("<option value=\"\">").Append(r.T("Hele organisasjonen", "The whole organisation")).Append("</option>");
            foreach (var u in m.Units) html.Append("<option value=\"").Append(E(u)).Append("\">").Append(E(u)).Append("</option>");
            html.Append("</select>").Append(ErrorSlot("unit"));
        }

        html.Append("<fieldset class=\"smart\"><legend>").Append(r.T("SMART-sjekkliste", "SMART checklist")).Append("</legend>");
        foreach (var (key, nb, en, on) in new[]
        {
            ("specific", "Spesifikk", "Specific", m.Smart.Specific), ("measurable", "Målbar", "Measurable", m.Smart.Measurable),
            ("attractive", "Attraktiv", "Attractive", m.Smart.Attractive), ("realistic", "Realistisk", "Realistic", m.Smart.Realistic),
            ("timeBound", "Tidsbestemt", "Time-bound", m.Smart.TimeBound), ("evaluated", "Evaluert", "Evaluated", m.Smart.Evaluated),
        })
            html.Append("<label class=\"check\"><input type=\"checkbox\" name=\"smart.").Append(key).Append('"').Append(on ? " checked" : "").Append("> ").Append(r.T(nb, en)).Append("</label>");
        html.Append("</fieldset>");

        html.Append("<fieldset><legend>").Append(r.T("Evaluering", "Evaluation")).Append("</legend>")
            .Append("<label for=\"f-evaluationRoundId\">").Append(r.T("Runden som måler effekten", "The round that measures the effect")).Append("</label>")
            .Append("<select id=\"f-evaluationRoundId\" name=\"evaluationRoundId\" aria-describedby=\"err-evaluationRoundId\"><option value=\"\">")
            .Append(r.T("Neste runde med svar", "The next round with answers")).Append("</option>");
        foreach (var round in m.Rounds)
            html.Append("<option value=\"").Append(E(round.Id)).Append('"').Append(round.Id == m.EvaluationRoundId ? " selected" : "").Append('>').Append(E(round.Label)).Append("</option>");
        html.Append("</select>").Append(ErrorSlot("evaluationRoundId"));
        Input(html, "evaluationDate", r.T("Evalueringsdato", "Evaluation date"), Date(m.EvaluationDate), type: "date", hint: r.T("Må fylles ut for «Fullført».", "Required for «Done»."));
        TextArea(html, "evaluationNote", r.T("Evalueringsnotat: hva ble resultatet?", "Evaluation note: what was the result?"), m.EvaluationNote, ActionRules.EvaluationNoteMaxLength,
            hint: r.T("Må fylles ut for «Fullført».", "Required for «Done»."));
        html.Append("</fieldset>");
        if (m.ReadOnly) html.Append("</fieldset>");
        else html.Append("<p><button type=\"submit\">").Append(E(submit)).Append("</button> <output id=\"form-status\" aria-live=\"polite\"></output></p>");
        return html.Append("</form>").ToString();
    }

    private static void Input(StringBuilder html, string name, string label, string? value, string type = "text", int? maxLength = null, bool required = false, string? hint = null)
    {
        html.Append("<label for=\"f-").Append(name).Append("\">").Append(E(label)).Append("</label>");
        if (hint is not null) html.Append("<span class=\"hint muted\" id=\"hint-").Append(name).Append("\">").Append(E(hint)).Append("</span>");
        html.Append("<input id=\"f-").Append(name).Append("\" name=\"").Append(name).Append("\" type=\"").Append(type).Append('"')
            .Append(value is null ? "" : $" value=\"{E(value)}\"").Append(maxLength is { } max ? $" maxlength=\"{max}\"" : "").Append(required ? " required" : "")
            .Append(" aria-describedby=\"").Append(hint is null ? "" : $"hint-{name} ").Append("err-").Append(name).Append("\">").Append(ErrorSlot(name));
    }

    private static void TextArea(StringBuilder html, string name, string label, string? value, int maxLength, string? hint = null)
    {
        html.Append("<label for=\"f-").Append(name).Append("\">").Append(E(label)).Append("</label>");
        if (hint is not null) html.Append("<span class=\"hint muted\" id=\"hint-").Append(name).Append("\">").Append(E(hint)).Append("</span>");
        html.Append("<textarea id=\"f-").Append(name).Append("\" name=\"").Append(name).Append("\" rows=\"4\" maxlength=\"").Append(maxLength)
            .Append("\" aria-describedby=\"").Append(hint is null ? "" : $"hint-{name} ").Append("err-").Append(name).Append("\">").Append(E(value)).Append("</textarea>").Append(ErrorSlot(name));
    }

    private static string ErrorSlot(string name) => $"<p class=\"error field-error\" id=\"err-{name}\" hidden></p>";

    /// <summary>
    /// Sends the form to the API as JSON (POST to create, PATCH with the page's ETag to change), shows each
    /// field's errors next to it, and a 412 (someone else changed the action) at the top. The note form posts a note.
    /// </summary>
    internal const string FormScript = """
        const show = (form, problem, status) => {
          form.querySelectorAll('.field-error').forEach(e => { e.hidden = true; e.textContent = ''; });
          const top = form.querySelector('#form-error') || form.querySelector('.field-error');
          const rest = [];
          let first = null;
          for (const [key, messages] of Object.entries((problem && problem.errors) || {})) {
            const slot = form.querySelector('#err-' + CSS.escape(key));
            if (slot) { slot.textContent = messages.join(' '); slot.hidden = false; first = first || form.querySelector('[name="' + key + '"]'); }
            else rest.push(messages.join(' '));
          }
          if (top && (rest.length || !first)) {
            top.textContent = [(problem && problem.title) || status, (problem && !problem.errors && problem.detail) || '', ...rest].filter(Boolean).join(' – ');
            top.hidden = false; if (!first) top.focus();
          }
          if (first) first.focus();
        };
        const form = document.getElementById('action-form');
        if (form) form.addEventListener('submit', async ev => {
          ev.preventDefault();
          const body = {}; const smart = {};
          for (const el of form.elements) {
            if (!el.name) continue;
            if (el.type === 'checkbox') { smart[el.name.slice(6)] = el.checked; continue; }
            const v = el.value.trim();
            if (form.dataset.method === 'POST' && v === '') continue;
            body[el.name] = v === '' ? null : v;
          }
          body.smart = smart;
          const headers = { 'Content-Type': 'application/json', 'Accept': 'application/json', 'Accept-Language': form.dataset.lang };
          if (form.dataset.etag) headers['If-Match'] = form.dataset.etag;
          const out = document.getElementById('form-status'); if (out) out.textContent = '…';
          const res = await fetch(form.dataset.url, { method: form.dataset.method, headers, body: JSON.stringify(body) });
          const data = await res.json().catch(() => null);
          if (out) out.textContent = '';
          if (res.ok) {
            const lang = form.dataset.lang === 'en' ? '?lang=en' : '';
            location.href = '/leder/tiltak/' + encodeURIComponent(form.dataset.org) + '/' + encodeURIComponent(data.id) + lang;
          } else show(form, data, res.status);
        });
        const note = document.getElementById('note-form');
        if (note) note.addEventListener('submit', async ev => {
          ev.preventDefault();
          const res = await fetch(note.dataset.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': note.dataset.lang },
            body: JSON.stringify({ text: note.elements.text.value }) });
          if (res.ok) location.reload(); else show(note, await res.json().catch(() => null), res.status);
        });
        """;

    // ---------------------------------------------------------------- shared

    private const string Css = """
        .late{border:2px solid #b00020;padding:0 .3rem;border-radius:.3rem;color:#b00020}
        tr.overdue td:first-child{border-left:6px double #b00020}
        .field-error:empty{display:none}.hint{display:block;font-size:.95rem}
        label.check{display:flex;gap:.5rem;align-items:center;font-weight:400}label.check input{width:auto;min-height:auto}
        fieldset{border:1px solid #ccc;border-radius:.4rem;margin:1rem 0;padding:.5rem 1rem}
        .filters{display:grid;gap:.25rem;margin-bottom:1.5rem}.notes li{margin-bottom:.5rem}
        """;

    private static string Back(HttpRequest r) => $"<nav><a href=\"/leder/tiltak{(English(r) ? "?lang=en" : "")}\">← {r.T("Forbedringstiltak", "Improvement actions")}</a></nav>";

    private static IResult SignIn(HttpContext http) => SignInRequired(http,
        "Forbedringstiltakene er bare for ledere i organisasjonen.", "The improvement actions are for the organisation's leaders only.");

    private static IResult Problem(HttpContext http, ApiProblemException e)
    {
        if (e.Status == StatusCodes.Status401Unauthorized) return SignIn(http);
        var english = English(http.Request);
        var title = english ? e.TitleEn : e.TitleNb;
        var detail = english ? e.DetailEn : e.DetailNb;
        return Render(http, title, $"""
            {Back(http.Request)}
            <h1>{E(title)}</h1>
            {(detail is null ? "" : $"<p>{E(detail)}</p>")}
            """, e.Status);
    }

    private static string Label(LocalizedText text, bool english) => text.Get(english ? Language.English : Language.Norwegian);

    private static string? Loc(JsonNode? text, bool english) => text is JsonObject o ? (string?)(english ? o["en"] ?? o["nb"] : o["nb"]) : null;

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
