using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Surveys.Functions.Pages;
using Surveys.Model;
using Surveys.Pages.Setup.SurveySetup;
using static Surveys.Pages.Setup.SurveySetup.SurveySetupModel;

namespace Surveys.Functions.Tests.Setup.SurveySetup;

/// <summary>The set-up templates rendered without storage: what typed names become in the browser.</summary>
public sealed class SurveySetupTemplateTests
{
    private static readonly PageRenderer Renderer = new(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

    private const string Hostile = "<script>alert(1)</script>\"&'";
    private const string Encoded = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#x27;";

    private static async Task<string> PageAsync<TPage, TModel>(TModel model, string query = "") where TPage : Surveys.Pages.PageBase<TModel>
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.QueryString = new QueryString(query);
        http.Response.Body = new MemoryStream();
        await (await Renderer.PageAsync<TPage, TModel>(http, model)).ExecuteAsync(http);
        http.Response.Body.Position = 0;
        return await new StreamReader(http.Response.Body).ReadToEndAsync();
    }

    private static SurveySetupModel Setup(string name) => new("survey-1", name, name, ("Trivselsundersøkelse", "Smiley wellbeing survey"), name,
        [new Question("WELLBEING-01", name, null, Edited: true)],
        [new RoundRow("round-1", name, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)), null, 12, false, RoundState.Open),
         new RoundRow("round-2", "2026-etter", null, null, null, false, RoundState.Closed)], Continuous: false);

    [Fact]
    public async Task TypedNames_OnTheSurveyPage_AreText_NeverMarkup()
    {
        var html = await PageAsync<SurveySetupPage, SurveySetupModel>(Setup(Hostile));

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains($"<h1>{Encoded}</h1>", html);
        Assert.Contains($"<option value=\"round-1\" selected>{Encoded}</option>", html);
        // The round's name inside the confirm question is an attribute value, encoded as such.
        Assert.Contains($"data-confirm=\"Lukke «{Encoded}» nå?", html);
        Assert.Contains("data-body=\"{&quot;closed&quot;:true}\"", html); // forms.js reads {"closed":true}
    }

    [Fact]
    public async Task TypedNames_OnTheNewSurveyPage_AreText_NeverMarkup()
    {
        var model = new NewSurveyModel("org-1", Hostile, [Hostile, "VTA"], UnitRequired: true, Instruments.All, Instruments.Ethics, null);

        var html = await PageAsync<NewSurveyPage, NewSurveyModel>(model);

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains($"<option value=\"{Encoded}\">{Encoded}</option>", html);
        Assert.DoesNotContain("Hele organisasjonen", html); // an admin limited to units must pick one
        Assert.Contains("value=\"karriereveileder\"", html);
        Assert.Equal(9, System.Text.RegularExpressions.Regex.Matches(html, "<textarea ").Count);
        // The retrospective set is the after round's: named, not offered.
        Assert.DoesNotContain("name=\"optionalItems\"", html);
        Assert.Contains("tilleggssett på 9 spørsmål for etter-runden", html);
    }

    [Fact]
    public async Task TheNewSurveyPage_OffersTheOptionalQuestions_Unticked_WithTheirTextsOffUntilTicked()
    {
        var model = new NewSurveyModel("org-1", "Org", [], UnitRequired: false, Instruments.All, Instruments.Employee, null);

        var html = await PageAsync<NewSurveyPage, NewSurveyModel>(model);

        Assert.Contains("Valgfrie spørsmål (2)", html);
        foreach (var item in Instruments.Employee.OptionalItems)
        {
            Assert.Contains($"name=\"optionalItems\" value=\"{item.Id}\" data-type=\"list\"", html);
            Assert.Matches($"<textarea id=\"t-{item.Id}\"[^>]* disabled", html);
            Assert.Contains(item.Text.Norwegian, html);
        }
        Assert.DoesNotContain(" checked", html);
        // One box that is sent for every default question; the optional ones' boxes are off.
        Assert.Equal(Instruments.Employee.Items.Count, System.Text.RegularExpressions.Regex.Matches(html, "<textarea (?![^>]*disabled)[^>]*>").Count);
    }

    [Fact]
    public async Task TheSurveyPage_IsInEnglishAlongside_AndKeepsTheLanguageOnItsLinks()
    {
        var html = await PageAsync<SurveySetupPage, SurveySetupModel>(Setup("Trivsel"), "?lang=en");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Add a round", html);
        Assert.Contains("href=\"/surveys/survey-1/results?lang=en\"", html);
        Assert.Contains("<input type=\"hidden\" name=\"lang\" value=\"en\">", html);
        Assert.Contains("Reopen", html);
    }
}
