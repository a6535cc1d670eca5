using System.Text.Json.Nodes;
using Surveys.Functions.Hosting;

namespace Surveys.Functions.Tests.Hosting;

/// <summary>The invocation payloads, in the documented shape and in the shape the host code really
/// sends (functions-custom-handler.md §6.2–6.6).</summary>
public class HostPayloadTests
{
    [Fact]
    public void QueuePayload_InDocumentedShape_IsRead()
    {
        var payload = JsonNode.Parse("""
            { "Data": { "myQueueItem": "{ message: \"Message sent\" }" },
              "Metadata": { "DequeueCount": 1, "ExpirationTime": "2019-10-16T17:58:31+00:00",
                "Id": "800ae4b3-bdd2-4c08-badd-f08e5a34b865", "InsertionTime": "2019-10-09T17:58:31+00:00",
                "NextVisibleTime": "2019-10-09T18:08:32+00:00", "PopReceipt": "AgAAAAMAAAAAAAAAAgtnj8x+1QE=",
                "sys": { "MethodName": "QueueTrigger", "UtcNow": "2019-10-09T17:58:32.2205399Z", "RandGuid": "24ad4c06-24ad-4e5b-8294-3da9714877e9" } } }
            """);

        var m = HostPayload.ReadQueue(payload, "myQueueItem");

        Assert.Equal("{ message: \"Message sent\" }", m.MessageText); // not valid JSON: stays text
        Assert.Equal(1, m.DequeueCount);
        Assert.Equal("800ae4b3-bdd2-4c08-badd-f08e5a34b865", m.Id);
        Assert.Equal("AgAAAAMAAAAAAAAAAgtnj8x+1QE=", m.PopReceipt);
        Assert.Equal(new DateTimeOffset(2019, 10, 9, 17, 58, 31, TimeSpan.Zero), m.InsertionTime);
    }

    [Fact]
    public void QueuePayload_InRealHostShape_UnwrapsDoubleEncodedJsonAndStringNumbers()
    {
        var payload = JsonNode.Parse("""
            { "Data": { "msg": "\"{\\\"orderId\\\":1,\\\"name\\\":\\\"Ås\\\"}\"" },
              "Metadata": { "DequeueCount": "4", "ExpirationTime": "2024-01-08T00:00:00+00:00",
                "Id": "\"800ae4b3-0000-4c08-badd-f08e5a34b865\"", "InsertionTime": "2024-01-01T00:00:00+00:00",
                "NextVisibleTime": "2024-01-01T00:10:00+00:00", "PopReceipt": "\"AgAAAA==\"",
                "sys": { "MethodName": "Fold", "UtcNow": "2024-01-01T00:00:00Z", "RandGuid": "x" } } }
            """);

        var m = HostPayload.ReadQueue(payload, "msg");

        Assert.Equal("""{"orderId":1,"name":"Ås"}""", JsonNode.Parse(m.MessageText)!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal(4, m.DequeueCount);
        Assert.Equal("800ae4b3-0000-4c08-badd-f08e5a34b865", m.Id);
        Assert.Equal("AgAAAA==", m.PopReceipt);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("123abc")]
    [InlineData("{ not json")]
    [InlineData("Blåbærsyltetøy")]
    public void PlainTextMessage_SurvivesTheHostsEncoding(string text)
    {
        var hostShaped = HostPayload.QueuePayload("message", new QueueTrigger(text, 2, "id", PopReceipt: "pr"), hostShape: true);
        var documented = HostPayload.QueuePayload("message", new QueueTrigger(text, 2, "id", PopReceipt: "pr"), hostShape: false);

        Assert.Equal(text, HostPayload.ReadQueue(JsonNode.Parse(hostShaped.ToJsonString()), "message").MessageText);
        Assert.Equal(text, HostPayload.ReadQueue(JsonNode.Parse(documented.ToJsonString()), "message").MessageText);
    }

    [Fact]
    public void JsonMessage_RoundTripsThroughBothShapes_WithMetadata()
    {
        const string text = """{"roundId":"r1","responseId":"6f1c2b0e-9d7a-4c51-8e7e-3c4b9f7d1a20"}""";
        var m = new QueueTrigger(text, 3, "abc", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), PopReceipt: "AgAAAA+/=");
        foreach (var shape in new[] { true, false })
        {
            var read = HostPayload.ReadQueue(JsonNode.Parse(HostPayload.QueuePayload("message", m, shape).ToJsonString()), "message");
            Assert.Equal(JsonNode.Parse(text)!.ToJsonString(), JsonNode.Parse(read.MessageText)!.ToJsonString());
            Assert.Equal(3, read.DequeueCount);
            Assert.Equal("abc", read.Id);
            Assert.Equal("AgAAAA+/=", read.PopReceipt);
            Assert.Equal(m.InsertionTime, read.InsertionTime);
        }
    }

    [Fact]
    public void BindingNames_AreMatchedCaseInsensitively()
    {
        var payload = JsonNode.Parse("""{ "data": { "Message": "\"x\"" }, "metadata": { "dequeueCount": "2" } }""");
        var m = HostPayload.ReadQueue(payload, "message");
        Assert.Equal("x", m.MessageText);
        Assert.Equal(2, m.DequeueCount);
    }

    [Fact]
    public void TimerPayload_IsRead_WithPastDueAndStatus()
    {
        var payload = JsonNode.Parse("""
            { "Data": { "myTimer": { "Schedule": { "AdjustForDST": true },
                "ScheduleStatus": { "Last": "2024-01-01T09:55:00+00:00", "Next": "2024-01-01T10:00:00+00:00", "LastUpdated": "2024-01-01T09:55:00+00:00" },
                "IsPastDue": true } },
              "Metadata": { "sys": { "MethodName": "Digest", "UtcNow": "2024-01-01T10:00:01Z", "RandGuid": "g" } } }
            """);

        var t = HostPayload.ReadTimer(payload, "myTimer");

        Assert.True(t.IsPastDue);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero), t.ScheduleStatus!.Next);
    }

    [Fact]
    public void TimerPayload_WithoutMonitorAndWithOddValues_IsReadDefensively()
    {
        var payload = JsonNode.Parse("""
            { "Data": { "t": "{\"ScheduleStatus\":null,\"IsPastDue\":\"false\"}" }, "Metadata": {} }
            """);
        var t = HostPayload.ReadTimer(payload, "t");
        Assert.False(t.IsPastDue);
        Assert.Null(t.ScheduleStatus);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"Data":{}}""")]
    [InlineData("""{"Data":{"other":"x"}}""")]
    public void PayloadWithoutTheMessage_IsAFormatError(string json)
    {
        Assert.Throws<FormatException>(() => HostPayload.ReadQueue(JsonNode.Parse(json), "message"));
    }
}
