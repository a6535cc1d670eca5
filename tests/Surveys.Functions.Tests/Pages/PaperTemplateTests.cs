using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Pages.Paper;
using Xunit;

namespace Surveys.Functions.Tests.Pages;

/// <summary>The paper-entry template (src/Surveys.Pages/Paper) for a given model, without storage.</summary>
public sealed class PaperTemplateTests
{
    private static PaperEntryModel Model(string name = "Test Arbeid AS", IReadOnlyList<string>? units = null, bool unitRequired = false, bool open = true) => new(
        name, "Trivsel", "round-1", "2026-før", open, "/rounds/round-1/paper", units ?? ["AFT", "VTA"], unitRequired,
        [
            new("WELLBEING-01", "T1 · WELLBEING-01", null, "Trives du på jobb?", false, false, ["1", "2", "3", "4", "5"],
                [new("1", "Aldri"), new("2", "Sjelden"), new("3", "Noen ganger"), new("4", "Ofte"), new("5", "Alltid")]),
            new("WELLBEING-02", "T2 · WELLBEING-02", null, "Har du noen å snakke med?", true, false, ["1", "2", "3", "4", "5", "9"],
                [new("1", "Aldri"), new("5", "Alltid"), new("9", "Vet ikke")]),
            new("WELLBEING-TXT", "WELLBEING-TXT", null, "Noe mer?", false, true, [], []),
        ],
        new([("WELLBEING-01", false), ("WELLBEING-02", false), ("WELLBEING-TXT", true)], (units ?? ["AFT"]).FirstOrDefault()),
        new(2, 5000));

    [Fact]
    public async Task What_users_typed_is_shown_as_text()
    {
        const string typed = "<script>alert(1)</script>\"&";
        var html = await PageRendering.HtmlAsync<PaperEntryPage, PaperEntryModel>(Model(name: typed, units: [typed]));

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;", html);
    }

    [Fact]
    public async Task Each_scale_item_says_what_may_be_typed_and_free_text_is_a_text_box()
    {
        var html = await PageRendering.HtmlAsync<PaperEntryPage, PaperEntryModel>(Model());

        Assert.Contains("<input id=\"a1\" name=\"WELLBEING-02\" data-kind=\"number\" data-allowed=\"1 2 3 4 5 9\" inputmode=\"numeric\" maxlength=\"1\"", html);
        Assert.Contains("<span class=\"opt\"><b>9</b> Vet ikke</span>", html);
        Assert.Contains("<span class=\"code\">T2 · WELLBEING-02</span> <span class=\"text\">Har du noen å snakke med?</span> <span class=\"required\">(må besvares)</span>", html);
        Assert.Contains("<textarea id=\"a2\" name=\"WELLBEING-TXT\" data-kind=\"text\" rows=\"2\" maxlength=\"2000\"", html);
        // The CSV example: the second column left blank (not answered), free text quoted, the unit last.
        Assert.Contains("<pre>WELLBEING-01;WELLBEING-02;WELLBEING-TXT;unit\n3;;\"Tekst; gjerne med semikolon\";AFT</pre>", WebUtility.HtmlDecode(html));
    }

    [Theory]
    [InlineData(new[] { "AFT", "VTA" }, false, "Ingen bestemt enhet")]
    [InlineData(new[] { "AFT", "VTA" }, true, "Velg enhet …")]
    [InlineData(new[] { "VTA" }, true, null)]
    public async Task The_unit_can_be_left_open_unless_the_leader_is_limited_to_units(string[] units, bool required, string? blank)
    {
        var html = await PageRendering.HtmlAsync<PaperEntryPage, PaperEntryModel>(Model(units: units, unitRequired: required));

        var select = Regex.Match(html, "<select id=\"unit\"[^>]*>.*?</select>").Value;
        Assert.Equal(required, select.StartsWith("<select id=\"unit\" required>", StringComparison.Ordinal));
        if (blank is null) Assert.DoesNotContain("<option value>", select);
        else Assert.Contains($"<option value>{blank}</option>", select);
        foreach (var unit in units) Assert.Contains($"<option value=\"{unit}\">{unit}</option>", select);
    }

    [Fact]
    public async Task The_scripts_texts_are_in_the_pages_language_and_a_closed_round_is_said_first()
    {
        var html = await PageRendering.HtmlAsync<PaperEntryPage, PaperEntryModel>(Model(open: false), "?lang=en");

        var texts = JsonNode.Parse(WebUtility.HtmlDecode(Regex.Match(html, "data-texts=\"([^\"]*)\"").Groups[1].Value))!;
        Assert.Equal("en", (string?)texts["lang"]);
        Assert.Equal("The form is empty. Type at least one answer.", (string?)texts["empty"]);
        Assert.Contains("<p class=\"error\" role=\"alert\">The round is not open now.", html);
        Assert.Contains("<a href=\"/rounds/round-1/paper\" lang=\"nb\" hreflang=\"nb\">Norsk (bokmål)</a>", html);
    }
}
