using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using OpenApiDoc = Microsoft.OpenApi.OpenApiDocument;

namespace Surveys.Functions.Api.OpenApi;

/// <summary>One HTTP function under <c>api/</c>, as its attributes declare it.</summary>
public sealed record ApiFunction(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method)
{
    public string Path => "/" + Route;

    /// <summary>The route's parameters, in order (none of the app's has a constraint, a default or is optional).</summary>
    public IReadOnlyList<string> PathParameters => [.. Regex.Matches(Route, @"\{([^}:=?]+)[^}]*\}").Select(m => m.Groups[1].Value)];
}

/// <summary>
/// The OpenAPI document, made from the functions themselves: every <c>[Function]</c> whose <c>[HttpTrigger]</c> route
/// starts with <c>api/</c> is an operation (path, methods and path parameters from the trigger, operationId = the
/// function's name). What the trigger cannot say comes from the attributes above the function: ASP.NET Core's
/// <c>[EndpointSummary]</c>, <c>[EndpointDescription]</c>, <c>[Tags]</c>, <c>[Consumes(typeof(Request), …)]</c>,
/// <c>[ProducesResponseType]</c> and <c>[AllowAnonymous]</c>, and ours (<see cref="QueryParametersAttribute"/>,
/// <see cref="HeaderParameterAttribute"/>, <see cref="ResponseHeaderAttribute"/>, <see cref="ProblemResponsesAttribute"/>).
/// Request and response records become schemas under <c>components</c>, named after the type (or its <c>[DisplayName]</c>).
/// </summary>
public static class OpenApiGenerator
{
    private const string Json = "application/json";

