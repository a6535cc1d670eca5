using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace Surveys.Functions.Tests.Hosting;

/// <summary>
/// The zip that <c>scripts/publish.sh</c> builds is what the Functions host of an isolated-worker app expects
/// (functions-isolated-worker.md, "Build and publish"): the <c>dotnet publish</c> folder at the zip's root, with
/// <c>functions.metadata</c> declaring every function, <c>worker.config.json</c> naming the worker, the extensions
/// and <c>host.json</c>, the app's assemblies, and nothing that must not ship.
/// </summary>
[Trait("Category", "Publish")]
[Collection(TimingSensitive.Name)]
public sealed partial class PublishLayoutTests(PublishedPackage package) : IClassFixture<PublishedPackage>
{
    /// <summary>The functions the app declares: every <c>[Function]</c> in Surveys.Functions.</summary>
    private static readonly string[] DeclaredFunctions = typeof(SurveysRegistration).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Script_PrintsTheZipPath_AsItsLastLine() =>
        Assert.Equal(package.ZipPath, package.Run.StdOut.TrimEnd().Split('\n')[^1]);

    [Fact]
    public void TheZipRoot_IsThePublishFolder()
    {
        foreach (var name in (string[])["functions.metadata", "worker.config.json", "extensions.json", "host.json", "Surveys.Functions.dll", "Surveys.Model.dll", "Surveys.Pages.dll"])
        {
            Assert.True(package.Zip.GetEntry(name) is not null, $"{name} is not at the root of the zip");
        }
        Assert.DoesNotContain(package.Zip.Entries, e => e.FullName.StartsWith("app/", StringComparison.Ordinal) || e.FullName.Contains('\\'));
    }

