using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Surveys.LocalHost.Tests;

/// <summary>Pauses an Azurite of its own (SIGSTOP, then SIGCONT): never the shared one the other tests use.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task QueueListener_SurvivesAStorageOutageAndResumesByItself()
    {
        await using var azurite = await OwnAzurite.StartAsync();
        // Short client timeouts, so the paused storage shows up as errors within the pause.
        var logs = new LogCapture();
        await using var host = await TestHost.StartAsync(new Dictionary<string, string> { ["LocalHost:StorageNetworkTimeoutSeconds"] = "1" }, azurite.ConnectionString, logs);
        var before = Guid.NewGuid().ToString("N");
        await host.SendWorkAsync(before, fail: 0);
        await Eventually.TrueAsync(async () => (await host.RecordsAsync(before)).Count == 1, TimeSpan.FromSeconds(20), "a message before the outage");

        Signal(azurite.ProcessId, "STOP");
        try
        {
            // The outage lasts until the listener has failed (three 1 s tries with back-off in between).
            await Eventually.TrueAsync(() => Task.FromResult(logs.Lines.Any(l => l.StartsWith("Trigger.Work:") && l.Contains("unavailable"))),
                TimeSpan.FromSeconds(20), "the listener to notice the outage");
        }
        finally { Signal(azurite.ProcessId, "CONT"); }

        var after = Guid.NewGuid().ToString("N");
        await host.SendWorkAsync(after, fail: 0);
        await Eventually.TrueAsync(async () => (await host.RecordsAsync(after)).Count == 1, TimeSpan.FromSeconds(30), "a message after the outage");
    }

    private static void Signal(int processId, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, processId.ToString()]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>An in-memory Azurite from the repository's node_modules (npm ci), on free ports.</summary>
    private sealed class OwnAzurite : IAsyncDisposable
    {
        private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        private readonly Process _process;
        private OwnAzurite(Process process, string connectionString) => (_process, ConnectionString) = (process, connectionString);

        public string ConnectionString { get; }
        public int ProcessId => _process.Id;

        public static async Task<OwnAzurite> StartAsync()
        {
            var azurite = Path.Combine(TestHost.RepositoryRoot, "node_modules", ".bin", "azurite");
            Assert.True(File.Exists(azurite), $"{azurite} is missing: run npm ci in the repository (scripts/test.sh does).");
            int[] ports = [FreePort(), FreePort(), FreePort()];
            var start = new ProcessStartInfo(azurite) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl",
                         "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                         "--blobPort", $"{ports[0]}", "--queuePort", $"{ports[1]}", "--tablePort", $"{ports[2]}" })
                start.ArgumentList.Add(argument);
            var process = Process.Start(start)!;
            await Eventually.TrueAsync(async () =>
            {
                using var client = new TcpClient();
                try { await client.ConnectAsync(IPAddress.Loopback, ports[1]); return true; }
                catch (SocketException) { return false; }
            }, TimeSpan.FromSeconds(30), "Azurite to listen");
            return new OwnAzurite(process, "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Key
                + $";BlobEndpoint=http://127.0.0.1:{ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{ports[2]}/devstoreaccount1;");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            try { Signal(_process.Id, "CONT"); } catch (Exception) { }
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
