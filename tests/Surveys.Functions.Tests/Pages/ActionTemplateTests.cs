using System.Net;
using Surveys.Model;
using Surveys.Pages.Actions;
using Surveys.Pages.Results;
using Xunit;
using Surveys.Pages.Shared;

namespace Surveys.Functions.Tests.Pages;

/// <summary>The improvement-action templates (src/Surveys.Pages/Actions) for a given model, without storage.</summary>
public sealed class ActionTemplateTests
{
    private const string Typed = "<script>alert(1)</script>\"&";
    private const string Encoded = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;";

    private static ActionFormModel Form(string? title = null, bool isNew = true, bool readOnly = false, SmartChecklist? smart = null) => new(
        isNew ? "POST" : "PATCH", isNew ? "/api/organisations/org-1/actions" : "/api/organisations/org-1/actions/act-1", isNew ? null : "W/\"1\"", "org-1", isNew ? "/surveys/survey-1/actions/new" : "/leder/tiltak/org-1/act-1",
        ActionFormModel.Values.New(title) with { Smart = smart ?? SmartChecklist.None },
        isNew ? [new("surveyId", "survey-1")] : [], [new("round-2", "Vår 2026")], [], UnitRequired: false, ReadOnly: readOnly);

    private static ActionModel Action(string title, bool canEdit = true, ActionModel.Result? evaluation = null, IReadOnlyList<ActionNote>? notes = null) => new(
        "org-1", "act-1", title, ActionStatus.Planned, new DateOnly(2020, 2, 1), Overdue: true, new("Trivsel VTA", "T2", "Har du noen å snakke med?", "Høst 2025"),
        canEdit, evaluation, Form(title, isNew: false, readOnly: !canEdit), notes ?? [], CanAddNote: canEdit,
        [new(new DateTimeOffset(2026, 3, 1, 10, 15, 0, TimeSpan.FromHours(1)), "kari@demo.no", null, ActionStatus.Planned)]);

    [Fact]
    public async Task A_new_action_form_shows_the_question_and_its_result_and_posts_to_the_API()
    {
        var model = new NewActionModel("Trivsel VTA", false,
            new("T2", "Har du noen å snakke med?", new("Høst 2025", null, new ItemFigures(6, new LocalText("3,5 av 5", "3.5 of 5"), 0.5, 1 / 6.0, true, true))),
            Form("T2: Har du noen å snakke med?"));

        var html = await PageRendering.HtmlAsync<NewActionPage, NewActionModel>(model);

        Assert.Contains("<h1>Nytt forbedringstiltak</h1>", html);
        Assert.Contains("<p id=\"latest-result\">Resultat i Høst 2025: snitt 3,5 av 5 · 17\u00A0% ga et av de to laveste svarene · n = 6</p>", WebUtility.HtmlDecode(html));
        Assert.Contains("<input id=\"f-title\" name=\"title\" type=\"text\" value=\"T2: Har du noen å snakke med?\" maxlength=\"200\" required aria-describedby=\"err-title\"", html);
        Assert.Contains("<input type=\"hidden\" name=\"surveyId\" value=\"survey-1\"", html);
        Assert.Contains("data-url=\"/api/organisations/org-1/actions\"", html);
        Assert.Contains("data-next=\"/leder/tiltak/org-1/{id}\"", html);
        Assert.DoesNotContain("data-etag=\"", html);
        Assert.Contains(">Lagre tiltaket</button>", html);
    }

    [Fact]
    public async Task A_suppressed_result_says_why_and_shows_no_figures()
    {
        var model = new NewActionModel("Trivsel VTA", false,
            new(null, "Har du noen å snakke med?", new("Vår 2026", new LocalText("For få svar til å vise resultat", "Too few answers to show a result"), null)), Form());

        var html = await PageRendering.HtmlAsync<NewActionPage, NewActionModel>(model, "?lang=en");

        Assert.Contains("<p id=\"latest-result\">Result in Vår 2026: Too few answers to show a result</p>", html);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("data-next=\"/leder/tiltak/org-1/{id}?lang=en\"", html);
    }

    [Fact]
    public async Task The_SMART_checklist_is_sent_as_true_or_false_and_shows_what_is_ticked()
    {
        var html = await PageRendering.HtmlAsync<NewActionPage, NewActionModel>(new("Trivsel VTA", false, null,
            Form(smart: SmartChecklist.None with { Measurable = true })));

        Assert.Matches("<input type=\"checkbox\" name=\"smart.measurable\" data-type=\"bool\" checked ?/?> Målbar", html);
        Assert.Matches("<input type=\"checkbox\" name=\"smart.specific\" data-type=\"bool\" ?/?> Spesifikk", html);
        Assert.DoesNotContain("id=\"latest-result\"", html);
    }

