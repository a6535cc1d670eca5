using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Surveys.LocalHost.Tests;

/// <summary>The host as it is run: its own process, every setting from the environment.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task RunAsAProcess_ServesTheAppWithEnvironmentSettings_AndTakesItsWorkerAlongWhenStopped()
    {
        // Port 0 and the address the host says it listens on: a port picked here and freed could be taken
        // again (by the host's own gRPC listener, say) before the host binds it.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestHost.RepositoryRoot };
        foreach (var argument in new[] { Path.Combine(TestHost.LocalHostDirectory, "Surveys.LocalHost.dll"), "--app", TestHost.WorkerDirectory })
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["AzureWebJobsStorage"] = TestHost.TestStorage;
        start.Environment["WorkQueue"] = $"work-{Guid.NewGuid():N}";
        start.Environment["TickSchedule"] = "0 0 0 1 1 *";
        start.Environment["AzureWebJobs__Hello__Disabled"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        using var host = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            output.Enqueue(line);
            var at = line.IndexOf("Now listening on: ", StringComparison.Ordinal);
            if (at >= 0) listening.TrySetResult(new Uri(line[(at + "Now listening on: ".Length)..].Trim()));
        }
        host.OutputDataReceived += (_, e) => Read(e.Data);
        host.ErrorDataReceived += (_, e) => Read(e.Data);
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        string Said() => $"The host said:{Environment.NewLine}{string.Join(Environment.NewLine, output)}";
        try
        {
            var first = await Task.WhenAny(listening.Task, host.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(first == listening.Task, (host.HasExited ? $"The host exited with code {host.ExitCode} before it listened. " : "The host did not listen within 60 s. ") + Said());
            using var http = new HttpClient { BaseAddress = await listening.Task };
            var worker = (await Eventually.ValueAsync<int?>(async () =>
            {
                var status = await http.GetFromJsonAsync<JsonElement>("/admin/host/status");
                return status.GetProperty("state").GetString() == "Running" ? status.GetProperty("processId").GetInt32() : null;
            }, TimeSpan.FromSeconds(60), "the host to run")).GetValueOrDefault();

            Assert.Equal(5, (await http.GetFromJsonAsync<JsonElement>("/items/5")).GetProperty("id").GetInt32());
            using var hello = await http.GetAsync("/Hello");
            Assert.Equal(HttpStatusCode.NotFound, hello.StatusCode);

            using (var stop = Process.Start("kill", ["-TERM", host.Id.ToString()])) await stop.WaitForExitAsync();
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await Eventually.TrueAsync(() => Task.FromResult(!IsRunning(worker)), TimeSpan.FromSeconds(10), "the worker to be gone");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} {Said()}", e);
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
}