    public static IReadOnlyList<ApiFunction> ApiFunctions(Assembly assembly) =>
    [
        .. from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let function = method.GetCustomAttribute<FunctionAttribute>()
           where function is not null
           let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)
           where trigger?.Route is { } route && route.StartsWith("api/", StringComparison.Ordinal)
           orderby trigger.Route, function.Name
           select new ApiFunction(function.Name, trigger.Route!, [.. (trigger.Methods ?? []).Select(m => m.ToUpperInvariant())], method),
    ];

    public static OpenApiDoc Generate(Assembly assembly, JsonSerializerOptions appJsonOptions)
    {
        var document = new OpenApiDoc
        {
            Info = new OpenApiInfo
            {
                Title = "Surveys API",
                Version = "1.0",
                Description = "Survey and feedback platform for Norwegian work-inclusion companies. Errors are RFC 9457 ProblemDetails, "
                    + "in bokmål unless Accept-Language asks for English. Authenticate with the bootstrap admin key (Authorization: Bearer), "
                    + "a partner API token or a leader's session cookie; kiosk calls are authorised by the kiosk token in the path.",
            },
            Paths = [],
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                Responses = new Dictionary<string, IOpenApiResponse>(StringComparer.Ordinal),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
                {
                    ["bearer"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        Description = "The bootstrap admin key (Surveys:BootstrapAdminKey), or a partner API token (spt_…).",
                    },
                    ["session"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Cookie,
                        Name = Access.CallerResolver.SessionCookie,
                        Description = "A leader's session after signing in at /logg-inn.",
                    },
                },
            },
            Tags = new HashSet<OpenApiTag>(),
        };
        // Either scheme will do; an operation marked [AllowAnonymous] says it needs neither.
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("session", document)] = [] },
        ];

        var schemas = new JsonSchemas(appJsonOptions);
        var problem = SchemaReference(typeof(ProblemSchema), document, schemas);
        document.Components.Responses["Problem"] = new OpenApiResponse
        {
            Description = "A ProblemDetails naming what was wrong; nothing was changed.",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = problem },
            },
        };

        foreach (var function in ApiFunctions(assembly))
        {
            if (!document.Paths.TryGetValue(function.Path, out var pathItem))
                document.Paths[function.Path] = pathItem = new OpenApiPathItem();
            foreach (var method in function.Methods)
                ((OpenApiPathItem)pathItem).AddOperation(new HttpMethod(method), Operation(function, document, schemas));
        }
        return document;
    }

    /// <summary>The document as OpenAPI 3.0 JSON.</summary>
    public static string ToJson(OpenApiDoc document)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        document.SerializeAsV3(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    private static OpenApiOperation Operation(ApiFunction function, OpenApiDoc document, JsonSchemas schemas)
    {
        var method = function.Method;
        var operation = new OpenApiOperation
        {
            OperationId = function.Name,
            Summary = method.GetCustomAttribute<EndpointSummaryAttribute>()?.Summary,
            Description = method.GetCustomAttribute<EndpointDescriptionAttribute>()?.Description,
            Parameters = [],
            Responses = [],
        };

        var tags = method.GetCustomAttributes<TagsAttribute>().SelectMany(t => t.Tags).ToList();
        if (tags.Count > 0)
        {
            operation.Tags = new HashSet<OpenApiTagReference>();
            foreach (var tag in tags)
            {
                if (document.Tags!.All(t => t.Name != tag)) document.Tags!.Add(new OpenApiTag { Name = tag });
                operation.Tags.Add(new OpenApiTagReference(tag, document));
            }
        }

        foreach (var name in function.PathParameters)
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        if (method.GetCustomAttribute<QueryParametersAttribute>() is { } query)
        {
            var record = schemas.OpenApiSchemaOf(query.Type);
            foreach (var (name, property) in record.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                var schema = (OpenApiSchema)property;
                var description = schema.Description;
                schema.Description = null;
                schema.Type &= ~JsonSchemaType.Null; // a query value is there or not; it cannot be null
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name, In = ParameterLocation.Query, Required = record.Required?.Contains(name) == true, Description = description, Schema = schema,
                });
            }
        }
        foreach (var header in method.GetCustomAttributes<HeaderParameterAttribute>())
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name, In = ParameterLocation.Header, Required = header.Required, Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (method.GetCustomAttribute<ConsumesAttribute>() is { } consumes)
        {
            var requestType = ((Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata)consumes).RequestType
                ?? throw new InvalidOperationException($"{function.Name}: [Consumes] must name the request's type.");
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !consumes.IsOptional,
                Content = consumes.ContentTypes.ToDictionary(t => t, t => (IOpenApiMediaType)new OpenApiMediaType
                {
                    Schema = IsJson(t) ? SchemaReference(requestType, document, schemas) : new OpenApiSchema { Type = JsonSchemaType.String },
                }),
            };
        }

        var headers = method.GetCustomAttributes<ResponseHeaderAttribute>().ToList();
        foreach (var produces in method.GetCustomAttributes<ProducesResponseTypeAttribute>())
        {
            var contentTypes = new MediaTypeCollection();
            ((IApiResponseMetadataProvider)produces).SetContentTypes(contentTypes);
            if (contentTypes.Count == 0) contentTypes.Add(Json);
            var response = new OpenApiResponse { Description = produces.Description ?? ReasonPhrases.GetReasonPhrase(produces.StatusCode) };
            if (produces.Type is { } type && type != typeof(void))
            {
                response.Content = contentTypes.ToDictionary(t => t, t => (IOpenApiMediaType)new OpenApiMediaType
                {
                    Schema = IsJson(t) ? SchemaReference(type, document, schemas)
                        : new OpenApiSchema { Type = JsonSchemaType.String, Format = t.StartsWith("text/", StringComparison.Ordinal) ? null : "binary" },
                });
            }
            if (produces.StatusCode is >= 200 and < 300 && headers.Count > 0)
            {
                response.Headers = headers.ToDictionary(h => h.Name, h => (IOpenApiHeader)new OpenApiHeader
                {
                    Description = h.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
            operation.Responses[produces.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }
        foreach (var status in method.GetCustomAttribute<ProblemResponsesAttribute>()?.StatusCodes ?? [])
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponseReference("Problem", document);

        if (method.GetCustomAttribute<AllowAnonymousAttribute>() is not null) operation.Security = [];
        return operation;
    }

    private static bool IsJson(string contentType) =>
        contentType.Equals(Json, StringComparison.OrdinalIgnoreCase) || contentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A record's schema, kept once under components/schemas and referred to; a JSON value type
    /// (<see cref="JsonObject"/>, a string, a list of records …) is written in place.</summary>
    private static IOpenApiSchema SchemaReference(Type type, OpenApiDoc document, JsonSchemas schemas)
    {
        if (ElementOfList(type) is { } element && IsRecord(element))
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = SchemaReference(element, document, schemas) };
        if (!IsRecord(type)) return schemas.OpenApiSchemaOf(type);

        var name = type.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName ?? type.Name;
        if (schemas.Named.TryGetValue(name, out var known))
        {
            if (known != type) throw new InvalidOperationException($"Two schemas are named {name}: {known} and {type}.");
        }
        else
        {
            schemas.Named[name] = type;
            document.Components!.Schemas![name] = schemas.OpenApiSchemaOf(type);
        }
        return new OpenApiSchemaReference(name, document);
    }

    private static bool IsRecord(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(JsonNode).IsAssignableFrom(type) && ElementOfList(type) is null
        && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static Type? ElementOfList(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IReadOnlyList<>) || d == typeof(List<>) || d == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0] : null;
}

/// <summary>What every failure answers with (ProblemDetailsExceptionHandler): RFC 9457, plus the field errors of a 400.</summary>
[DisplayName("ProblemDetails")]
public sealed record ProblemSchema(
    string? Type = null,
    string? Title = null,
    int? Status = null,
    string? Detail = null,
    [Description("Per field (or CSV row), the messages in the caller's language.")] IReadOnlyDictionary<string, string[]>? Errors = null,
    [Description("Per field error, a stable code: required, wrong-type, too-long, unknown-item …")] IReadOnlyList<ProblemCode>? Codes = null);

public sealed record ProblemCode(string Field, string Code);
