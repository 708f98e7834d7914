using System.Text.Json;
using Commerce.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>What <c>func start</c> hands an app's worker: <c>local.settings.sample.json</c> copied to its <c>local.settings.json</c>.</summary>
static class CoreToolsSettings
{
    /// <summary>The sample's file name, at the repository root.</summary>
    public const string Sample = "local.settings.sample.json";

    /// <summary>The sample's <c>Values</c> as the worker's configuration sees them (<c>__</c> is the section separator), as command-line settings.</summary>
    public static IEnumerable<string> SampleAsArguments()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, Sample)));
        return [.. sample.RootElement.GetProperty("Values").EnumerateObject().Select(v => $"--{v.Name.Replace("__", ":", StringComparison.Ordinal)}={v.Value.GetString()}")];
    }
}
