using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Microsoft.OpenApi;

namespace Surveys.Functions.Api.OpenApi;

/// <summary>
/// OpenAPI schemas of the request and response records: System.Text.Json's own <see cref="JsonSchemaExporter"/> with the
/// app's JSON options (so names and converters are the ones the wire uses), a few standard annotations folded in
/// (<c>[Description]</c>, <c>[DefaultValue]</c>, <c>[AllowedValues]</c>, <c>[MaxLength]</c>, <c>[MinLength]</c>,
/// <c>[Range]</c>, <c>[EmailAddress]</c>), then turned into Microsoft.OpenApi schema objects.
/// Nullable annotations and required constructor parameters are respected, and numbers are numbers: a record's parameter without a default is
/// <c>required</c>, a <c>T?</c> one may be null.
/// </summary>
internal sealed class JsonSchemas(JsonSerializerOptions appOptions)
{
    private readonly JsonSerializerOptions _options = new(appOptions)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        // The web defaults also read "12" as a number, but the handlers read bodies strictly (RequestFields.Int) and
        // write numbers as numbers: the documented type is the number.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        TypeInfoResolver = appOptions.TypeInfoResolver ?? new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonSchemaExporterOptions Exporter = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = Annotate,
    };

    /// <summary>The records already kept under components/schemas, by name.</summary>
    public Dictionary<string, Type> Named { get; } = new(StringComparer.Ordinal);

    /// <summary>The type's schema as JSON Schema (draft 2020-12, as System.Text.Json writes it).</summary>
    public JsonNode JsonSchemaOf(Type type) => _options.GetJsonSchemaAsNode(type, Exporter);

    public OpenApiSchema OpenApiSchemaOf(Type type) => Convert(JsonSchemaOf(type));

    private static JsonNode Annotate(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject o) return schema;
        if (context.PropertyInfo is null && context.TypeInfo.Type.GetCustomAttribute<DescriptionAttribute>() is { } typeDescription)
            o["description"] = typeDescription.Description;
        if (context.PropertyInfo is not { } property) return schema;

        var providers = new[] { property.AttributeProvider, property.AssociatedParameter?.AttributeProvider }.OfType<ICustomAttributeProvider>();
        var attributes = providers.SelectMany(p => p.GetCustomAttributes(inherit: true)).ToList();
        var isArray = TypeNames(o).Contains("array");
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case DescriptionAttribute d: o["description"] = d.Description; break;
                case DefaultValueAttribute { Value: { } value }: o["default"] = JsonSerializer.SerializeToNode(value, value.GetType()); break;
                case AllowedValuesAttribute a: o["enum"] = new JsonArray(a.Values.Select(v => JsonSerializer.SerializeToNode(v)).ToArray()); break;
                case EmailAddressAttribute: o["format"] = "email"; break;
                case MaxLengthAttribute m: o[isArray ? "maxItems" : "maxLength"] = m.Length; break;
                case MinLengthAttribute m: o[isArray ? "minItems" : "minLength"] = m.Length; break;
                case RangeAttribute r:
                    o["minimum"] = JsonValue.Create(System.Convert.ToDecimal(r.Minimum, CultureInfo.InvariantCulture));
                    o["maximum"] = JsonValue.Create(System.Convert.ToDecimal(r.Maximum, CultureInfo.InvariantCulture));
                    break;
            }
        }
        return schema;
    }

    private static IEnumerable<string> TypeNames(JsonObject schema) => schema["type"] switch
    {
        JsonValue v => [v.GetValue<string>()],
        JsonArray a => a.Select(t => t!.GetValue<string>()),
        _ => [],
    };

    /// <summary>A JSON Schema node as a Microsoft.OpenApi schema. An unknown keyword is an error, so nothing the
    /// exporter writes is silently dropped from the document.</summary>
    public static OpenApiSchema Convert(JsonNode? node)
    {
        var schema = new OpenApiSchema();
        if (node is JsonValue boolean && boolean.GetValueKind() == JsonValueKind.True) return schema; // `true`: anything
        foreach (var (key, value) in node!.AsObject())
        {
            switch (key)
            {
                case "type":
                    schema.Type = TypeNames(node.AsObject()).Select(TypeOf).Aggregate((a, b) => a | b);
                    break;
                case "format": schema.Format = value!.GetValue<string>(); break;
                case "description": schema.Description = value!.GetValue<string>(); break;
                case "pattern": schema.Pattern = value!.GetValue<string>(); break;
                case "enum":
                    schema.Enum = value!.AsArray().Select(v => v?.DeepClone()).OfType<JsonNode>().ToList();
                    // A string enum's converter writes no type, and a nullable one lists null as a value.
                    if (node["type"] is null) schema.Type = JsonSchemaType.String | (value.AsArray().Any(v => v is null) ? JsonSchemaType.Null : 0);
                    break;
                case "default": schema.Default = value?.DeepClone(); break;
                case "items": schema.Items = Convert(value); break;
                case "properties":
                    schema.Properties = value!.AsObject().ToDictionary(p => p.Key, p => (IOpenApiSchema)Convert(p.Value));
                    break;
                case "required": schema.Required = value!.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(); break;
                case "additionalProperties":
                    if (value is JsonValue allowed && allowed.GetValueKind() == JsonValueKind.False) schema.AdditionalPropertiesAllowed = false;
                    else schema.AdditionalProperties = Convert(value);
                    break;
                case "minimum": schema.Minimum = value!.ToJsonString(); break;
                case "maximum": schema.Maximum = value!.ToJsonString(); break;
                case "minLength": schema.MinLength = value!.GetValue<int>(); break;
                case "maxLength": schema.MaxLength = value!.GetValue<int>(); break;
                case "minItems": schema.MinItems = value!.GetValue<int>(); break;
                case "maxItems": schema.MaxItems = value!.GetValue<int>(); break;
                case "anyOf": schema.AnyOf = value!.AsArray().Select(s => (IOpenApiSchema)Convert(s)).ToList(); break;
                default: throw new NotSupportedException($"The JSON Schema keyword '{key}' has no OpenAPI mapping here: {node.ToJsonString()}");
            }
        }
        return schema;
    }

    private static JsonSchemaType TypeOf(string name) => name switch
    {
        "string" => JsonSchemaType.String,
        "integer" => JsonSchemaType.Integer,
        "number" => JsonSchemaType.Number,
        "boolean" => JsonSchemaType.Boolean,
        "object" => JsonSchemaType.Object,
        "array" => JsonSchemaType.Array,
        "null" => JsonSchemaType.Null,
        _ => throw new NotSupportedException($"JSON Schema type '{name}'"),
    };
}
