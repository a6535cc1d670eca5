using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Surveys.Tests.Shared;

/// <summary>
/// An Azurite of the test's own (in memory, free ports, the repository's pinned one from node_modules), for tests
/// that stop storage: pausing the shared emulator would stall every other test. Paused and resumed with
/// SIGSTOP/SIGCONT, so connections stay open and requests hang as they do when storage stops answering.
/// One file, compiled into each test project that needs it (linked from tests/Shared/).
/// </summary>
public sealed class PrivateAzurite : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _queuePort;
    private readonly int _tablePort;

    private PrivateAzurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _queuePort = queuePort;
        _tablePort = tablePort;
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static async Task<PrivateAzurite> StartAsync()
    {
        var root = RepositoryRoot();
        var azurite = System.IO.Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
            throw new InvalidOperationException($"{azurite} is missing: run the tests with ./scripts/test.sh, which installs it (npm ci).");
        int[] ports = [FreePort(), FreePort(), FreePort()];
        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
                 {
                     "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", ports[0].ToString(), "--queuePort", ports[1].ToString(), "--tablePort", ports[2].ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new PrivateAzurite(process, ports[0], ports[1], ports[2]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!instance.Listening())
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                await instance.DisposeAsync(); // no Azurite left behind when it never came up
                throw new TimeoutException("The private Azurite did not start listening within 60 s.");
            }
            await Task.Delay(200);
        }
        return instance;
    }

    /// <summary>Storage stops answering: open connections stay open, new ones are accepted, nothing replies.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    public Task ResumeAsync() => SignalAsync("CONT");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ResumeAsync();
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }
        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString()]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {_process.Id} failed ({kill.ExitCode}).");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Surveys.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Surveys.sln not found above " + AppContext.BaseDirectory);
    }

    private bool Listening() => Answers(_queuePort) && Answers(_tablePort);

    private static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
