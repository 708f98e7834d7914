namespace Commerce.Testing;

/// <summary>Finds the repository from a test's output folder.</summary>
public static class TestPaths
{
    private const string SolutionFile = "Commerce.Functions.sln";

    /// <summary>The repository root: the nearest folder above the test binaries that holds the solution file.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The <c>tests</c> folder (with <c>package.json</c> and, after <c>npm ci</c>, <c>node_modules</c>).</summary>
    public static string TestsFolder => Path.Combine(RepositoryRoot, "tests");

    /// <summary>The full path of a file inside <c>tests/node_modules</c>; fails with the fix when the emulators are not installed.</summary>
    public static string NodeModule(string relativePath)
    {
        var nodeModules = Path.Combine(TestsFolder, "node_modules");
        var path = Path.Combine(nodeModules, relativePath);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"'{path}' is missing: the test emulators are not installed. Run `npm ci` in {TestsFolder} (or `npm ci --prefix tests` from the repository root).");
        }

        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}: run the tests from inside the repository.");
    }
}
