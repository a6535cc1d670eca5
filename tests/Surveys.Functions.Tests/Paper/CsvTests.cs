using System.Security.Cryptography;
using System.Text;
using Surveys.Functions.Paper;
using Surveys.Model;

namespace Surveys.Functions.Tests.Paper;

/// <summary>Reading spreadsheet CSV (RFC 4180, comma or semicolon) and deriving import ids.</summary>
public sealed class CsvTests
{
    [Theory]
    [InlineData("A;B;C\n1;2;3", ';')]
    [InlineData("A,B,C\n1,2,3", ',')]
    [InlineData("A\n1", ',')]
    [InlineData("\"A,1\";B;C\n1;2;3", ';')] // a comma inside quotes does not count
    [InlineData("A;B\n1,5;2,5", ';')] // only the header line decides
    public void TheSeparator_IsReadFromTheHeaderLine(string text, char expected) =>
        Assert.Equal(expected, Csv.DetectDelimiter(text));

    [Fact]
    public void QuotedValues_KeepSeparatorsDoubledQuotesAndLineBreaks()
    {
        var records = Csv.Parse("ID;TXT\r\n1;\"Bra; men \"\"kaldt\"\"\r\ni lunsjen\"\r\n2;enkel\r\n", ';');

        Assert.Equal(3, records.Count);
        Assert.Equal(["1", "Bra; men \"kaldt\"\ni lunsjen"], records[1].Fields);
        Assert.Equal(["2", "enkel"], records[2].Fields);
    }

    [Fact]
    public void RowNumbersAreAsInASpreadsheet_HeaderIsRow1_AQuotedLineBreakStaysInItsRow()
    {
        var records = Csv.Parse("A,B\n1,\"two\nlines\"\n\n3,4", ',');

        Assert.Equal([1, 2, 3, 4], records.Select(r => r.Row));
        Assert.Equal([1, 2, 4, 5], records.Select(r => r.Line));
        Assert.True(records[2].IsBlank);
        Assert.Equal(["3", "4"], records[3].Fields);
    }

    [Theory]
    [InlineData("A,B\n1,2\n")]
    [InlineData("A,B\r\n1,2\r\n")]
    [InlineData("A,B\r1,2\r")]
    [InlineData("A,B\n1,2")]
    public void AnyLineEnding_AndAFinalLineBreak_GiveTheSameRecords(string text)
    {
        var records = Csv.Parse(text, ',');
        Assert.Equal(2, records.Count);
        Assert.Equal(["1", "2"], records[1].Fields);
    }

    [Fact]
    public void EmptyValues_AreKept_IncludingAtTheEndOfARow() =>
        Assert.Equal(["1", "", ""], Csv.Parse("A;B;C\n1;;", ';')[1].Fields);

    [Fact]
    public void AQuoteThatIsNeverClosed_IsAFormatError_NamingWhereItStarts()
    {
        var e = Assert.Throws<CsvFormatException>(() => Csv.Parse("A;B\n1;2\n3;\"open\n4;5", ';'));
        Assert.Equal(3, e.Row);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void AnImportId_IsARandomLookingVersion4Guid_TheSameForTheSameRoundFileAndRow()
    {
        var file = SHA256.HashData(Encoding.UTF8.GetBytes("A;B\n1;2"));
        var other = SHA256.HashData(Encoding.UTF8.GetBytes("A;B\n1;3"));

        var id = PaperImport.ResponseIdFor("round-1", file, 2);

        Assert.True(Response.IsRandomId(id));
        Assert.Equal(4, id.Version);
        Assert.Equal(id, PaperImport.ResponseIdFor("round-1", file, 2));
        Assert.NotEqual(id, PaperImport.ResponseIdFor("round-1", file, 3));
        Assert.NotEqual(id, PaperImport.ResponseIdFor("round-2", file, 2));
        Assert.NotEqual(id, PaperImport.ResponseIdFor("round-1", other, 2));
        var ids = Enumerable.Range(2, 5000).Select(r => PaperImport.ResponseIdFor("round-1", file, r)).ToList();
        Assert.All(ids, i => Assert.True(Response.IsRandomId(i)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void TheSameTable_SavedWithAnotherSeparatorLineEndingOrQuoting_HasTheSameContentHash()
    {
        var semicolons = Csv.Parse("A;B;C\r\n1;;\"x\"\r\n;;\r\n", ';');
        var commas = Csv.Parse("A,B,C\n1,,x\n", ',');
        var changed = Csv.Parse("A,B,C\n1,,y\n", ',');

        Assert.Equal(PaperImport.ContentHash(semicolons), PaperImport.ContentHash(commas));
        Assert.NotEqual(PaperImport.ContentHash(commas), PaperImport.ContentHash(changed));
    }
}
