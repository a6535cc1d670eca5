using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Hosting;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Hosting;

/// <summary>The function.json files, the app's endpoints and its registered functions stay in step.</summary>
public sealed class DeclarationTests : IClassFixture<DeclarationTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false);

    private readonly App _app;
    public DeclarationTests(App app) => _app = app;

    private static string SourceFunctionsFolder => Path.Combine(RepoRoot.Path, "src", "Surveys.Functions", "functions");

    private IReadOnlyList<RouteEndpoint> NamedEndpoints() =>
        _app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null).ToList();

    private FunctionManifest Manifest => _app.Factory.Services.GetRequiredService<FunctionManifest>();

    [Fact]
    public void EveryFunctionFolderHasAFunctionJson()
    {
        foreach (var dir in Directory.EnumerateDirectories(SourceFunctionsFolder))
            Assert.True(File.Exists(Path.Combine(dir, "function.json")), $"{Path.GetFileName(dir)} has no function.json");
    }

    [Fact]
    public void TheRunnerReadsExactlyTheSourceDeclarations()
    {
        var deployed = Manifest.Functions.Select(f => f.Name).Order().ToArray();
        var source = Directory.EnumerateDirectories(SourceFunctionsFolder).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(source, deployed);
        foreach (var name in source)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(SourceFunctionsFolder, name!, "function.json")),
                File.ReadAllText(Path.Combine(Manifest.AppRoot, name!, "function.json")));
        }
        Assert.Equal(File.ReadAllText(Path.Combine(RepoRoot.Path, "host.json")), File.ReadAllText(Path.Combine(Manifest.AppRoot, "host.json")));
    }

    [Fact]
    public void EveryFunctionJsonNamesAFunctionThatExists()
    {
        var catalog = _app.Factory.Services.GetRequiredService<FunctionCatalog>();
        var endpointNames = NamedEndpoints().Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName).ToHashSet();
        foreach (var f in Manifest.Functions)
        {
            var exists = f.Kind == TriggerKind.Http ? endpointNames.Contains(f.Name) : catalog.Find(f.Name)?.Kind == f.Kind;
            Assert.True(exists, $"{f.Name}/function.json ({f.Kind}) names no implemented function");
        }
    }

    [Fact]
    public void EveryFunctionHasAFunctionJson()
    {
        var catalog = _app.Factory.Services.GetRequiredService<FunctionCatalog>();
        foreach (var r in catalog.Registrations)
            Assert.True(Manifest.Find(r.Name)?.Kind == r.Kind, $"Function {r.Name} has no {r.Kind} function.json");
        foreach (var e in NamedEndpoints().Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true))
        {
            var name = e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
            Assert.True(Manifest.Find(name)?.Kind == TriggerKind.Http, $"Endpoint {name} ({e.RoutePattern.RawText}) has no httpTrigger function.json");
        }
    }

    [Fact]
    public void EveryHttpFunction_IsForwarded_AndItsRouteAndMethodsMatchTheEndpoint()
    {
        var endpoints = NamedEndpoints().ToDictionary(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName);
        foreach (var f in Manifest.Functions.Where(f => f.Kind == TriggerKind.Http))
        {
            Assert.True(f.IsForwardedHttp, $"{f.Name} must declare exactly httpTrigger + http out, or the host stops forwarding it");
            Assert.Equal("anonymous", f.AuthLevel);
            var endpoint = endpoints[f.Name];
            Assert.Equal("/" + f.Route, endpoint.RoutePattern.RawText);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods;
            Assert.Equal(f.Methods!.Order(), methods.Order());
        }
    }

    [Fact]
    public void NoHttpRouteMatchesAnInvocationPath()
    {
        Assert.Empty(Manifest.InvocationPathCollisions());
    }

    [Fact]
    public async Task APublicRequestToAnInvocationPath_ReachesNoFunction()
    {
        // Without the host the invocation endpoints are not mapped at all, and the route table has
        // nothing else that could answer /{FunctionName}.
        using var client = _app.Factory.CreateClient();
        foreach (var f in Manifest.Functions.Where(f => f.Kind != TriggerKind.Http))
        {
            using var response = await client.PostAsync("/" + f.Name, new StringContent("""{"Data":{},"Metadata":{}}"""));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task TheReadinessPing_AnswersWithoutTouchingStorage()
    {
        using var client = _app.Factory.CreateClient();
        var body = JsonNode.Parse(await client.GetStringAsync("/"));
        Assert.Equal("ok", (string?)body!["status"]);
    }
}
