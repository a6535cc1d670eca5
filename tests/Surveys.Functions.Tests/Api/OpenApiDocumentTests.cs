using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Surveys.Functions.Catalog;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Api;

/// <summary>
/// The served OpenAPI document (generated from the functions) against what the build declares (functions.metadata)
/// and what the handlers really accept: it drifts from neither.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.App app) : IClassFixture<OpenApiDocumentTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false, settings: ApiCalls.AdminKeySetting);

    private static readonly string[] Writes = ["POST", "PUT", "PATCH"];

    /// <summary>The writes that take no body at all (every other write must document its body).</summary>
    private static readonly HashSet<string> WritesWithoutBody = ["DownloadExport"]; // the button on /eksport/{token}

    /// <summary>How a client sends a record: the app's web JSON, optional fields left out.</summary>
    private static readonly JsonSerializerOptions Client = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private SurveysApp Factory => app.Factory;

    private sealed record Operation(string Method, string Path, JsonObject Body);

    private async Task<JsonObject> DocumentAsync()
    {
        using var response = await Factory.CreateClient().GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static IEnumerable<Operation> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(m => m.Key != "parameters")
            .Select(m => new Operation(m.Key.ToUpperInvariant(), p.Key, m.Value!.AsObject())));

    private static IEnumerable<(string Key, DeclaredFunction Function)> DeclaredApiOperations() =>
        FunctionsMetadata.Http.Where(f => f.Route!.StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(f => f.Methods.Select(m => ($"{m} /{f.Route}", f)));

    [Fact]
    public async Task TheOperations_AreExactlyTheApiFunctionsOfTheBuild_NamedAfterThem()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.0.", (string?)document["openapi"]);

        var described = Operations(document).ToDictionary(o => $"{o.Method} {o.Path}", o => (string?)o.Body["operationId"]);
        var declared = DeclaredApiOperations().ToDictionary(d => d.Key, d => (string?)d.Function.Name);

        Assert.Equal(declared.Keys.Order(), described.Keys.Order());
        foreach (var (key, name) in declared) Assert.True(described[key] == name, $"{key}: operationId {described[key]}, function {name}");
    }

    [Fact]
    public async Task EveryOperation_HasASummaryATagAResponse_AndExactlyItsRouteParameters()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var op in Operations(document))
        {
            var name = $"{op.Method} {op.Path}";
            if (string.IsNullOrWhiteSpace((string?)op.Body["summary"])) problems.Add($"{name}: no summary");
            if (op.Body["tags"] is not JsonArray { Count: > 0 }) problems.Add($"{name}: no tag");
            if (op.Body["responses"] is not JsonObject { Count: > 0 } responses) problems.Add($"{name}: no response");
            else if (!responses.Any(r => r.Key.StartsWith('2'))) problems.Add($"{name}: no success response");

            var parameters = (op.Body["parameters"] as JsonArray ?? []).Select(p => Resolve(document, p!)).ToList();
            var inPath = parameters.Where(p => (string?)p["in"] == "path").ToList();
            var inRoute = Regex.Matches(op.Path, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToList();
            if (!inPath.Select(p => (string)p["name"]!).SequenceEqual(inRoute))
                problems.Add($"{name}: path parameters [{string.Join(", ", inPath.Select(p => p["name"]))}], route [{string.Join(", ", inRoute)}]");
            if (inPath.Any(p => (bool?)p["required"] != true || (string?)p["schema"]?["type"] != "string"))
                problems.Add($"{name}: a path parameter that is not a required string");
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task EveryWrite_DocumentsItsBody_AndAJsonBodyHasAnObjectSchemaWithProperties()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var op in Operations(document).Where(o => Writes.Contains(o.Method)))
        {
            var name = $"{op.Method} {op.Path} ({op.Body["operationId"]})";
            if (WritesWithoutBody.Contains((string)op.Body["operationId"]!))
            {
                if (op.Body["requestBody"] is not null) problems.Add($"{name}: listed as taking no body, but documents one");
                continue;
            }
            if (op.Body["requestBody"]?["content"] is not JsonObject { Count: > 0 } content)
            {
                problems.Add($"{name}: no requestBody");
                continue;
            }
            if (content["application/json"] is { } json)
            {
                var schema = Resolve(document, json["schema"]!);
                if ((string?)schema["type"] != "object" || schema["properties"] is not JsonObject { Count: > 0 })
                    problems.Add($"{name}: the JSON body's schema has no properties: {schema.ToJsonString()}");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task EveryReference_Resolves()
    {
        var document = await DocumentAsync();
        var references = new List<string>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                if (o["$ref"] is JsonValue r) references.Add(r.GetValue<string>());
                foreach (var (_, child) in o) Walk(child);
            }
            else if (node is JsonArray a) foreach (var child in a) Walk(child);
        }
        Walk(document);

        Assert.NotEmpty(references);
        Assert.All(references.Distinct(), r => Assert.NotNull(Pointer(document, r)));
    }

    /// <summary>The documented create-survey body, built from its record, is what the real endpoint takes:
    /// a body of the record is accepted, and each property the document calls required is refused when left out.</summary>
    [Fact]
    public async Task CreateSurvey_TakesTheDocumentedBody_AndRefusesItWithoutARequiredProperty()
    {
        var document = await DocumentAsync();
        using var admin = Factory.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", Body(new CreateOrganisationRequest("Kontrakt AS", ["AFT", "VTA"])));

        var fromInstrument = new CreateSurveyRequest("Etikk", Instrument: "ETHICS",
            Wording: [new WordingEditRequest("ETHICS-07", "nb", "Som veileder er jeg bevisst egne verdier.")]);
        var custom = new CreateSurveyRequest("Kantina", Items:
        [
            new CustomItemRequest("KANTINE-01", "SCALE-FREQ5", new Dictionary<string, string> { ["nb"] = "Jeg liker maten.", ["en"] = "I like the food." }, Required: true),
            new CustomItemRequest("KANTINE-02", "TEXT", new Dictionary<string, string> { ["nb"] = "Hva vil du spise?" }),
        ]);
        var path = $"/api/organisations/{org}/surveys";
        var survey = await admin.CreateIdAsync(path, Body(fromInstrument));
        await admin.CreateIdAsync(path, Body(custom));

        await AssertRequiredPropertiesAreRequiredAsync(document, admin, "POST", "/api/organisations/{orgId}/surveys", path, Body(custom));

        var round = new CreateRoundRequest("2026-før", Opens: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)), Invited: 12, Continuous: false);
        var roundPath = $"/api/surveys/{survey}/rounds";
        await admin.CreateIdAsync(roundPath, Body(round));
        await AssertRequiredPropertiesAreRequiredAsync(document, admin, "POST", "/api/surveys/{surveyId}/rounds", roundPath, Body(round));
    }

    [Fact]
    public async Task AddMember_TakesTheDocumentedBody_AndRefusesItWithoutARequiredProperty()
    {
        var document = await DocumentAsync();
        using var admin = Factory.AsAdmin();
        var org = await admin.CreateIdAsync("/api/organisations", Body(new CreateOrganisationRequest("Medlem AS", ["AFT"])));
        var path = $"/api/organisations/{org}/members";
        var body = Body(new AddMemberRequest("leder@example.no", "Lea Leder", "leader", ["AFT"]));

        using var response = await admin.PostAsync(path, Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The answer has what the documented response record says it has.
        var member = (await response.Content.ReadFromJsonAsync<MemberView>(Client))!;
        Assert.Equal("leader", member.Role);
        Assert.Equal(["AFT"], member.Units!);

        await AssertRequiredPropertiesAreRequiredAsync(document, admin, "POST", "/api/organisations/{orgId}/members", path, body);
    }

    /// <summary>Each property the document lists as required, left out of an otherwise good body: a 400 naming it.</summary>
    private static async Task AssertRequiredPropertiesAreRequiredAsync(JsonObject document, HttpClient client, string method, string template, string path, JsonObject body)
    {
        var schema = Resolve(document, document["paths"]![template]![method.ToLowerInvariant()]!["requestBody"]!["content"]!["application/json"]!["schema"]!);
        var required = (schema["required"] as JsonArray ?? []).Select(r => (string)r!).ToList();
        Assert.NotEmpty(required);
        Assert.All(required, r => Assert.True(body.ContainsKey(r), $"{template}: the example leaves out required '{r}'"));
        foreach (var property in required)
        {
            var without = body.DeepClone().AsObject();
            without.Remove(property);
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(without) });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{template} without '{property}': {(int)response.StatusCode} {text}");
            Assert.Contains(property, text, StringComparison.Ordinal);
        }
    }

    private static JsonObject Body<T>(T record) => JsonSerializer.SerializeToNode(record, Client)!.AsObject();

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static JsonObject Resolve(JsonObject document, JsonNode node) =>
        node["$ref"] is JsonValue r ? Pointer(document, r.GetValue<string>())!.AsObject() : node.AsObject();

    private static JsonNode? Pointer(JsonObject document, string reference)
    {
        Assert.StartsWith("#/", reference);
        JsonNode? node = document;
        foreach (var part in reference[2..].Split('/')) node = node?[part.Replace("~1", "/").Replace("~0", "~")];
        return node;
    }
}
