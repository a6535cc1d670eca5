// Zips a directory tree, the directory itself being the zip's root (scripts/publish.sh: the publish folder, with
// functions.metadata, worker.config.json, host.json, .azurefunctions/ and the app's dlls). Needs only the .NET SDK
// (no zip tool): dotnet run scripts/zip-app.cs -- <dir> <zip>. Entries are written in ordinal path order with '/'
// separators (the same on every OS), dot folders included; directories are implied by paths. Each file's Unix mode
// is kept in the entry's external attributes, as Info-ZIP writes it.
#:property PublishAot=false
#:property InvariantGlobalization=true
using System.IO.Compression;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run scripts/zip-app.cs -- <directory> <zip-file>");
    return 2;
}

var sourceDir = Path.GetFullPath(args[0]);
var zipPath = Path.GetFullPath(args[1]);
if (!Directory.Exists(sourceDir))
{
    Console.Error.WriteLine($"zip-app: no such directory: {sourceDir}");
    return 1;
}
if (zipPath.StartsWith(sourceDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
{
    Console.Error.WriteLine($"zip-app: the zip must not be written inside the directory it zips: {zipPath}");
    return 1;
}

const int RegularFileType = 0x8000; // S_IFREG, as Info-ZIP writes it beside the permission bits

var files = Directory.EnumerateFiles(sourceDir, "*", SearchOption.AllDirectories)
    .Select(path => (Path: path, Name: Path.GetRelativePath(sourceDir, path).Replace(Path.DirectorySeparatorChar, '/')))
    .OrderBy(f => f.Name, StringComparer.Ordinal)
    .ToList();

File.Delete(zipPath);
using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
{
    foreach (var (path, name) in files)
    {
        var entry = zip.CreateEntryFromFile(path, name, CompressionLevel.Optimal);
        var mode = OperatingSystem.IsWindows() ? (int)(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)
                                               : (int)File.GetUnixFileMode(path);
        entry.ExternalAttributes = unchecked((RegularFileType | mode) << 16);
    }
}

Console.WriteLine($"zip-app: {files.Count} files -> {zipPath}");
return 0;
