using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Surveys.LocalHost.Tests;

/// <summary>The host as it is run: its own process, every setting from the environment.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task RunAsAProcess_ServesTheAppWithEnvironmentSettings_AndTakesItsWorkerAlongWhenStopped()
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestHost.RepositoryRoot };
        foreach (var argument in new[] { Path.Combine(TestHost.LocalHostDirectory, "Surveys.LocalHost.dll"), "--app", TestHost.WorkerDirectory })
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["AzureWebJobsStorage"] = TestHost.TestStorage;
        start.Environment["WorkQueue"] = $"work-{Guid.NewGuid():N}";
        start.Environment["TickSchedule"] = "0 0 0 1 1 *";
        start.Environment["AzureWebJobs__Hello__Disabled"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var host = Process.Start(start)!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            var worker = (await Eventually.ValueAsync<int?>(async () =>
            {
                var status = await http.GetFromJsonAsync<JsonElement>("/admin/host/status");
                return status.GetProperty("state").GetString() == "Running" ? status.GetProperty("processId").GetInt32() : null;
            }, TimeSpan.FromSeconds(30), "the host to run")).GetValueOrDefault();

            Assert.Equal(5, (await http.GetFromJsonAsync<JsonElement>("/items/5")).GetProperty("id").GetInt32());
            using var hello = await http.GetAsync("/Hello");
            Assert.Equal(HttpStatusCode.NotFound, hello.StatusCode);

            using (var stop = Process.Start("kill", ["-TERM", host.Id.ToString()])) await stop.WaitForExitAsync();
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await Eventually.TrueAsync(() => Task.FromResult(!IsRunning(worker)), TimeSpan.FromSeconds(10), "the worker to be gone");
        }
        finally
        {
            if (!host.HasExited) host.Kill(entireProcessTree: true);
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
