using System.Xml.Linq;

namespace Commerce.Contracts.Tests;

/// <summary>One production project as its csproj declares it: references of each kind, and whether it is a function app.</summary>
public sealed record ProjectNode(string Name, bool IsFunctionApp, IReadOnlyList<string> Projects, IReadOnlyList<string> Packages, IReadOnlyList<string> Frameworks);

/// <summary>The projects under <c>functions/</c> and what each reaches, read from the csproj files (FloorPlanTests).</summary>
public static class FloorPlan
{
    public const string WorkerPackagePrefix = "Microsoft.Azure.Functions.Worker";
    public const string AspNetCore = "Microsoft.AspNetCore.App";

    public static IReadOnlyDictionary<string, ProjectNode> Load()
    {
        var functions = Path.Combine(ContainerOwnership.RepositoryRoot(), "functions");
        return Directory.EnumerateFiles(functions, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Read)
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    static ProjectNode Read(string path)
    {
        var xml = XDocument.Load(path);
        IReadOnlyList<string> Items(string kind) => [.. xml.Descendants(kind).Select(e => (string?)e.Attribute("Include")).OfType<string>()];
        return new ProjectNode(
            Path.GetFileNameWithoutExtension(path),
            xml.Descendants("AzureFunctionsVersion").Any(),
            [.. Items("ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/')))],
            Items("PackageReference"),
            Items("FrameworkReference"));
    }

    /// <summary><paramref name="project"/> and every project it reaches through project references.</summary>
    public static IReadOnlyList<ProjectNode> Closure(IReadOnlyDictionary<string, ProjectNode> plan, string project)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var seen = new Dictionary<string, ProjectNode>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var name))
        {
            if (plan.TryGetValue(name, out var node) && seen.TryAdd(name, node))
            {
                foreach (var reference in node.Projects)
                {
                    pending.Push(reference);
                }
            }
        }

        return [.. seen.Values];
    }

    /// <summary>Why <paramref name="project"/> is not plain .NET: each project it reaches that is a function app or takes the worker or ASP.NET Core.</summary>
    public static IReadOnlyList<string> HostCouplings(IReadOnlyDictionary<string, ProjectNode> plan, string project)
        => [.. Closure(plan, project).SelectMany(node => new[]
            {
                node.IsFunctionApp ? $"{node.Name} is a function app" : null,
                node.Packages.Any(p => p.StartsWith(WorkerPackagePrefix, StringComparison.Ordinal)) ? $"{node.Name} takes the Functions worker" : null,
                node.Frameworks.Contains(AspNetCore) ? $"{node.Name} takes ASP.NET Core" : null,
            }.OfType<string>())];
}
