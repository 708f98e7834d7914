namespace Commerce.DevHost.Tests;

/// <summary>Finds the repository root and the build outputs of the function apps from the test's own output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration this test assembly was built in, which the apps were built in too.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string AppOutput(string project) => Path.Combine(Root, "functions", project, "bin", Configuration, "net10.0");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Commerce.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Commerce.Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
