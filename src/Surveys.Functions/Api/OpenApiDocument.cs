using Microsoft.Azure.Functions.Worker;
namespace Surveys.Functions.Api;

/// <summary><c>GET /api/openapi.json</c>: the API's contract, checked in and kept in step with the
/// endpoints by a test (every /api endpoint and method is described, and nothing else).</summary>
public static class OpenApiDocument
{
    internal static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Surveys.Functions.Api.openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    [Function("OpenApiDocument")]
    public static Task OpenApiDocumentFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, () => Results.Text(Document.Value, "application/json; charset=utf-8"));
}
