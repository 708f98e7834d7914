namespace Commerce.Documents;

/// <summary>
/// Where the apps keep their embedded data (the SQLite document store) when they run outside Azure: one folder for
/// every app, <c>Commerce:DataPath</c> (default <see cref="DefaultFolder"/>). A relative path is taken from the
/// repository root, the nearest folder at or above the app's content root that holds <see cref="RootMarker"/>, so the
/// apps agree on one folder wherever each one runs from: <c>func start</c> runs every app's worker in its own
/// <c>functions/Commerce.&lt;App&gt;/bin/output</c>, and a path relative to that working directory gave each app a
/// store of its own. Outside a repository (no marker above) a relative path is taken from the content root.
/// </summary>
public static class LocalDataFolder
{
    /// <summary>The setting naming the one folder of every app's embedded data.</summary>
    public const string Setting = "Commerce:DataPath";

    /// <summary>The folder when <see cref="Setting"/> is not set: <c>.devhost-data</c> at the repository root.</summary>
    public const string DefaultFolder = ".devhost-data";

    /// <summary>The file that marks the repository root (the local settings every app's <c>local.settings.json</c> is copied from).</summary>
    public const string RootMarker = "local.settings.sample.json";

    /// <summary>
    /// The folder <paramref name="subfolder"/> of the apps' data: <paramref name="explicitPath"/> when set (an app's own
    /// override, such as <c>Documents:DataPath</c>), else <paramref name="subfolder"/> under <paramref name="dataPath"/>
    /// (<see cref="Setting"/>; <see cref="DefaultFolder"/> when empty). Relative paths are taken from
    /// <see cref="RootOf"/>(<paramref name="contentRoot"/>).
    /// </summary>
    public static string Resolve(string? explicitPath, string? dataPath, string subfolder, string contentRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subfolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);
        var root = RootOf(contentRoot);
        return string.IsNullOrWhiteSpace(explicitPath)
            ? Path.Combine(Path.GetFullPath(string.IsNullOrWhiteSpace(dataPath) ? DefaultFolder : dataPath, root), subfolder)
            : Path.GetFullPath(explicitPath, root);
    }

    /// <summary>The nearest folder at or above <paramref name="contentRoot"/> that holds <see cref="RootMarker"/>; <paramref name="contentRoot"/> itself when none does.</summary>
    public static string RootOf(string contentRoot)
    {
        var start = Path.GetFullPath(contentRoot);
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, RootMarker)))
            {
                return folder.FullName;
            }
        }

        return start;
    }
}
