using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace Surveys.Functions.Tests.Hosting;

/// <summary>
/// The zip that <c>scripts/publish.sh</c> builds has the layout the Functions host expects
/// (functions-custom-handler.md §2, §15.3): declarations at the root, the self-contained handler
/// under <c>bin/</c> with its execute bit, and nothing that must not ship.
/// </summary>
[Trait("Category", "Publish")]
[Collection(TimingSensitive.Name)]
public sealed class PublishLayoutTests(PublishedPackage package) : IClassFixture<PublishedPackage>
{
    private const string Handler = "bin/Surveys.Functions";
    private const int OwnerExecute = 0b001_000_000; // S_IXUSR (0100)

    [Fact]
    public void Script_PrintsTheZipPath_AsItsLastLine() =>
        Assert.Equal(package.ZipPath, package.Run.StdOut.TrimEnd().Split('\n')[^1]);

    [Fact]
    public void HostJson_IsAtTheRoot_AsInTheRepository() =>
        Assert.Equal(File.ReadAllBytes(Path.Combine(package.RepoRoot, "host.json")), package.Read("host.json"));

    [Fact]
    public void HostJson_DefaultExecutablePath_NamesTheHandlerInTheZip()
    {
        using var hostJson = JsonDocument.Parse(package.Read("host.json"));
        var path = hostJson.RootElement.GetProperty("customHandler").GetProperty("description")
            .GetProperty("defaultExecutablePath").GetString();

        Assert.Equal(Handler, path);
        Assert.NotNull(package.Zip.GetEntry(path!));
    }

    [Fact]
    public void Handler_IsALinuxExecutable_WithTheOwnerExecuteBit()
    {
        var entry = package.Zip.GetEntry(Handler);
        Assert.NotNull(entry);

        var unixMode = (entry.ExternalAttributes >> 16) & 0xFFFF;
        Assert.True((unixMode & OwnerExecute) != 0, $"{Handler} has Unix mode {Convert.ToString(unixMode, 8)} in the zip: no owner execute bit");

        var magic = new byte[4];
        using (var stream = entry.Open())
        {
            stream.ReadExactly(magic);
        }
        Assert.Equal("\u007fELF"u8.ToArray(), magic); // self-contained apphost for linux-x64, not a .dll
    }

    [Fact]
    public void EveryFunctionJson_IsAtTheRootUnderItsFunctionName_Verbatim()
    {
        // The repository's own declarations, plus the two samples the fixture added to its copy.
        var expected = PublishedPackage.FunctionJsons(package.RepoRoot)
            .Concat(PublishedPackage.FunctionJsons(package.FixtureRoot).Where(f => PublishedPackage.SampleFunctions.Contains(f.Name)))
            .ToList();
        Assert.Equal(expected.Count, expected.Select(f => f.Name).Distinct().Count());
        Assert.Superset(PublishedPackage.SampleFunctions.ToHashSet(), expected.Select(f => f.Name).ToHashSet());

        foreach (var (name, path) in expected)
        {
            Assert.True(package.Zip.GetEntry($"{name}/function.json") is not null, $"{name}/function.json is missing from the zip");
            Assert.Equal(File.ReadAllBytes(path), package.Read($"{name}/function.json"));
        }

        var declaredAtRoot = package.Zip.Entries
            .Where(e => e.FullName.Count(c => c == '/') == 1 && e.Name == "function.json")
            .Select(e => e.FullName[..e.FullName.IndexOf('/')]);
        Assert.Equal(expected.Select(f => f.Name).Order(StringComparer.Ordinal), declaredAtRoot.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bin_HoldsNoCopyOfTheDeclarations()
    {
        var copies = package.Zip.Entries
            .Where(e => e.FullName.StartsWith("bin/", StringComparison.Ordinal) && e.Name is "function.json" or "host.json")
            .Select(e => e.FullName);
        Assert.Empty(copies);
    }

    [Fact]
    public void DevelopmentAndLocalSettings_DoNotShip()
    {
        // The fixture planted both files in its copy of the project, where the Web SDK publishes them as content.
        var settings = package.Zip.Entries
            .Where(e => e.Name is "appsettings.Development.json" or "local.settings.json")
            .Select(e => e.FullName);
        Assert.Empty(settings);
    }

    [Fact]
    public void FunctionFolderWithoutFunctionJson_FailsThePublish_NamingTheFolder()
    {
        var root = Directory.CreateTempSubdirectory("surveys-publish-orphan-").FullName;
        try
        {
            var copy = Path.Combine(root, "repo");
            PublishedPackage.CopyRepository(package.RepoRoot, copy);
            Directory.CreateDirectory(Path.Combine(copy, "src", "Surveys.Functions", "functions", "OrphanFunction"));

            var run = ScriptRun.Start(Path.Combine(copy, "scripts", "publish.sh"), ["--out", Path.Combine(root, "out")], TimeSpan.FromMinutes(1));

            Assert.True(run.ExitCode != 0, $"publish succeeded without a function.json:\n{run}");
            Assert.Contains("OrphanFunction", run.StdErr);
            Assert.Contains("no function.json", run.StdErr);
            Assert.False(File.Exists(Path.Combine(root, "out", PublishedPackage.ZipName)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>
/// Runs <c>scripts/publish.sh</c> once, against a temporary copy of the repository to which two
/// sample functions and two settings files that must not ship are added (never to the repository
/// itself), and opens the zip it builds.
/// </summary>
public sealed class PublishedPackage : IDisposable
{
    public const string ZipName = "surveys-functions.zip";
    public static readonly string[] SampleFunctions = ["PublishSampleHttp", "PublishSampleQueue"];

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
            AddSamples(FixtureRoot);

            // The self-contained publish takes 10–30 s; five minutes means something hangs.
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

    /// <summary>Every <c>src/Surveys.Functions/functions/&lt;Fn&gt;/function.json</c> under <paramref name="root"/>.</summary>
    public static IEnumerable<(string Name, string Path)> FunctionJsons(string root)
    {
        var functions = Path.Combine(root, "src", "Surveys.Functions", "functions");
        return Directory.Exists(functions)
            ? Directory.EnumerateDirectories(functions)
                .Select(dir => (Name: Path.GetFileName(dir), Path: Path.Combine(dir, "function.json")))
                .Where(f => File.Exists(f.Path))
            : [];
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

    private static void AddSamples(string root)
    {
        var project = Path.Combine(root, "src", "Surveys.Functions");
        var samples = new Dictionary<string, string>
        {
            [SampleFunctions[0]] = """
                {
                  "bindings": [
                    { "type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous", "methods": [ "get" ], "route": "api/publish-sample" },
                    { "type": "http", "direction": "out", "name": "res" }
                  ]
                }
                """,
            [SampleFunctions[1]] = """
                {
                  "bindings": [
                    { "type": "queueTrigger", "direction": "in", "name": "message", "queueName": "publish-sample", "connection": "AzureWebJobsStorage" }
                  ]
                }
                """,
        };
        foreach (var (name, json) in samples)
        {
            var dir = Path.Combine(project, "functions", name);
            if (Directory.Exists(dir))
            {
                throw new InvalidOperationException($"The repository already has a function called {name}; rename the test's sample.");
            }
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "function.json"), json);
        }

        File.WriteAllText(Path.Combine(project, "appsettings.Development.json"), """{ "Logging": { "LogLevel": { "Default": "Debug" } } }""");
        File.WriteAllText(Path.Combine(project, "local.settings.json"), """{ "IsEncrypted": false, "Values": { "FUNCTIONS_WORKER_RUNTIME": "custom" } }""");
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
