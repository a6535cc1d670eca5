using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

public class TableFilterTests
{
    [Fact]
    public void Create_FormatsEveryValueAsAnODataLiteral()
    {
        var when = new DateTimeOffset(2024, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234567);
        var id = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");

        var filter = TableFilter.Create(
            $"PartitionKey eq {"O'Brien på Å"} and Qty ge {10L} and N lt {5} and D eq {5.0} and F eq {0.25} and B eq {true} and When ge {when} and Id eq {id} and Bin eq {new byte[] { 0x0A, 0x0B }}");

        Assert.Equal(
            "PartitionKey eq 'O''Brien på Å' and Qty ge 10L and N lt 5 and D eq 5.0 and F eq 0.25 and B eq true and " +
            "When ge datetime'2024-05-06T07:08:09.1234567Z' and Id eq guid'3f2504e0-4f89-11d3-9a0c-0305e82c3301' and Bin eq X'0a0b'",
            filter);
    }

    [Fact]
    public void Create_QuoteInAValueCannotEndTheLiteral()
    {
        var hostile = "x' or RowKey ne '";

        Assert.Equal("Name eq 'x'' or RowKey ne '''", TableFilter.Create($"Name eq {hostile}"));
    }

    [Fact]
    public void Create_RejectsValuesWithoutALiteralForm()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"When eq {new DateTime(2024, 1, 1)}"));   // Kind Unspecified
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"X eq {1.5m}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"X eq {double.NaN}"));
    }
}
