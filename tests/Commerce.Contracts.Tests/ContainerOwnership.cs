using System.Text.RegularExpressions;

namespace Commerce.Contracts.Tests;

/// <summary>A document write that breaks the floor plan: <see cref="Project"/>'s code writes <see cref="Container"/>, owned by <see cref="Owner"/>.</summary>
public sealed record ForeignWrite(string Project, string File, string Container, string? Owner)
{
    public override string ToString() => $"{Project} ({File}) writes '{Container}', owned by {Owner ?? "nobody (no owner in the table)"}";
}

/// <summary>
/// One owner per container, read from the source. Each production project belongs to one context (its name says which);
/// a project may write a document container only when its context owns it. A write is a create, replace, upsert,
/// delete or update (the store's read-modify-write helpers) on a document container the same file opened with <c>store.Container&lt;T&gt;(name)</c>, where the name is a
/// literal or a constant (resolved across the sources; an unresolvable name fails the scan rather than pass unseen).
/// The README's table (container × owner × readers) and the Cosmos role map in infra/main.bicep say the same.
/// </summary>
public static partial class ContainerOwnership
{
    /// <summary>Document containers and the one context that writes each (the README's table).</summary>
    public static readonly IReadOnlyDictionary<string, string> Owners = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["products"] = "catalog",
        ["product-slugs"] = "catalog",
        ["product-listings"] = "catalog",
        ["categories"] = "catalog",
        ["skus"] = "catalog",
        ["carts"] = "cart",
        ["promotions"] = "cart",
        ["promotion-calendar"] = "cart",
        ["inventory"] = "orders",
        ["reservations"] = "orders",
        ["promotion-usage"] = "orders",
        ["checkout-requests"] = "orders",
        ["checkout-admissions"] = "orders",
        ["checkouts-in-flight"] = "orders",
        ["cart-claims"] = "orders",
        ["orders"] = "orders",
        ["customer-orders"] = "orders",
        ["payment-events"] = "orders",
        ["aggregates"] = "analytics",
        ["interactions"] = "analytics",
        ["product-demand"] = "analytics",
        ["applied-prices"] = "pricing",
        ["pricing-skus"] = "pricing",
        ["pricing-categories"] = "pricing",
        ["pricing-category-skus"] = "pricing",
        ["price-proposals"] = "pricing",
        ["price-changes"] = "pricing",
        ["competitor-prices"] = "pricing",
        ["price-models"] = "pricing",
        ["price-experiments"] = "pricing",
        ["price-experiment-claims"] = "pricing",
        ["price-experiment-totals"] = "pricing",
        ["live-price-experiments"] = "pricing",
        ["price-experiment-visitors"] = "pricing",
        ["replenishment-supply-terms"] = "replenishment",
        ["replenishment-service-levels"] = "replenishment",
        ["replenishment-sku-suppliers"] = "replenishment",
        ["replenishment-demand"] = "replenishment",
        ["replenishment-models"] = "replenishment",
        ["replenishment-plans"] = "replenishment",
        ["replenishment-risks"] = "replenishment",
        ["replenishment-suggestions"] = "replenishment",
        ["replenishment-runs"] = "replenishment",
    };

    /// <summary>
    /// Foreign writes still in the code, each with the reason it is not moved yet. The scan must find exactly these: a new
    /// one fails, and so does one that is gone (take it off the list).
    /// </summary>
    public static readonly IReadOnlyList<(string Project, string Container, string Reason)> Pinned =
    [
        ("Commerce.Cart.Storage", "promotion-usage",
            "checkout's promotion claims (orders owns the usage ledger and holds the only write role) run the cart context's promotion store inside the orders app; moving the ledger's writes into Orders is left"),
    ];

    /// <summary>The context a production project belongs to; null for shared libraries, which may write no container.</summary>
    public static string? ContextOf(string project) => project switch
    {
        _ when project.StartsWith("Commerce.Catalog", StringComparison.Ordinal) => "catalog",
        _ when project.StartsWith("Commerce.Cart", StringComparison.Ordinal) => "cart",
        _ when project.StartsWith("Commerce.Orders", StringComparison.Ordinal) => "orders",
        _ when project.StartsWith("Commerce.Analytics", StringComparison.Ordinal) || project == "Commerce.Recommendations" => "analytics",
        _ when project.StartsWith("Commerce.Pricing", StringComparison.Ordinal) => "pricing",
        _ when project.StartsWith("Commerce.Replenishment", StringComparison.Ordinal) => "replenishment",
        _ => null,
    };

    /// <summary>One C# source of a project.</summary>
    public sealed record Source(string Project, string File, string Text);

    /// <summary>Every production source under <c>functions/</c> except the dev host (the local runtime, not a deployable app).</summary>
    public static IReadOnlyList<Source> ProductionSources()
    {
        var functions = Path.Combine(RepositoryRoot(), "functions");
        return
        [
            .. Directory.EnumerateFiles(functions, "*.cs", SearchOption.AllDirectories)
                .Select(path => (path, relative: Path.GetRelativePath(functions, path)))
                .Where(f => !f.relative.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
                .Select(f => new Source(f.relative.Split(Path.DirectorySeparatorChar)[0], f.relative, File.ReadAllText(f.path)))
                .Where(s => s.Project is not ("Commerce.DevHost" or "Commerce.Demo")),
        ];
    }

    /// <summary>Every write in <paramref name="sources"/> by a project whose context does not own the container.</summary>
    public static IReadOnlyList<ForeignWrite> ForeignWrites(IReadOnlyList<Source> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var constants = Constants(sources);
        var found = new List<ForeignWrite>();
        foreach (var source in sources)
        {
            foreach (var (container, _) in Writes(source, constants))
            {
                var owner = Owners.GetValueOrDefault(container);
                if (owner is null || owner != ContextOf(source.Project))
                {
                    found.Add(new ForeignWrite(source.Project, source.File, container, owner));
                }
            }
        }

        return [.. found.Distinct()];
    }

    /// <summary>The containers <paramref name="source"/> writes, with the member it writes them through.</summary>
    static IEnumerable<(string Container, string Member)> Writes(Source source, IReadOnlyDictionary<string, string> constants)
    {
        var types = TypeDeclaration().Matches(source.Text).Select(m => (m.Index, m.Groups["name"].Value)).ToList();
        string? Enclosing(int at) => types.LastOrDefault(t => t.Index < at).Value;
        foreach (Match opened in OpenedContainer().Matches(source.Text))
        {
            var member = opened.Groups["member"].Value;
            var container = Resolve(opened.Groups["name"].Value.Trim(), Enclosing(opened.Index), constants)
                ?? throw new InvalidOperationException($"{source.File}: cannot resolve the container name {opened.Groups["name"].Value}.");
            if (Regex.IsMatch(source.Text, $@"\b{Regex.Escape(member)}\s*\.\s*(?:Create|Replace|Upsert|Delete|Update|UpdateIf)Async\s*[<(]"))
            {
                yield return (container, member);
            }
        }

        foreach (Match inline in InlineWrite().Matches(source.Text))
        {
            yield return (Resolve(inline.Groups["name"].Value.Trim(), Enclosing(inline.Index), constants)
                ?? throw new InvalidOperationException($"{source.File}: cannot resolve the container name {inline.Groups["name"].Value}."), "(inline)");
        }
    }

    static string? Resolve(string expression, string? enclosingType, IReadOnlyDictionary<string, string> constants)
    {
        if (expression.Length >= 2 && expression[0] == '"' && expression[^1] == '"')
        {
            return expression[1..^1];
        }

        if (expression.Contains('.', StringComparison.Ordinal))
        {
            var parts = expression.Split('.');
            return constants.GetValueOrDefault($"{parts[^2]}.{parts[^1]}");
        }

        // An unqualified constant: the enclosing type's.
        return constants.GetValueOrDefault($"{enclosingType}.{expression}");
    }

    /// <summary>
    /// <c>Type.Name</c> → value of every string constant in the sources (the type is the nearest declaration above it);
    /// a constant defined as another constant (<c>const string Container = SkuInventory.Container;</c>) takes its value.
    /// </summary>
    static Dictionary<string, string> Constants(IReadOnlyList<Source> sources)
    {
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var types = TypeDeclaration().Matches(source.Text).Select(m => (m.Index, m.Groups["name"].Value)).ToList();
            foreach (Match constant in StringConstant().Matches(source.Text))
            {
                if (types.LastOrDefault(t => t.Index < constant.Index) is { Value: { Length: > 0 } type })
                {
                    raw.TryAdd($"{type}.{constant.Groups["name"].Value}", constant.Groups["value"].Value);
                }
            }
        }

        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in raw)
        {
            var resolved = value;
            for (var hops = 0; hops < 4 && !resolved.StartsWith('"') && resolved.Split('.') is { Length: >= 2 } parts; hops++)
            {
                resolved = raw.GetValueOrDefault($"{parts[^2]}.{parts[^1]}") ?? resolved;
            }

            if (resolved.StartsWith('"'))
            {
                constants[key] = resolved[1..^1];
            }
        }

        return constants;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Commerce.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Commerce.Functions.sln not found above the test's output folder.");
    }

    [GeneratedRegex(@"\b(?:class|record|struct|interface)\s+(?<name>\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bconst\s+string\s+(?<name>\w+)\s*=\s*(?<value>""[^""]*""|[\w.]+)\s*;")]
    private static partial Regex StringConstant();

    // A field or property bound to a container: `x = store.Container<T>(name)` or `X => store.Container<T>(name)`.
    [GeneratedRegex(@"(?<member>\w+)\s*=>?\s*\w+\s*\.\s*Container<[^>]+>\((?<name>[^()]+)\)")]
    private static partial Regex OpenedContainer();

    [GeneratedRegex(@"\.\s*Container<[^>]+>\((?<name>[^()]+)\)\s*\.\s*(?:Create|Replace|Upsert|Delete|Update|UpdateIf)Async\s*[<(]")]
    private static partial Regex InlineWrite();
}
