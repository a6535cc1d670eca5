namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>The repository root: the folder above the test binaries that holds Surveys.sln.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Surveys.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Surveys.sln not found above " + AppContext.BaseDirectory);
    }
}
