using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Surveys.Functions.Paper;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Paper;

/// <summary>POST /api/rounds/{roundId}/responses/import: a CSV file of typed-in paper forms.</summary>
public sealed class PaperImportTests(PaperApp app) : IClassFixture<PaperApp>
{
    private static string Url(string roundId) => $"/api/rounds/{roundId}/responses/import";

    private static ByteArrayContent Csv(string text, bool bom = false, string contentType = "text/csv") =>
        Csv((bom ? [0xEF, 0xBB, 0xBF] : Array.Empty<byte>()).Concat(Encoding.UTF8.GetBytes(text)).ToArray(), contentType);

    private static ByteArrayContent Csv(byte[] bytes, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> ImportAsync(HttpClient client, string roundId, HttpContent content)
    {
        using var response = await client.PostAsync(Url(roundId), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException(text));
    }

    private const string CommaFile = "WELLBEING-01,WELLBEING-02,WELLBEING-03,WELLBEING-04,unit\n5,4,,3,AFT\n1,1,2,,VTA\n3,,,,\n";

    [Fact]
    public async Task ACommaSeparatedFile_ImportsEveryRowAsPaper_AndFoldsThem()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv(CommaFile));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(3, (int)body["imported"]!);
        Assert.Equal(0, (int)body["alreadyImported"]!);
        var stored = await app.StoredAsync(round.RoundId);
        Assert.Equal(3, stored.Count);
        Assert.All(stored, s => Assert.Equal(nameof(EntryMode.Paper), s.EntryMode));
        Assert.All(stored, s => Assert.True(Response.IsRandomId(s.ResponseId)));
        Assert.Equal(["", "AFT", "VTA"], stored.Select(s => s.Unit ?? "").Order());
        Assert.Contains(stored, s => s.AnswersJson == """{"WELLBEING-01":5,"WELLBEING-02":4,"WELLBEING-04":3}""");
        var aggregate = (await app.FoldedAsync(round.RoundId, 3))!;
        Assert.Equal(3, aggregate.EntryModes[EntryMode.Paper]);
        Assert.Equal(1, AggregateCounts.Of(aggregate, "WELLBEING-01", 5));
        Assert.Equal(2, AggregateCounts.Answered(aggregate, "WELLBEING-02"));
    }

    [Fact]
    public async Task ASemicolonFileFromNorwegianExcel_WithBomAndCrLf_AndShortCodesInTheHeader_Imports()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        const string file = "T1;T2;wellbeing-03;T4;Enhet\r\n5;4;;3;aft\r\n2;2;2;2;\r\n;;;;\r\n";

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv(file, bom: true, "text/csv; charset=utf-8"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, (int)body["imported"]!); // the blank row at the end is not a form
        var stored = await app.StoredAsync(round.RoundId);
        Assert.Contains(stored, s => s.AnswersJson == """{"WELLBEING-01":5,"WELLBEING-02":4,"WELLBEING-04":3}""" && s.Unit == "AFT");
        Assert.Contains(stored, s => s.AnswersJson == """{"WELLBEING-01":2,"WELLBEING-02":2,"WELLBEING-03":2,"WELLBEING-04":2}""" && s.Unit is null);
    }

    [Fact]
    public async Task QuotedFreeText_WithSemicolonsQuotesAndLineBreaks_IsKeptAsOneAnswer_AndCode9IsNotAPosition()
    {
        var round = await Seed.RoundAsync(app.Factory, Instruments.Exit);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var text = "Mer tid; færre møter.\nOg \"varm\" lunsj!";
        var quoted = global::Surveys.Functions.Paper.Csv.Quote(text, ';');
        var file = $"EXIT-01;EXIT-02;EXIT-YN-01;EXIT-TXT-01\n6;9;1;{quoted}\n2;;2;\n";

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv(file));

        Assert.True(status == HttpStatusCode.Accepted, body.ToJsonString());
        var stored = await app.StoredAsync(round.RoundId);
        var withText = Assert.Single(stored, s => s.AnswersJson.Contains("EXIT-TXT-01", StringComparison.Ordinal));
        var answers = JsonNode.Parse(withText.AnswersJson)!;
        Assert.Equal(text, (string?)answers["EXIT-TXT-01"]);
        Assert.Equal(9, (int)answers["EXIT-02"]!["code"]!); // the non-scale code, not a seventh point
        Assert.Equal(6, (int)answers["EXIT-01"]!);
    }

    [Fact]
    public async Task ReimportingTheSameFile_ImportsNothingNew_AndCountsNothingTwice()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var first = await ImportAsync(leader, round.RoundId, Csv(CommaFile));
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        await app.FoldedAsync(round.RoundId, 3);

        var again = await ImportAsync(leader, round.RoundId, Csv(CommaFile));
        var resaved = await ImportAsync(leader, round.RoundId, Csv(CommaFile.Replace(',', ';').Replace("\n", "\r\n"), bom: true));

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(0, (int)again.Body["imported"]!);
        Assert.Equal(3, (int)again.Body["alreadyImported"]!);
        Assert.Equal(0, (int)resaved.Body["imported"]!); // the same table saved by Excel with semicolons, CRLF and a BOM
        await app.WaitForQueueToDrainAsync();
        Assert.Equal(3, (await app.AggregateAsync(round.RoundId))!.Respondents);
        Assert.Equal(3, (await app.StoredAsync(round.RoundId)).Count);
    }

    [Fact]
    public async Task AFileWithBadRows_ImportsNothing_AndListsEveryBadRowByItsNumberInTheFile()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        const string file =
            "WELLBEING-01;WELLBEING-02;WELLBEING-09;unit\n" + // row 1: WELLBEING-09 is not in the survey
            "5;4;;AFT\n" +                                     // row 2: fine
            "6;4;;AFT\n" +                                     // row 3: off the scale
            "3;3;;\n" +                                        // row 4: fine
            "bra;3,5;;VTA\n" +                                 // row 5: text and a fraction in scale columns
            "\n" +                                             // row 6: blank, skipped
            "2;2;;Lager\n" +                                   // row 7: unknown unit
            "0;;;\n" +                                         // row 8: zero is not a position
            ";;;AFT\n";                                        // row 9: no answers at all

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv(file));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Filen ble ikke importert", (string?)body["title"]);
        var errors = body["errors"]!.AsObject();
        Assert.Equal(["row 1", "row 3", "row 5", "row 7", "row 8", "row 9"], errors.Select(e => e.Key));
        Assert.Contains("WELLBEING-09", errors["row 1"]![0]!.ToString());
        Assert.StartsWith("WELLBEING-01: Svaret må være et tall fra 1 til 5", errors["row 3"]![0]!.ToString());
        Assert.Equal(2, errors["row 5"]!.AsArray().Count);
        Assert.Equal([1, 3, 5, 7, 8, 9], body["badRows"]!.AsArray().Select(r => (int)r!));
        var problems = body["problems"]!.AsArray().Select(p => ((int)p!["row"]!, (string?)p["column"], (string)p["code"]!)).ToList();
        Assert.Contains((1, "WELLBEING-09", "unknown-column"), problems);
        Assert.Contains((3, "WELLBEING-01", ErrorCodes.OffScale), problems);
        Assert.Contains((5, "WELLBEING-01", ErrorCodes.WrongType), problems);
        Assert.Contains((5, "WELLBEING-02", ErrorCodes.WrongType), problems);
        Assert.Contains((7, "unit", "unknown-unit"), problems);
        Assert.Contains((8, "WELLBEING-01", ErrorCodes.OffScale), problems);
        Assert.Contains((9, null, ErrorCodes.EmptyResponse), problems);
        Assert.Equal(0, (int)body["imported"]!);
        Assert.Empty(await app.StoredAsync(round.RoundId));
        Assert.Null(await app.AggregateAsync(round.RoundId));
    }

    [Fact]
    public async Task BadRowsAreListedInEnglish_WhenTheCallerAsksForEnglish()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        leader.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv("WELLBEING-01,NOPE\n9,1\n"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The file was not imported", (string?)body["title"]);
        Assert.Contains("The column 'NOPE' (column 2) is not in the survey", body["errors"]!["row 1"]![0]!.ToString());
        Assert.StartsWith("WELLBEING-01: The answer must be a number from 1 to 5", body["errors"]!["row 2"]![0]!.ToString());
    }

    [Fact]
    public async Task RowNumbersCountTheHeaderAsRow1_AndAQuotedLineBreakStaysInItsRow()
    {
        var round = await Seed.RoundAsync(app.Factory, Instruments.Exit);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        const string file = "EXIT-TXT-01,EXIT-01\n\"line one\nline two\",5\n\"ok\",7\n";

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv(file));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var problem = Assert.Single(body["problems"]!.AsArray())!;
        Assert.Equal(3, (int)problem["row"]!);  // as a spreadsheet shows it
        Assert.Equal(4, (int)problem["line"]!); // where it starts in a text editor
    }

    [Fact]
    public async Task AnUnclosedQuote_IsReportedWithItsRow_AndImportsNothing()
    {
        var round = await Seed.RoundAsync(app.Factory, Instruments.Exit);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv("EXIT-01;EXIT-TXT-01\n5;fint\n4;\"aldri lukket\n3;x\n"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["row 3"], body["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task ALeaderLimitedToAUnit_ImportsOnlyRowsOfThatUnit()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId, ["VTA"]);

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv("WELLBEING-01;unit\n3;VTA\n3;AFT\n3;\n"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["row 3", "row 4"], body["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task AFileOverTheSizeLimit_Is413_AndStoresNothing()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var rows = new StringBuilder("WELLBEING-01\n");
        while (rows.Length <= PaperLimits.MaxImportBytes) rows.Append("3\n");

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv(rows.ToString()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Filen er for stor", (string?)body["title"]);
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task MoreRowsThanTheLimit_Is400_AndStoresNothing()
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var file = "WELLBEING-01\n" + string.Concat(Enumerable.Repeat("3\n", PaperLimits.MaxImportRows + 1));

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv(file));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(PaperLimits.MaxImportRows.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)body["detail"]);
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/vnd.ms-excel")]
    [InlineData("text/csv; charset=windows-1252")]
    public async Task AFileSentAsAnythingButUtf8TextCsv_Is415(string contentType)
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        var (status, _) = await ImportAsync(leader, round.RoundId, Csv("WELLBEING-01\n3\n", contentType: contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("WELLBEING-01;WELLBEING-02\r\n")]
    [InlineData("WELLBEING-01;WELLBEING-02\n;\n\n")]
    public async Task AnEmptyFile_OrAHeaderOnly_Is400(string file)
    {
        var round = await Seed.RoundAsync(app.Factory);
        using var leader = await app.LeaderAsync(round.OrganisationId);

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv(file));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains((string?)body["title"], new[] { "Filen er tom", "Filen har ingen svar" });
    }

    [Fact]
    public async Task AFileThatIsNotUtf8_Is400_AndSaysHowToSaveIt()
    {
        var round = await Seed.RoundAsync(app.Factory, Instruments.Exit);
        using var leader = await app.LeaderAsync(round.OrganisationId);
        var latin1 = Encoding.Latin1.GetBytes("EXIT-01;EXIT-TXT-01\n5;Blåbær\n");

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv(latin1));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("CSV UTF-8", (string?)body["detail"]);
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }

    [Fact]
    public async Task AClosedRound_TakesNoFile()
    {
        var round = await Seed.RoundAsync(app.Factory, closes: DateTimeOffset.UtcNow.AddMinutes(-1));
        using var leader = await app.LeaderAsync(round.OrganisationId);

        var (status, body) = await ImportAsync(leader, round.RoundId, Csv("WELLBEING-01\n3\n"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(ErrorCodes.RoundClosed, body.ToJsonString());
        Assert.Empty(await app.StoredAsync(round.RoundId));
    }
}
