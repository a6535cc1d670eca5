using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Surveys.LocalHost.Tests;

[Collection(nameof(SharedHost))]
public sealed class AdminTests(SharedHost shared)
{
    private TestHost Host => shared.Host;

    [Fact]
    public async Task RunningATimerNow_Answers202AndRunsIt()
    {
        using var response = await Host.Http.PostAsJsonAsync("/admin/functions/Tick", new { input = "" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var records = await Eventually.ValueAsync(async () => (await Host.RecordsAsync(Host.TickMarker)) is { Count: > 0 } r ? r : null,
            TimeSpan.FromSeconds(20), "the timer function to run");
        Assert.False(Assert.Single(records).GetProperty("isPastDue").GetBoolean());
    }

    [Fact]
    public async Task RunningAQueueFunctionNow_GivesItTheInputAsItsMessage()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var response = await Host.Http.PostAsJsonAsync("/admin/functions/work", new { input = JsonSerializer.Serialize(new { marker, fail = 0 }) });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.TrueAsync(async () => (await Host.RecordsAsync(marker)).Count == 1, TimeSpan.FromSeconds(20), "the queue function to run");
    }

    [Fact]
    public async Task RunningAnUnknownFunction_Answers404ProblemDetails()
    {
        using var response = await Host.Http.PostAsJsonAsync("/admin/functions/Nope", new { input = "" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HostStatus_IsRunningOnceLoaded()
    {
        var status = await Host.Http.GetFromJsonAsync<JsonElement>("/admin/host/status");
        Assert.Equal("Running", status.GetProperty("state").GetString());
    }
}
