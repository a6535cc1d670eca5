using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Surveys.Functions.Access;
using Surveys.Functions.Audit;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Exports;

/// <summary>
/// <c>GET /api/surveys/{id}/export</c> against Azurite: what a partner or admin gets in each format, what is hidden
/// (small units and the cell that would give them away), that nothing identifies anyone, and who may export.
/// </summary>
public sealed class ExportApiTests(ExportApiTests.App app) : IClassFixture<ExportApiTests.App>
{
    public sealed class App() : SurveysAppFixture(settings: ApiCalls.AdminKeySetting);

    private SurveysApp Factory => app.Factory;

    /// <summary>Round 1: AFT 12, VTA 7, Kjøkken 3 (22 in all, with free text); round 2: 3 answers (too few).</summary>
    private async Task<ExportSurvey> SeedAsync()
    {
        var s = await ExportSeed.SurveyAsync(Factory, rounds: 2);
        var first = ExportSeed.Many("AFT", 11).Concat(ExportSeed.Many("VTA", 7, start: 3)).Concat(ExportSeed.Many("Kjøkken", 3, start: 5))
            .Append(new SeedAnswer("AFT", null, 1, Q1NonScale: true, Text: "=1+1"))
            .Select((a, i) => i switch
            {
                0 => a with { Text = "Æ ø å er fint her" },
                1 => a with { Text = "@SUM(A1)" },
                2 => a with { Q2 = null },
                _ => a,
            }).ToList();
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[0], first);
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[1], ExportSeed.Many("AFT", 3));
        await ExportSeed.CloseAllAsync(Factory, s);
        return s;
    }

    private static async Task<byte[]> GetFileAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.False(string.IsNullOrEmpty(response.Content.Headers.ContentDisposition?.FileName));
        return bytes;
    }

    private static List<JsonObject> Table(JsonNode json, string name) => json[name]!.AsArray().Select(r => r!.AsObject()).ToList();

    [Fact]
    public async Task Results_TotalsAreTheComparisonApisNumbers_AndASmallUnitIsHiddenWithTheCellThatWouldGiveItAway()
    {
        using var admin = Factory.AsAdmin();
        var s = await SeedAsync();

        var json = JsonNode.Parse(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=json&content=results"))!;
        var trend = (await admin.GetFromJsonAsync<JsonObject>($"/api/surveys/{s.SurveyId}/trend"))!;

        var rows = Table(json, "results");
        var total = rows.Single(r => (string?)r["level"] == "total" && (string?)r["round_id"] == s.RoundIds[0] && (string?)r["item_id"] == "Q1");
        var point = trend["items"]!.AsArray().Single(i => (string?)i!["itemId"] == "Q1")!["points"]!.AsArray().Single(p => (string?)p!["roundId"] == s.RoundIds[0])!["summary"]!;
        Assert.Equal((int)point["n"]!, (int)total["n"]!);
        Assert.Equal(21, (int)total["n"]!);
        Assert.Equal(1, (int)total["non_scale"]!);
        Assert.Equal(point["counts"]!.AsArray().Select(c => (int)c!), Enumerable.Range(1, 6).Select(p => (int)total[$"count_{p}"]!));
        Assert.Equal((double)point["mean"]!, (double)total["mean"]!, 12);
        Assert.Equal((double)point["topTwo"]!["share"]!, (double)total["top_two_share"]!, 12);
        Assert.Equal(22, (int)total["respondents"]!);
        // No wording edits: the one text revision, and the round did not mix wordings.
        Assert.Equal(1, (int)total["text_revision"]!);
        Assert.False((bool)total["wording_changed_in_round"]!);

        var units = rows.Where(r => (string?)r["round_id"] == s.RoundIds[0] && (string?)r["item_id"] == "Q1" && (string?)r["level"] == "unit")
            .ToDictionary(r => (string)r["unit"]!);
        Assert.Equal("shown", (string?)units["AFT"]["status"]);
        Assert.Equal("suppressed", (string?)units["Kjøkken"]["status"]);
        // Every hidden unit cell says the same, so the wording does not tell which one is the small group.
        Assert.StartsWith("Skjult: for få svar her, eller skjult så en liten gruppe ikke kan regnes ut", (string?)units["Kjøkken"]["status_text"]);
        Assert.Equal((string?)units["Kjøkken"]["status_text"], (string?)units["VTA"]["status_text"]);
        Assert.Equal((string?)units["Kjøkken"]["respondents_text"], (string?)units["VTA"]["respondents_text"]);
        Assert.Null(units["Kjøkken"]["n"]);
        Assert.Null(units["Kjøkken"]["count_1"]);
        // The complement: VTA (7, the next smallest) is hidden too, so total − AFT gives 10 answers of two units, not Kjøkken's 3.
        Assert.Equal("suppressed", (string?)units["VTA"]["status"]);
        Assert.Null(units["VTA"]["mean"]);
        Assert.Equal(10, (int)total["n"]! - (int)units["AFT"]["n"]!);

        // A round below the minimum: no figures at all, and the count only as «færre enn 5».
        var small = rows.Where(r => (string?)r["round_id"] == s.RoundIds[1]).ToList();
        Assert.NotEmpty(small);
        Assert.All(small, r => Assert.Equal("suppressed", (string?)r["status"]));
        Assert.All(small, r => Assert.Null(r["n"]));
        Assert.All(small, r => Assert.Null(r["respondents"]));
        Assert.Contains(small, r => (string?)r["respondents_text"] == "færre enn 5");
        Assert.All(small, r => Assert.Null(r["wording_changed_in_round"])); // nothing said about a small round
    }

    [Fact]
    public async Task WordingEditedBetweenRounds_ResultsShowTheWordingInForcePerRound_AndTheCodebookListsBothRevisions()
    {
        // Round 1 answered with the first wording of Q1; then the client edits it (same item id, text revision 2);
        // round 2 is answered mostly with the new wording, by two with the form still open from before the edit.
        using var admin = Factory.AsAdmin();
        var s = await ExportSeed.SurveyAsync(Factory, rounds: 2, units: ["AFT"]);
        const string newText = "Hvor fornøyd er du med lunsjen på Økern?";
        var before = (await Factory.Get<Catalog.CatalogStore>().LoadSurveyAsync(s.OrganisationId, s.SurveyId, default))!;
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[0], ExportSeed.Many("AFT", 8).Select(a => a with { Text = "ok" }));
        await ExportSeed.EditWordingAsync(Factory, s, "Q1", "nb", newText);
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[1], ExportSeed.Many("AFT", 7).Select(a => a with { Text = "fint" }));
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[1], ExportSeed.Many("AFT", 2), shownWith: before);
        await ExportSeed.CloseAllAsync(Factory, s);

        var json = JsonNode.Parse(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=json&content=results"))!;
        var q1 = Table(json, "results").Where(r => (string?)r["item_id"] == "Q1").ToList();
        var first = q1.Where(r => (string?)r["round_id"] == s.RoundIds[0]).ToList();
        var second = q1.Where(r => (string?)r["round_id"] == s.RoundIds[1]).ToList();
        Assert.Equal(2, first.Count); // total and AFT
        Assert.All(first, r => Assert.Equal(ExportSeed.Q1Text, (string?)r["item_text"]));
        Assert.All(first, r => Assert.Equal(1, (int)r["text_revision"]!));
        Assert.All(first, r => Assert.False((bool)r["wording_changed_in_round"]!));
        Assert.All(second, r => Assert.Equal(newText, (string?)r["item_text"]));
        Assert.All(second, r => Assert.Equal(2, (int)r["text_revision"]!));
        // 7 with the new wording, 2 with the old: that two answered before the edit is not said (fewer than the minimum).
        Assert.All(second, r => Assert.Null(r["wording_changed_in_round"]));
        Assert.All(Table(json, "results").Where(r => (string?)r["item_id"] == "Q2"), r => Assert.Equal(1, (int)r["text_revision"]!));

        // The codebook: the current wording first, then the earlier one, each with the rounds it was in force in.
        var codebook = Table(json, "codebook").Where(r => (string?)r["variable"] == "Q1").ToList();
        Assert.Equal([2, 1], codebook.Select(r => (int)r["text_revision"]!).Distinct());
        var current = codebook.Where(r => (int)r["text_revision"]! == 2).ToList();
        var earlier = codebook.Where(r => (int)r["text_revision"]! == 1).ToList();
        Assert.All(current, r => Assert.Equal((newText, "Gjeldende ordlyd", s.RoundIds[1]), ((string?)r["item_text"], (string?)r["text_status"], (string?)r["in_force_in_rounds"])));
        Assert.All(earlier, r => Assert.Equal((ExportSeed.Q1Text, "Tidligere ordlyd", s.RoundIds[0]), ((string?)r["item_text"], (string?)r["text_status"], (string?)r["in_force_in_rounds"])));
        Assert.Equal(current.Select(r => ((int?)r["code"], (string?)r["label"])), earlier.Select(r => ((int?)r["code"], (string?)r["label"]))); // same scale, same codes
        Assert.Equal(7, current.Count); // six positions and 9

        // CSV: the same per-round wording, neutralised where it starts with «=».
        var csv = Csv.Records(Encoding.UTF8.GetString(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=csv&content=results"))[1..], ';');
        Assert.Equal("'" + ExportSeed.Q1Text, csv.First(r => r["round_id"] == s.RoundIds[0] && r["item_id"] == "Q1")["item_text"]);
        Assert.Equal((newText, "2", ""), csv.First(r => r["round_id"] == s.RoundIds[1] && r["item_id"] == "Q1") is var row ? (row["item_text"], row["text_revision"], row["wording_changed_in_round"]) : default);

        // Answers: the rows' columns stay item ids (no item text), the codebook covers both revisions, in English too,
        // and the free text of each round is under the wording in force then.
        var answers = JsonNode.Parse(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=json&content=answers&lang=en"))!;
        Assert.Equal(["round_id", "round_label", "unit", "unit_label", "entry_mode", "entry_mode_label", "Q1", "Q1_label", "Q2", "Q2_label"],
            Table(answers, "answers")[0].Select(p => p.Key));
        var enCodebook = Table(answers, "codebook").Where(r => (string?)r["variable"] == "Q1").ToList();
        Assert.Equal([("Current wording", 2), ("Earlier wording", 1)], enCodebook.Select(r => ((string)r["text_status"]!, (int)r["text_revision"]!)).Distinct());
        Assert.All(enCodebook, r => Assert.Equal("How satisfied are you with the canteen?", (string?)r["item_text"])); // only the bokmål text was edited
        var freeText = Table(answers, "freeText");
        Assert.All(freeText, r => Assert.Equal(1, (int)r["text_revision"]!)); // TXT was never edited
    }

    [Fact]
    public async Task WhichWordingASmallGroupSaw_IsNeverSaid_ButAMixOfLargeGroupsIs()
    {
        // Round 1: three answers (below the minimum of 5) with the first wording. Round 2, after the edit: six with the new
        // wording and five with the old — both groups large enough, so the mix is said and the old wording is listed.
        using var admin = Factory.AsAdmin();
        var s = await ExportSeed.SurveyAsync(Factory, rounds: 2, units: ["AFT"]);
        const string newText = "Hvor fornøyd er du med kantina i dag?";
        var before = (await Factory.Get<Catalog.CatalogStore>().LoadSurveyAsync(s.OrganisationId, s.SurveyId, default))!;
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[0], ExportSeed.Many("AFT", 3));
        await ExportSeed.EditWordingAsync(Factory, s, "Q1", "nb", newText);
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[1], ExportSeed.Many("AFT", 6));
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[1], ExportSeed.Many("AFT", 5), shownWith: before);
        await ExportSeed.CloseAllAsync(Factory, s);

        var json = JsonNode.Parse(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=json&content=results"))!;
        var q1 = Table(json, "results").Where(r => (string?)r["item_id"] == "Q1").ToList();
        // The small round names the current wording and says nothing about a mix: not which wording its three saw.
        var small = q1.Where(r => (string?)r["round_id"] == s.RoundIds[0]).ToList();
        Assert.NotEmpty(small);
        Assert.All(small, r => Assert.Equal((newText, 2), ((string?)r["item_text"], (int)r["text_revision"]!)));
        Assert.All(small, r => Assert.Null(r["wording_changed_in_round"]));
        var large = q1.Where(r => (string?)r["round_id"] == s.RoundIds[1]).ToList();
        Assert.All(large, r => Assert.Equal((newText, 2, true), ((string?)r["item_text"], (int)r["text_revision"]!, (bool)r["wording_changed_in_round"]!)));

        // The earlier wording is listed (five carried it in round 2) but in force in no round: the small round is not named.
        var codebook = Table(json, "codebook").Where(r => (string?)r["variable"] == "Q1").ToList();
        Assert.All(codebook.Where(r => (int)r["text_revision"]! == 1), r => Assert.Null(r["in_force_in_rounds"]));
        Assert.All(codebook.Where(r => (int)r["text_revision"]! == 2), r => Assert.Equal(s.RoundIds[1], (string?)r["in_force_in_rounds"]));
        Assert.Equal([2, 1], codebook.Select(r => (int)r["text_revision"]!).Distinct());
    }

    [Fact]
    public async Task WordingEditedBetweenRounds_XlsxCodebookMarksTheCurrentAndTheEarlierWording()
    {
        using var admin = Factory.AsAdmin();
        var s = await ExportSeed.SurveyAsync(Factory, rounds: 2, units: ["AFT"]);
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[0], ExportSeed.Many("AFT", 6));
        await ExportSeed.EditWordingAsync(Factory, s, "Q2", "nb", "Får du den hjelpen du trenger?");
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[1], ExportSeed.Many("AFT", 6));
        await ExportSeed.CloseAllAsync(Factory, s);

        var bytes = await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=xlsx&content=results");

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToDictionary(x => x.Name!.Value!, x => (WorksheetPart)workbook.GetPartById(x.Id!));
        List<List<string>> Rows(string sheet) => sheets[sheet].Worksheet.Descendants<Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
        var codebook = Rows("Kodebok");
        Assert.Equal(["variable", "item_text", "text_revision", "text_status", "in_force_in_rounds", "scale_id", "scale_name", "code", "label"], codebook[0]);
        var q2 = codebook.Where(r => r[0] == "Q2").Select(r => (r[1], r[2], r[3], r[4])).Distinct().ToList();
        Assert.Equal([("Får du den hjelpen du trenger?", "2", "Gjeldende ordlyd", s.RoundIds[1]), ("Får du hjelpen du trenger?", "1", "Tidligere ordlyd", s.RoundIds[0])], q2);

        var results = Rows("Resultater");
        var header = results[0];
        var byRound = results.Skip(1).Where(r => r[header.IndexOf("item_id")] == "Q2" && r[header.IndexOf("level")] == "total")
            .ToDictionary(r => r[header.IndexOf("round_id")], r => (r[header.IndexOf("item_text")], r[header.IndexOf("wording_changed_in_round")]));
        Assert.Equal(("Får du hjelpen du trenger?", "0"), byRound[s.RoundIds[0]]); // an XLSX boolean: FALSE
        Assert.Equal(("Får du den hjelpen du trenger?", "0"), byRound[s.RoundIds[1]]);
        // A real boolean cell (USANN in Norwegian Excel), not the number 0.
        var column = header.IndexOf("wording_changed_in_round");
        var flags = sheets["Resultater"].Worksheet.Descendants<Row>().Skip(1)
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ElementAt(column)).Where(c => c.CellValue is not null).ToList();
        Assert.NotEmpty(flags);
        Assert.All(flags, c => Assert.Equal(CellValues.Boolean, c.DataType?.Value));
    }

    [Fact]
    public async Task AnswersCsv_HasTheBomSemicolonsAndNorwegianLabels_AndNothingThatPointsToAPersonOrAMoment()
    {
        using var admin = Factory.AsAdmin();
        var s = await SeedAsync();

        var bytes = await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=csv&content=answers&lang=nb");

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[3..]);
        var records = Csv.Records(text, ';');
        var header = Csv.Parse(text, ';')[0];
        Assert.Equal(["round_id", "round_label", "unit", "unit_label", "entry_mode", "entry_mode_label", "Q1", "Q1_label", "Q2", "Q2_label"], header);
        Assert.Equal(22, records.Count); // round 2 (3 answers) is left out
        Assert.DoesNotMatch(new Regex("[0-9a-f]{8}-[0-9a-f]{4}-", RegexOptions.IgnoreCase), text); // no response ids
        Assert.DoesNotMatch(new Regex(@"\d{4}-W\d{2}|\d{2}:\d{2}"), text); // no week, no time of day
        Assert.DoesNotContain("=1+1", text); // free text is not in the rows

        // AFT (12) is shown; Kjøkken (3) is blanked, and VTA (7) with it so «annen» is not just Kjøkken.
        Assert.Equal(12, records.Count(r => r["unit"] == "AFT"));
        Assert.Equal(10, records.Count(r => r["unit"] == "" && r["unit_label"] == "annen"));
        Assert.Equal("Vår 2026", records[0]["round_label"]);
        // Codes and labels in bokmål, æøå intact; 9 for missing, with what kind of missing.
        Assert.Contains(records, r => r["Q1"] == "6" && r["Q1_label"] == "Svært fornøyd");
        Assert.Contains(records, r => r["Q1"] == "9" && r["Q1_label"] == "Ikke aktuelt");
        Assert.Contains(records, r => r["Q2"] == "9" && r["Q2_label"] == "Ikke besvart");
        Assert.All(records, r => Assert.Equal("kiosk", r["entry_mode"]));
    }

    [Fact]
    public async Task ResultsCsv_UsesDecimalCommasWithSemicolons_PointsWithCommas_AndNeutralisesFormulas()
    {
        using var admin = Factory.AsAdmin();
        var s = await SeedAsync();

        var nb = Encoding.UTF8.GetString(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=csv&content=results"))[1..];
        var en = Encoding.UTF8.GetString(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=csv&content=results&lang=en&separator=comma"))[1..];

        var nbTotal = Csv.Records(nb, ';').First(r => r["level"] == "total" && r["item_id"] == "Q1");
        Assert.Matches(@"^\d+,\d+$", nbTotal["mean"]);
        Assert.Equal("'" + ExportSeed.Q1Text, nbTotal["item_text"]); // «=Hvor …» would be a formula
        Assert.Equal("Alle", nbTotal["unit_label"]);

        var enTotal = Csv.Records(en, ',').First(r => r["level"] == "total" && r["item_id"] == "Q1");
        Assert.Matches(@"^\d+\.\d+$", enTotal["mean"]);
        Assert.Equal("How satisfied are you with the canteen?", enTotal["item_text"]);
        Assert.Equal(nbTotal["mean"].Replace(',', '.'), enTotal["mean"]);
    }

    [Fact]
    public async Task AnswersXlsx_OpensWithItsSheets_FreeTextApartAndNeutralised()
    {
        using var admin = Factory.AsAdmin();
        var s = await SeedAsync();

        var bytes = await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=xlsx&content=answers");

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToDictionary(x => x.Name!.Value!, x => (WorksheetPart)workbook.GetPartById(x.Id!));
        Assert.Equal(["Om", "Svar", "Fritekst", "Kodebok"], sheets.Keys);
        List<List<string>> Rows(string sheet) => sheets[sheet].Worksheet.Descendants<Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();

        var answers = Rows("Svar");
        Assert.Equal(1 + 22, answers.Count);
        Assert.Equal("Q1_label", answers[0][7]);
        var freeText = Rows("Fritekst");
        Assert.Equal(["round_id", "round_label", "item_id", "item_text", "text_revision", "text"], freeText[0]);
        Assert.Contains(freeText, r => r[5] == "'=1+1");
        Assert.Contains(freeText, r => r[5] == "'@SUM(A1)");
        Assert.Contains(freeText, r => r[5] == "Æ ø å er fint her");
        Assert.DoesNotContain(freeText.SelectMany(r => r), c => c is "AFT" or "VTA" or "Kjøkken"); // not linked to a unit or a row
        var codebook = Rows("Kodebok");
        // Columns: variable, item_text, text_revision, text_status, in_force_in_rounds, scale_id, scale_name, code, label.
        Assert.Contains(codebook, r => r[0] == "Q1" && r[1] == "'" + ExportSeed.Q1Text && r[2] == "1" && r[3] == "Gjeldende ordlyd" && r[7] == "6" && r[8] == "Svært fornøyd");
        Assert.Contains(codebook, r => r[0] == "Q1" && r[7] == "9");
        Assert.DoesNotContain(codebook, r => r[3] == "Tidligere ordlyd"); // no edits: one block per item, as before
    }

    [Fact]
    public async Task AnswersJson_ParsesWithRawValues_AndFreeTextOnlyFromTheFreeTextThreshold()
    {
        using var admin = Factory.AsAdmin();
        var s = await ExportSeed.SurveyAsync(Factory, rounds: 2, units: ["AFT"]);
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[0], ExportSeed.Many("AFT", 9).Select(a => a with { Text = "=2+2" }));
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[1], ExportSeed.Many("AFT", 6).Select(a => a with { Text = "bare seks svar" }));
        await ExportSeed.CloseAllAsync(Factory, s);

        var json = JsonNode.Parse(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=json&content=answers&lang=en"))!;

        Assert.Equal("answers", (string?)json["export"]!["content"]);
        Assert.Equal("en", (string?)json["export"]!["language"]);
        Assert.Equal(15, Table(json, "answers").Count);
        Assert.Contains(Table(json, "answers"), r => (string?)r["Q1_label"] == "Very satisfied");
        var texts = Table(json, "freeText");
        Assert.Equal(9, texts.Count); // round 2 has 6 answers: enough for figures, below the free-text threshold of 8
        Assert.All(texts, t => Assert.Equal("=2+2", (string?)t["text"])); // JSON keeps the raw value
        Assert.NotEmpty(Table(json, "codebook"));
    }

    [Fact]
    public async Task BadParameters_AreA400ListingEachOne_AndNothingIsWrittenOrLogged()
    {
        using var admin = Factory.AsAdmin();
        var s = await SeedAsync();

        using var response = await admin.GetAsync($"/api/surveys/{s.SurveyId}/export?format=pdf&content=everything&lang=de&separator=tab");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["content", "format", "lang", "separator"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        using var unknownRound = await admin.GetAsync($"/api/surveys/{s.SurveyId}/export?rounds={s.RoundIds[0]},round-of-someone-else");
        Assert.Equal(HttpStatusCode.BadRequest, unknownRound.StatusCode);
        Assert.Contains("round-of-someone-else", await unknownRound.Content.ReadAsStringAsync());

        Assert.Empty(await Factory.Get<AuditLog>().ListAsync(s.OrganisationId, 10, default));
    }

    [Fact]
    public async Task OnlyTheOrganisationsAdminsMayExport()
    {
        var s = await SeedAsync();
        var url = $"/api/surveys/{s.SurveyId}/export?format=csv";

        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);

        using var leader = await Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", s.OrganisationId, OrganisationRole.Leader);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync(url)).StatusCode);

        var other = await ExportSeed.SurveyAsync(Factory, rounds: 1);
        using var otherAdmin = await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@example.no", other.OrganisationId, OrganisationRole.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync(url)).StatusCode);

        using var ownAdmin = await Factory.AsMemberAsync($"admin-{Guid.NewGuid():N}@example.no", s.OrganisationId, OrganisationRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await ownAdmin.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task EveryExport_IsInTheAuditLog_WithWhatWasExported()
    {
        var s = await SeedAsync();
        var email = $"admin-{Guid.NewGuid():N}@example.no";
        using var admin = await Factory.AsMemberAsync(email, s.OrganisationId, OrganisationRole.Admin);

        await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=xlsx&content=answers&rounds={s.RoundIds[0]}&lang=en");

        var entry = Assert.Single(await Factory.Get<AuditLog>().ListAsync(s.OrganisationId, 10, default));
        Assert.Equal("export", entry.Action);
        Assert.Equal(s.SurveyId, entry.Subject);
        Assert.Equal(email, entry.Actor);
        Assert.Equal("xlsx", entry.Details["format"]);
        Assert.Equal("answers", entry.Details["content"]);
        Assert.Equal(s.RoundIds[0], entry.Details["rounds"]);
        Assert.Equal("en", entry.Details["language"]);
        Assert.Equal("22", entry.Details["rows"]);
    }

    [Fact]
    public async Task RowOrder_IsTheRandomIdOrder_NotTheOrderAnswersCameIn()
    {
        // The answers export streams a round's partition as storage returns it. That order is by RowKey, the
        // response id (a random GUID v4), so it carries nothing about when anyone answered (AN-06).
        var s = await ExportSeed.SurveyAsync(Factory, rounds: 1);
        var survey = (await Factory.Get<Catalog.CatalogStore>().LoadSurveyAsync(s.OrganisationId, s.SurveyId, default))!;
        var store = Factory.Get<Responses.ResponseStore>();
        var inserted = new List<Guid>();
        foreach (var answer in ExportSeed.Many("AFT", 40))
        {
            var response = ExportSeed.Build(survey, s.RoundIds[0], answer);
            await store.StoreAsync(Responses.StoredResponse.From(s.OrganisationId, response, answer.Unit), default);
            inserted.Add(response.Id);
        }

        var listed = new List<Guid>();
        await foreach (var r in store.ListAsync(s.RoundIds[0], default)) listed.Add(r.ResponseId);

        Assert.Equal(inserted.Select(i => i.ToString("D")).Order(StringComparer.Ordinal), listed.Select(i => i.ToString("D")));
        Assert.NotEqual(inserted, listed); // 1 in 40! to be equal by chance
    }
    [Fact]
    public async Task ResultsAndAnswers_HideTheSameUnits_SoOneCannotBeSubtractedFromTheOther()
    {
        // A = 20, B = 3, C = 5 and 6 answers without a unit. If the results showed the no-unit group while the
        // answers put it under «annen» with B, «annen» minus the results' no-unit row would be B's 3 answers.
        using var admin = Factory.AsAdmin();
        var s = await ExportSeed.SurveyAsync(Factory, rounds: 1, units: ["A", "B", "C"]);
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[0],
            ExportSeed.Many("A", 20).Concat(ExportSeed.Many("B", 3)).Concat(ExportSeed.Many("C", 5)).Concat(ExportSeed.Many(null, 6)));
        await ExportSeed.CloseAllAsync(Factory, s);

        var results = JsonNode.Parse(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=json&content=results"))!;
        var shownInResults = Table(results, "results")
            .Where(r => (string?)r["level"] != "total" && (string?)r["item_id"] == "Q1" && (string?)r["status"] == "shown")
            .Select(r => (string?)r["unit"] ?? "").ToHashSet();
        var answers = JsonNode.Parse(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=json&content=answers"))!;
        var shownInAnswers = Table(answers, "answers").Select(r => (string?)r["unit"]).Where(u => !string.IsNullOrEmpty(u)).Select(u => u!).ToHashSet();

        Assert.Equal(["A", "C"], shownInResults.Order().ToArray()); // B and the no-unit group hidden together (9 ≥ 5)
        Assert.Equal(shownInResults.Order().ToArray(), shownInAnswers.Order().ToArray());
    }

    [Fact]
    public async Task AnswersOfAnOpenRound_WaitUntilItCloses_WhileTheOrganisationsOwnResultsDoNot()
    {
        using var admin = Factory.AsAdmin();
        var s = await ExportSeed.SurveyAsync(Factory, rounds: 1);
        await ExportSeed.AnswerAsync(Factory, s, s.RoundIds[0], ExportSeed.Many("AFT", 8));

        using var open = await admin.GetAsync($"/api/surveys/{s.SurveyId}/export?format=csv&content=answers&rounds={s.RoundIds[0]}");
        Assert.Equal(HttpStatusCode.BadRequest, open.StatusCode);
        Assert.Contains("er ikke lukket ennå", await open.Content.ReadAsStringAsync());
        using var none = await admin.GetAsync($"/api/surveys/{s.SurveyId}/export?format=csv&content=answers");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=csv&content=results");

        await ExportSeed.CloseAllAsync(Factory, s);
        var csv = Encoding.UTF8.GetString(await GetFileAsync(admin, $"/api/surveys/{s.SurveyId}/export?format=csv&content=answers"));
        Assert.Equal(9, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // header + 8 rows
    }
}
