using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Surveys.Functions.Api.OpenApi;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Surveys.Functions.Api;

/// <summary><c>GET /api/openapi.json</c>: the API's contract, generated from the HTTP functions and their attributes
/// (<see cref="OpenApiGenerator"/>) on the first request and kept for the life of the worker, so a cold start does
/// not pay for it.</summary>
public static class OpenApiDocument
{
    private static string? _document;
    private static object? _lock;

    [Function("OpenApiDocument")]
    [EndpointSummary("This document")]
    [Tags("Meta")]
    [Microsoft.AspNetCore.Authorization.AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(typeof(System.Text.Json.Nodes.JsonObject), StatusCodes.Status200OK, Description = "The OpenAPI 3.0 document")]
    public static Task OpenApiDocumentFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, Serve);

    private static IResult Serve(IOptions<HttpJsonOptions> json) => Results.Text(Document(json.Value.SerializerOptions), "application/json; charset=utf-8");

    /// <summary>The document's JSON, made once (a failure is not kept: the next request tries again).</summary>
    internal static string Document(System.Text.Json.JsonSerializerOptions json) =>
        LazyInitializer.EnsureInitialized(ref _document, ref _lock,
            () => OpenApiGenerator.ToJson(OpenApiGenerator.Generate(typeof(OpenApiDocument).Assembly, json)));
}