    [Fact]
    public void FunctionsMetadata_DeclaresEveryFunction_InTheWorkerAssembly()
    {
        // Every public function name (FunctionsMetadataTests holds the list), one [Function] each.
        Assert.Equal(FunctionsMetadataTests.Names.Length, DeclaredFunctions.Length);

        using var metadata = JsonDocument.Parse(package.Read("functions.metadata"));
        var functions = metadata.RootElement.EnumerateArray().ToList();
        Assert.Equal(DeclaredFunctions, functions.Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        foreach (var function in functions)
        {
            Assert.Equal("Surveys.Functions.dll", function.GetProperty("scriptFile").GetString());
            Assert.StartsWith("Surveys.Functions.", function.GetProperty("entryPoint").GetString());
            Assert.Contains(function.GetProperty("bindings").EnumerateArray(),
                b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void WorkerConfig_NamesTheDotnetIsolatedWorker()
    {
        using var config = JsonDocument.Parse(package.Read("worker.config.json"));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("Surveys.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.NotNull(package.Zip.GetEntry(description.GetProperty("defaultWorkerPath").GetString()!));
    }

    [Fact]
    public void ExtensionsJson_ListsTheStorageExtension_ForQueueTriggers()
    {
        using var extensions = JsonDocument.Parse(package.Read("extensions.json"));
        var names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();

        Assert.NotEmpty(names);
        Assert.Contains(names, n => n!.Contains("Storage", StringComparison.OrdinalIgnoreCase) || n.Contains("Queue", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void HostJson_IsTheRepositorys()
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(package.RepoRoot, "host.json")), package.Read("host.json"));
        using var host = JsonDocument.Parse(package.Read("host.json"));
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.False(host.RootElement.TryGetProperty("customHandler", out _), "host.json still declares a custom handler");
    }

    [Fact]
    public void LocalAndDevelopmentSettings_SymbolsAndFunctionJson_DoNotShip()
    {
        // The fixture planted a local.settings.json and an appsettings.Development.json in its copy of the project.
        Assert.True(File.Exists(Path.Combine(package.FixtureRoot, "src", "Surveys.Functions", "local.settings.json")));
        var unwanted = package.Zip.Entries
            .Where(e => e.Name is "local.settings.json" or "appsettings.Development.json" or "function.json" || e.Name.EndsWith(".pdb", StringComparison.Ordinal))
            .Select(e => e.FullName);
        Assert.Empty(unwanted);
    }

}

/// <summary>
/// Runs <c>scripts/publish.sh</c> once, against a temporary copy of the repository (never the repository itself,
/// whose build folders the other tests use) into which a <c>local.settings.json</c> and an
/// <c>appsettings.Development.json</c> are planted, and opens the zip it builds.
/// </summary>
public sealed class PublishedPackage : IDisposable
{
    public const string ZipName = "surveys-functions.zip";

    private readonly string tempRoot;

    public PublishedPackage()
    {
        RepoRoot = FindRepoRoot();
        tempRoot = Directory.CreateTempSubdirectory("surveys-publish-").FullName;
        FixtureRoot = Path.Combine(tempRoot, "repo");
        var outDir = Path.Combine(tempRoot, "out");
        ZipPath = Path.Combine(outDir, ZipName);
        try
        {
            CopyRepository(RepoRoot, FixtureRoot);
            PlantSettings(FixtureRoot);

            // The publish takes 30–90 s on two busy cores; five minutes means something hangs.
            Run = ScriptRun.Start(Path.Combine(FixtureRoot, "scripts", "publish.sh"), ["--out", outDir], TimeSpan.FromMinutes(5));
            if (Run.ExitCode != 0 || !File.Exists(ZipPath))
            {
                throw new InvalidOperationException($"scripts/publish.sh failed (exit {Run.ExitCode}) or wrote no {ZipPath}:\n{Run}");
            }
            Zip = ZipFile.OpenRead(ZipPath);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string RepoRoot { get; }
    public string FixtureRoot { get; }
    public string ZipPath { get; }
    public ScriptRun Run { get; } = null!;
    public ZipArchive Zip { get; } = null!;

    public byte[] Read(string entryName)
    {
        var entry = Zip.GetEntry(entryName) ?? throw new InvalidOperationException($"{entryName} is not in the zip");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>What the script needs to build: the files at the root, <c>scripts/</c> and <c>src/</c>, without build output.</summary>
    public static void CopyRepository(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from).Where(f => Path.GetFileName(f) != ".git"))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        CopyTree(Path.Combine(from, "scripts"), Path.Combine(to, "scripts"));
        CopyTree(Path.Combine(from, "src"), Path.Combine(to, "src"));
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var dir in Directory.EnumerateDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    /// <summary>A developer's own settings, as they lie in a working copy: the build copies them next to the worker; the publish must not.</summary>
    private static void PlantSettings(string root)
    {
        var project = Path.Combine(root, "src", "Surveys.Functions");
        File.WriteAllText(Path.Combine(project, "appsettings.Development.json"), """{ "Logging": { "LogLevel": { "Default": "Debug" } } }""");
        File.WriteAllText(Path.Combine(project, "local.settings.json"),
            """{ "IsEncrypted": false, "Values": { "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated", "AzureWebJobsStorage": "UseDevelopmentStorage=true" } }""");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Surveys.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Surveys.sln above {AppContext.BaseDirectory}");
    }

    public void Dispose()
    {
        Zip?.Dispose();
        if (Directory.Exists(tempRoot))
        {
            Directory.Delete(tempRoot, recursive: true);
        }
    }
}

/// <summary>A finished run of a bash script, with what it wrote.</summary>
public sealed record ScriptRun(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>
    /// Runs <c>bash script args…</c> and waits for it. Output goes to files rather than pipes, so a
    /// process the script leaves behind cannot keep the wait open.
    /// </summary>
    public static ScriptRun Start(string script, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var logs = Directory.CreateTempSubdirectory("surveys-script-").FullName;
        var (stdout, stderr) = (Path.Combine(logs, "stdout"), Path.Combine(logs, "stderr"));
        try
        {
            var start = new ProcessStartInfo("bash") { UseShellExecute = false };
            foreach (var arg in (string[])["-c", """o="$1" e="$2"; shift 2; exec bash "$@" >"$o" 2>"$e" </dev/null""", "bash", stdout, stderr, script, .. args])
            {
                start.ArgumentList.Add(arg);
            }
            // dotnet test exports MSBuild paths for its own build; the script's dotnet must find its own.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(name);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"{script} did not finish within {timeout}:\n{Read(stdout, stderr, process.ExitCode)}");
            }
            return Read(stdout, stderr, process.ExitCode);
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    private static ScriptRun Read(string stdout, string stderr, int exitCode) =>
        new(exitCode, File.Exists(stdout) ? File.ReadAllText(stdout) : "", File.Exists(stderr) ? File.ReadAllText(stderr) : "");

    public override string ToString() => $"--- exit code {ExitCode}\n--- stderr\n{StdErr}\n--- stdout\n{StdOut}";
}
