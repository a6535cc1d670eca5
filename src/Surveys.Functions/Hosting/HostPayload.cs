using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Surveys.Functions.Hosting;

/// <summary>A queue message as a function sees it, whoever delivered it (the Functions host or the
/// local trigger runner).</summary>
public sealed record QueueTrigger(
    string MessageText,
    long DequeueCount,
    string? Id = null,
    DateTimeOffset? InsertionTime = null,
    DateTimeOffset? ExpirationTime = null,
    DateTimeOffset? NextVisibleTime = null,
    string? PopReceipt = null);

/// <summary>The timer's recorded schedule status (advisory: the host has sent odd values).</summary>
public sealed record ScheduleStatus(DateTimeOffset? Last, DateTimeOffset? Next, DateTimeOffset? LastUpdated);

/// <summary>A timer firing as a function sees it.</summary>
public sealed record TimerTrigger(bool IsPastDue, ScheduleStatus? ScheduleStatus);

/// <summary>
/// Decodes the Functions host's invocation payload <c>{ "Data": {…}, "Metadata": {…} }</c>, tolerating
/// both the documented shape and the shape the host code really produces, where every string and
/// number arrives as a JSON-encoded string (functions-custom-handler.md §6.2, §6.6).
/// </summary>
public static class HostPayload
{
    /// <summary>The tolerant unwrap: a string whose text is itself JSON is parsed, at most twice.</summary>
    public static JsonNode? Unwrap(JsonNode? value)
    {
        for (var i = 0; i < 2 && value is JsonValue jv && jv.TryGetValue(out string? s); i++)
        {
            var t = s.TrimStart();
            if (t.Length == 0 || "\"{[-0123456789tfn".IndexOf(t[0], StringComparison.Ordinal) < 0) break;
            try { value = JsonNode.Parse(t); }
            catch (JsonException) { break; }
        }
        return value;
    }

    /// <summary>Reads a queue invocation; <paramref name="bindingName"/> is the trigger's name in function.json.</summary>
    /// <exception cref="FormatException">The payload lacks the message or is not an invocation.</exception>
    public static QueueTrigger ReadQueue(JsonNode? payload, string bindingName)
    {
        var (data, metadata) = Split(payload);
        var message = Get(data, bindingName) ?? throw new FormatException($"The invocation has no Data.{bindingName}.");
        return new QueueTrigger(
            MessageText: AsText(Unwrap(message)) ?? throw new FormatException($"Data.{bindingName} is null."),
            DequeueCount: AsLong(Get(metadata, "DequeueCount")) ?? 1,
            Id: AsText(Unwrap(Get(metadata, "Id"))),
            InsertionTime: AsDate(Get(metadata, "InsertionTime")),
            ExpirationTime: AsDate(Get(metadata, "ExpirationTime")),
            NextVisibleTime: AsDate(Get(metadata, "NextVisibleTime")),
            PopReceipt: AsText(Unwrap(Get(metadata, "PopReceipt"))));
    }

    /// <summary>Reads a timer invocation.</summary>
    public static TimerTrigger ReadTimer(JsonNode? payload, string bindingName)
    {
        var (data, _) = Split(payload);
        var timer = Unwrap(Get(data, bindingName)) as JsonObject;
        var status = Unwrap(Get(timer, "ScheduleStatus")) as JsonObject;
        return new TimerTrigger(
            IsPastDue: AsBool(Get(timer, "IsPastDue")) ?? false,
            ScheduleStatus: status is null ? null : new ScheduleStatus(
                AsDate(Get(status, "Last")), AsDate(Get(status, "Next")), AsDate(Get(status, "LastUpdated"))));
    }

    /// <summary>Builds the payload the real host sends for a queue message (§6.3, "code shape"), or the
    /// documented shape when <paramref name="hostShape"/> is false. Used by the runner's endpoint mode.</summary>
    public static JsonObject QueuePayload(string bindingName, QueueTrigger m, bool hostShape)
    {
        JsonNode? Str(string? s) => s is null ? null : hostShape ? JsonValue.Create(JsonSerializer.Serialize(s)) : JsonValue.Create(s);
        JsonNode? Date(DateTimeOffset? d) => d is null ? null : JsonValue.Create(d.Value.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture));
        return new JsonObject
        {
            ["Data"] = new JsonObject { [bindingName] = Str(m.MessageText) },
            ["Metadata"] = new JsonObject
            {
                ["DequeueCount"] = hostShape ? JsonValue.Create(m.DequeueCount.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(m.DequeueCount),
                ["ExpirationTime"] = Date(m.ExpirationTime),
                ["Id"] = Str(m.Id),
                ["InsertionTime"] = Date(m.InsertionTime),
                ["NextVisibleTime"] = Date(m.NextVisibleTime),
                ["PopReceipt"] = Str(m.PopReceipt),
                ["sys"] = new JsonObject { ["MethodName"] = bindingName, ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O"), ["RandGuid"] = Guid.NewGuid().ToString() },
            },
        };
    }

    /// <summary>Builds a timer payload (§6.4).</summary>
    public static JsonObject TimerPayload(string bindingName, TimerTrigger t) => new()
    {
        ["Data"] = new JsonObject
        {
            [bindingName] = new JsonObject
            {
                ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                ["ScheduleStatus"] = t.ScheduleStatus is null ? null : new JsonObject
                {
                    ["Last"] = t.ScheduleStatus.Last?.ToString("O"),
                    ["Next"] = t.ScheduleStatus.Next?.ToString("O"),
                    ["LastUpdated"] = t.ScheduleStatus.LastUpdated?.ToString("O"),
                },
                ["IsPastDue"] = t.IsPastDue,
            },
        },
        ["Metadata"] = new JsonObject(),
    };

    private static (JsonObject? Data, JsonObject? Metadata) Split(JsonNode? payload)
    {
        if (payload is not JsonObject root) throw new FormatException("The invocation payload is not a JSON object.");
        var data = Unwrap(Get(root, "Data")) as JsonObject ?? throw new FormatException("The invocation payload has no Data object.");
        return (data, Unwrap(Get(root, "Metadata")) as JsonObject);
    }

    // Property names are matched case-insensitively, as the host's JObject handling does.
    private static JsonNode? Get(JsonObject? o, string name) =>
        o?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>A message's text: a string stays as it is; anything the unwrap parsed is JSON text again.</summary>
    private static string? AsText(JsonNode? v) => v switch
    {
        null => null,
        JsonValue jv when jv.TryGetValue(out string? s) => s,
        _ => v.ToJsonString(),
    };

    private static long? AsLong(JsonNode? v) => Unwrap(v) switch
    {
        JsonValue jv when jv.TryGetValue(out long l) => l,
        JsonValue jv when jv.TryGetValue(out double d) => (long)d,
        JsonValue jv when jv.TryGetValue(out string? s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    private static bool? AsBool(JsonNode? v) => Unwrap(v) switch
    {
        JsonValue jv when jv.TryGetValue(out bool b) => b,
        JsonValue jv when jv.TryGetValue(out string? s) && bool.TryParse(s, out var b) => b,
        _ => null,
    };

    private static DateTimeOffset? AsDate(JsonNode? v)
    {
        var node = v;
        // A JSON-encoded ISO string ("\"2024-…\"") is unwrapped once; a bare ISO string is not JSON and stays.
        if (node is JsonValue jv && jv.TryGetValue(out string? s) && s.StartsWith('"')) node = Unwrap(node);
        return node is JsonValue d && d.TryGetValue(out string? text) &&
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var r)
            ? r
            : node is JsonValue dt && dt.TryGetValue(out DateTimeOffset dto) ? dto : null;
    }
}
