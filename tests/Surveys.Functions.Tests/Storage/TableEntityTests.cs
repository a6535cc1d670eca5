using System.Text;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>The entity as a dictionary and its JSON on the wire (storage-and-email-rest.md §4.9); no I/O.</summary>
public class TableEntityTests
{
    [Fact]
    public void Serialize_AnnotatesTypesJsonCannotCarry()
    {
        var entity = new TableEntity("p", "r")
        {
            ["Name"] = "Å",
            ["Count"] = 7,
            ["Big"] = 9007199254740993L,
            ["Ratio"] = 5.0,
            ["Done"] = true,
            ["When"] = new DateTimeOffset(2024, 1, 2, 4, 4, 5, TimeSpan.FromHours(1)).AddTicks(1234567),
            ["Id"] = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
            ["Bytes"] = new byte[] { 1, 2, 255 },
        };

        var json = Encoding.UTF8.GetString(TableEntityJson.Serialize(entity));

        Assert.Equal(
            """{"PartitionKey":"p","RowKey":"r","Name":"\u00C5","Count":7,"Big@odata.type":"Edm.Int64","Big":"9007199254740993","Ratio@odata.type":"Edm.Double","Ratio":5,"Done":true,"When@odata.type":"Edm.DateTime","When":"2024-01-02T03:04:05.1234567Z","Id@odata.type":"Edm.Guid","Id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","Bytes@odata.type":"Edm.Binary","Bytes":"AQL/"}""",
            json);
    }

    [Fact]
    public void Deserialize_ReadsAnnotatedAndUnannotatedValuesIntoDotNetTypes()
    {
        var json = System.Text.Json.JsonDocument.Parse(
            """
            {"odata.etag":"W/\"datetime'2024-01-01T00%3A00%3A00.123Z'\"","PartitionKey":"p","RowKey":"r",
             "Timestamp@odata.type":"Edm.DateTime","Timestamp":"2024-01-01T00:00:00.123Z",
             "Count":7,"Ratio":5.0,"Tiny":1e-7,"Name":"x","Done":false,
             "Big":"9007199254740993","Big@odata.type":"Edm.Int64",
             "Id@odata.type":"Edm.Guid","Id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301",
             "Bytes@odata.type":"Edm.Binary","Bytes":"AQL/","Nan@odata.type":"Edm.Double","Nan":"NaN"}
            """);

        var entity = TableEntityJson.Deserialize(json.RootElement);

        Assert.Equal("W/\"datetime'2024-01-01T00%3A00%3A00.123Z'\"", entity.ETag.ToString());
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, 123, TimeSpan.Zero), entity.Timestamp);
        Assert.Equal(7, Assert.IsType<int>(entity["Count"]));
        Assert.Equal(5.0, Assert.IsType<double>(entity["Ratio"]));
        Assert.Equal(1e-7, Assert.IsType<double>(entity["Tiny"]));
        Assert.Equal(9007199254740993L, Assert.IsType<long>(entity["Big"]));
        Assert.Equal(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Assert.IsType<Guid>(entity["Id"]));
        Assert.Equal(new byte[] { 1, 2, 255 }, Assert.IsType<byte[]>(entity["Bytes"]));
        Assert.True(double.IsNaN(entity.GetDouble("Nan")!.Value));
        Assert.False(entity.GetBoolean("Done"));
        Assert.Equal(["Count", "Ratio", "Tiny", "Name", "Done", "Big", "Id", "Bytes", "Nan"], entity.Keys);
    }

    [Fact]
    public void SystemPropertyNames_AreNotDictionaryKeys()
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity["PartitionKey"] = "q");
        Assert.Throws<ArgumentException>(() => entity.Add("Timestamp", DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => entity.GetString("RowKey"));
        Assert.Equal("p", entity.PartitionKey);
        Assert.Empty(entity);
    }

    [Fact]
    public void UnsupportedValues_AreRejectedWhenSet()
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity["Money"] = 1.5m);
        Assert.Throws<ArgumentException>(() => entity["When"] = new DateTime(2024, 1, 1));   // Kind Unspecified: which instant?
        Assert.Throws<ArgumentNullException>(() => entity.Add("Gone", null));
        Assert.Empty(entity);
    }

    [Fact]
    public void SettingNull_RemovesTheProperty()
    {
        var entity = new TableEntity("p", "r") { ["A"] = 1 };

        entity["A"] = null;

        Assert.False(entity.ContainsKey("A"));
        Assert.Null(entity["A"]);
    }

    [Fact]
    public void TypedGetters_WidenLosslesslyAndRefuseOtherTypes()
    {
        var entity = new TableEntity("p", "r") { ["N"] = 5, ["S"] = "5", ["Utc"] = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) };

        Assert.Equal(5L, entity.GetInt64("N"));
        Assert.Equal(5.0, entity.GetDouble("N"));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), entity.GetDateTimeOffset("Utc"));
        Assert.Null(entity.GetInt32("Missing"));
        Assert.Throws<InvalidOperationException>(() => entity.GetInt32("S"));
    }

    [Fact]
    public void PropertyNames_AreCaseSensitive()
    {
        var entity = new TableEntity("p", "r") { ["name"] = "a", ["Name"] = "b" };

        Assert.Equal(2, entity.Count);
        Assert.Equal("a", entity.GetString("name"));
    }
}
