using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Surveys.LocalHost.Tests;

[Collection(nameof(SharedHost))]
public sealed class HttpTests(SharedHost shared)
{
    private HttpClient Http => shared.Host.Http;

    [Fact]
    public async Task Request_RoundTripsRouteValuesMethodQueryBodyAndHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/items/42/bob?q=x%20y") { Content = new StringContent("the body") };
        request.Headers.Add("x-test", "yes");
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(42, echo.GetProperty("id").GetInt32());
        Assert.Equal("bob", echo.GetProperty("name").GetString());
        Assert.Equal("POST", echo.GetProperty("method").GetString());
        Assert.Equal("x y", echo.GetProperty("query").GetString());
        Assert.Equal("the body", echo.GetProperty("body").GetString());
        Assert.Equal("yes", echo.GetProperty("header").GetString());
        Assert.Equal(Http.BaseAddress!.Authority, echo.GetProperty("host").GetString());
    }

    [Fact]
    public async Task OptionalRouteValue_MayBeLeftOut()
    {
        var echo = await Http.GetFromJsonAsync<JsonElement>("/items/7");
        Assert.Equal(7, echo.GetProperty("id").GetInt32());
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("name").ValueKind);
    }

    [Fact]
    public async Task FunctionWithoutRoute_IsServedAtItsName()
    {
        Assert.Equal("hello", await Http.GetStringAsync("/Hello"));
    }

    [Fact]
    public async Task ThrowingFunction_Answers500()
    {
        using var response = await Http.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Theory]
    [InlineData("/nowhere")]
    [InlineData("/items/not-a-number")] // the route's int constraint, as the worker applies it
    public async Task UnmatchedPath_Answers404(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MethodTheFunctionDoesNotTake_Answers404LikeTheRealHost()
    {
        using var response = await Http.DeleteAsync("/Hello");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SlowRequests_RunSideBySide()
    {
        var clock = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Http.GetAsync("/slow/1000")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)); // one after another: 5 s
    }
}
