using Commerce.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>The build outputs of the function apps, in the configuration this test assembly was built in.</summary>
public static class RepositoryPaths
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string AppOutput(string project) => Path.Combine(TestPaths.RepositoryRoot, "functions", project, "bin", Configuration, "net10.0");
}