    [Fact]
    public async Task A_title_a_leader_typed_is_text_on_every_action_page()
    {
        var action = await PageRendering.HtmlAsync<ActionPage, ActionModel>(Action(Typed, notes: [new(new DateOnly(2026, 3, 2), Typed, Typed)]));
        var list = await PageRendering.HtmlAsync<ActionListPage, ActionListModel>(new(new(null, null, false), [new("survey-1", Typed)],
            [new("org-1", Typed, [new("survey-1", Typed)], [new("act-1", Typed, Typed, ActionStatus.InProgress, Typed, null, false, Typed)])]));

        foreach (var html in new[] { action, list })
        {
            Assert.DoesNotContain("<script>alert(1)", html);
            Assert.Contains(Encoded, html);
        }
        Assert.Contains($"<title>{Encoded} – Surveys</title>", action);
        Assert.Contains($"<h1>{Encoded}</h1>", action);
    }

    [Fact]
    public async Task A_saved_action_is_changed_with_its_ETag_and_shows_overdue_history_and_result()
    {
        var evaluation = new ActionModel.Result(true, "Høst 2025", "Vår 2026", null, new LocalText("Økt", "Increased"), new LocalText("+12 prosentpoeng", "+12 points"),
            new ItemFigures(24, new LocalText("3,1 av 5", "3.1 of 5"), 0.4, 0.3, true, true), new ItemFigures(22, new LocalText("3,6 av 5", "3.6 of 5"), 0.55, null, true, true));

        var html = await PageRendering.HtmlAsync<ActionPage, ActionModel>(Action("Faste samtaler", evaluation: evaluation));

        Assert.Contains("data-method=\"PATCH\"", html);
        Assert.Contains("data-etag=\"W/&quot;1&quot;\"", html);
        Assert.Contains("data-empty=\"null\"", html);
        Assert.Contains("<strong class=\"late\">⚠ Forfalt (frist 2020-02-01)</strong>", html);
        Assert.Contains("<p class=\"verdict\"><strong>Økt</strong>: +12 prosentpoeng</p>", WebUtility.HtmlDecode(html));
        Assert.Contains("<tr><th scope=\"row\">n</th><td>24</td><td>22</td></tr>", html);
        Assert.Contains("<tr><th scope=\"row\">To laveste svar</th><td>30\u00A0%</td><td>–</td></tr>", WebUtility.HtmlDecode(html));
        Assert.Contains("<td>2026-03-01 10:15</td><td>kari@demo.no</td><td>(opprettet)</td><td>Planlagt</td>", html);
        Assert.Contains(">Lagre endringene</button>", html);
        Assert.Contains("id=\"note-form\"", html);
    }

    [Fact]
    public async Task An_action_of_another_unit_is_shown_disabled_without_a_save_or_a_note_form()
    {
        var html = await PageRendering.HtmlAsync<ActionPage, ActionModel>(Action("For VTA", canEdit: false,
            evaluation: new ActionModel.Result(false, "Høst 2025", null, new LocalText("Ingen senere runde med svar ennå.", "No later round with answers yet."), null, null, null, null)));

        Assert.Contains("<fieldset class=\"fields\" disabled>", html);
        Assert.DoesNotContain("type=\"submit\">Lagre", html);
        Assert.DoesNotContain("id=\"note-form\"", html);
        Assert.Contains("bare endre tiltak for dine egne enheter", html);
        Assert.Contains("<p class=\"message\">Ingen senere runde med svar ennå.</p>", html);
    }

    [Fact]
    public async Task The_list_shows_its_filters_as_chosen_marks_overdue_in_words_and_keeps_the_language_on_its_links()
    {
        var model = new ActionListModel(new(ActionStatus.InProgress, "survey-1", OverdueOnly: true), [new("survey-1", "Trivsel VTA"), new("survey-2", "Exit")],
            [new("org-1", "Demo AS", [new("survey-1", "Trivsel VTA")],
                [new("act-1", "Faste samtaler", "VTA", ActionStatus.InProgress, "Kari", new DateOnly(2020, 2, 1), Overdue: true, "Trivsel VTA")])]);

        var html = await PageRendering.HtmlAsync<ActionListPage, ActionListModel>(model, "?lang=en");

        Assert.Matches("<input type=\"hidden\" name=\"lang\" value=\"en\" ?/?>", html);
        Assert.Contains("<option value=\"InProgress\" selected>In progress</option>", html);
        Assert.Contains("<option value=\"survey-1\" selected>Trivsel VTA</option>", html);
        Assert.Matches("<input type=\"checkbox\" name=\"overdue\" value=\"1\" checked ?/?> Overdue only", html);
        Assert.Contains("<tr class=\"overdue\" data-action=\"act-1\"><td><a href=\"/leder/tiltak/org-1/act-1?lang=en\">Faste samtaler</a> <span class=\"muted\">(VTA)</span></td>", html);
        Assert.Contains("<td>2020-02-01 <strong class=\"late\">⚠ Overdue</strong></td>", html);
        Assert.Contains("<a href=\"/surveys/survey-1/actions/new?lang=en\">Trivsel VTA</a>", html);
        Assert.Contains("<a href=\"/leder?lang=en\">", html);
    }
}
