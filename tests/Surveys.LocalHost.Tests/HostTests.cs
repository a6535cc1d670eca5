using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Surveys.LocalHost.Tests;

public sealed class HostTests
{
    [Fact]
    public async Task DisabledFunctions_AreNotServedListenedToOrRun()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobs.Hello.Disabled"] = "true",
            ["AzureWebJobs__Work__Disabled"] = "true",
        });
        var marker = Guid.NewGuid().ToString("N");
        await host.SendWorkAsync(marker, fail: 0);

        using var hello = await host.Http.GetAsync("/Hello");
        using var run = await host.Http.PostAsJsonAsync("/admin/functions/Work", new { input = "{}" });
        var functions = (await host.Http.GetFromJsonAsync<JsonArray>("/admin/functions"))!;
        await Task.Delay(TimeSpan.FromSeconds(2)); // an enabled listener takes well under a second

        Assert.Equal(HttpStatusCode.NotFound, hello.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, run.StatusCode);
        Assert.Equal(["Hello", "Work"], functions.Where(f => f!["isDisabled"]!.GetValue<bool>()).Select(f => f!["name"]!.GetValue<string>()).Order());
        Assert.Empty(await host.RecordsAsync(marker));
        Assert.Equal(1, await host.CountAsync(host.WorkQueue));
    }

    [Fact]
    public async Task KilledWorker_IsRestartedAndServesAgain()
    {
        await using var host = await TestHost.StartAsync();
        var first = (await host.Http.GetFromJsonAsync<JsonElement>("/pid")).GetProperty("pid").GetInt32();

        using (var worker = Process.GetProcessById(first)) worker.Kill();

        // Requests wait for the new worker (a bounded time) instead of failing.
        var second = await Eventually.ValueAsync<int?>(async () =>
        {
            using var response = await host.Http.GetAsync("/pid");
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pid").GetInt32() : null;
        }, TimeSpan.FromSeconds(30), "a new worker to answer");
        Assert.NotEqual(first, second);

        var marker = Guid.NewGuid().ToString("N");
        await host.SendWorkAsync(marker, fail: 0);
        await Eventually.TrueAsync(async () => (await host.RecordsAsync(marker)).Count == 1, TimeSpan.FromSeconds(20), "the queue listener to go on");
    }
}
