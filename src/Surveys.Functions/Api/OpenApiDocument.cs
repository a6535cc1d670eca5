namespace Surveys.Functions.Api;

/// <summary><c>GET /api/openapi.json</c>: the API's contract, checked in and kept in step with the
/// endpoints by a test (every /api endpoint and method is described, and nothing else).</summary>
public static class OpenApiDocument
{
    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Surveys.Functions.Api.openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/openapi.json", () => Results.Text(Document.Value, "application/json; charset=utf-8")).WithName("OpenApiDocument");
        return app;
    }
}
