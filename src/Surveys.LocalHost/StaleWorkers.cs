using System.Collections.Concurrent;
using System.Diagnostics;

namespace Surveys.LocalHost;

/// <summary>
/// The worker never exits by itself, not even when its host is killed. Each running worker is
/// remembered in a file named after its host's and its own process id; a host that starts kills the
/// workers of hosts that are gone, and a host that exits kills its own.
/// </summary>
internal static class StaleWorkers
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "surveys-localhost-workers");
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    static StaleWorkers()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
    }

    private static void KillAll()
    {
        foreach (var process in Running.Values) Forget(process, kill: true);
    }

    public static void Remember(Process process)
    {
        System.IO.Directory.CreateDirectory(Directory);
        Running[process.Id] = process;
        File.WriteAllText(FileOf(process.Id), process.StartTime.ToUniversalTime().Ticks.ToString());
    }

    public static void Forget(Process process, bool kill = false)
    {
        Running.TryRemove(process.Id, out _);
        try
        {
            if (kill && !process.HasExited) process.Kill(entireProcessTree: true);
            File.Delete(FileOf(process.Id));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException) { }
    }

    public static void Clean(ILogger logger)
    {
        if (!System.IO.Directory.Exists(Directory)) return;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.pid"))
        {
            var ids = Path.GetFileNameWithoutExtension(file).Split('-');
            if (ids.Length != 2 || !int.TryParse(ids[0], out var hostId) || !int.TryParse(ids[1], out var workerId) || IsAlive(hostId, null)) continue;
            try
            {
                if (long.TryParse(File.ReadAllText(file), out var started) && IsAlive(workerId, started))
                {
                    using var worker = Process.GetProcessById(workerId);
                    worker.Kill(entireProcessTree: true);
                    logger.LogWarning("Killed worker {ProcessId} left behind by host {HostProcessId}", workerId, hostId);
                }
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException) { }
        }
    }

    private static bool IsAlive(int processId, long? startedTicks)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            if (IsZombie(processId)) return false; // killed, not yet reaped by its new parent
            // Start times are derived from boot time and differ a little between readers: the same process within a second.
            return !process.HasExited && (startedTicks is null || Math.Abs(process.StartTime.ToUniversalTime().Ticks - startedTicks.Value) < TimeSpan.TicksPerSecond);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException) { return false; }
    }

    private static bool IsZombie(int processId)
    {
        var stat = $"/proc/{processId}/stat";
        if (!OperatingSystem.IsLinux() || !File.Exists(stat)) return false;
        var text = File.ReadAllText(stat);
        return text.LastIndexOf(')') is var end and > 0 && end + 2 < text.Length && text[end + 2] == 'Z';
    }

    private static string FileOf(int workerId) => Path.Combine(Directory, $"{Environment.ProcessId}-{workerId}.pid");
}
