namespace Commerce.Contracts.Tests;

/// <summary>
/// Domains and the orders application layer are plain .NET: they reach neither the Functions worker nor ASP.NET Core.
/// Production projects know nothing of local runs: the dev host and the demo data it seeds are referenced by no
/// function app or library that ships.
/// </summary>
public sealed class FloorPlanTests
{
    /// <summary>What only local runs use: the dev host, and the demo project (demo data, its generators) it references.</summary>
    static readonly string[] LocalOnly = ["Commerce.DevHost", "Commerce.Demo"];

    static readonly IReadOnlyDictionary<string, ProjectNode> Plan = FloorPlan.Load();

    [Fact]
    public void Domain_projects_reach_neither_the_Functions_worker_nor_ASP_NET_Core()
    {
        var domains = Plan.Keys.Where(p => p.EndsWith(".Domain", StringComparison.Ordinal)).ToList();
        Assert.True(domains.Count >= 5, "every context has a domain project");

        Assert.All(domains, d => Assert.Empty(FloorPlan.HostCouplings(Plan, d)));
    }

    [Fact]
    public void Primitives_references_nothing_beyond_the_BCL()
    {
        var primitives = Plan["Commerce.Primitives"];

        Assert.Empty(primitives.Projects);
        Assert.Empty(primitives.Packages);
        Assert.Empty(primitives.Frameworks);
    }

    [Fact]
    public void The_orders_application_layer_declares_no_Functions_worker_and_holds_no_triggers()
    {
        var application = Plan["Commerce.Orders.Application"];
        var sources = ContainerOwnership.ProductionSources().Where(s => s.Project == application.Name).ToList();

        Assert.False(application.IsFunctionApp);
        Assert.DoesNotContain(application.Packages, p => p.StartsWith(FloorPlan.WorkerPackagePrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(application.Frameworks, f => f == FloorPlan.AspNetCore);
        Assert.DoesNotContain(application.Projects, p => Plan[p].IsFunctionApp || p == "Commerce.ServiceDefaults");
        Assert.NotEmpty(sources);
        Assert.DoesNotContain(sources, s => s.Text.Contains("Microsoft.Azure.Functions.Worker", StringComparison.Ordinal) || s.Text.Contains("[Function(", StringComparison.Ordinal));
        // What it reaches of the host comes only through the cart's storage adapter (its registration takes the ASP.NET
        // Core framework for configuration and options).
        Assert.All(FloorPlan.HostCouplings(Plan, application.Name), c => Assert.Equal("Commerce.Cart.Storage takes ASP.NET Core", c));
    }

    [Theory]
    [InlineData("Commerce.Cart.Domain", "framework")]
    [InlineData("Commerce.Pricing.Domain", "worker")]
    [InlineData("Commerce.Analytics.Domain", "servicedefaults")]
    [InlineData("Commerce.Catalog.Domain", "servicedefaults")]
    [InlineData("Commerce.Orders.Domain", "framework")]
    public void A_domain_that_takes_the_host_fails_the_floor_plan(string domain, string how)
    {
        // The mutation: the domain's csproj gains ASP.NET Core, a worker package, or a reference to ServiceDefaults.
        var node = Plan[domain];
        var mutated = new Dictionary<string, ProjectNode>(Plan, StringComparer.Ordinal)
        {
            [domain] = how switch
            {
                "framework" => node with { Frameworks = [.. node.Frameworks, FloorPlan.AspNetCore] },
                "worker" => node with { Packages = [.. node.Packages, FloorPlan.WorkerPackagePrefix] },
                _ => node with { Projects = [.. node.Projects, "Commerce.ServiceDefaults"] },
            },
        };

        Assert.Empty(FloorPlan.HostCouplings(Plan, domain));
        Assert.NotEmpty(FloorPlan.HostCouplings(mutated, domain));
    }

    [Fact]
    public void No_production_project_reaches_the_dev_host_or_the_demo_project_and_the_dev_host_references_the_demo()
    {
        var production = Plan.Keys.Where(p => !LocalOnly.Contains(p)).ToList();
        Assert.Contains("Commerce.Catalog", production);

        Assert.All(production, p => Assert.Empty(LocalOnlyReach(Plan, p)));
        Assert.False(Plan["Commerce.Demo"].IsFunctionApp);
        Assert.Contains("Commerce.Demo", Plan["Commerce.DevHost"].Projects);
    }

    [Fact]
    public void No_production_source_holds_demo_data_or_a_dev_only_switch()
    {
        var sources = ContainerOwnership.ProductionSources();
        Assert.DoesNotContain(sources, s => LocalOnly.Contains(s.Project));

        var demo = sources.Where(s => DemoType.IsMatch(s.Text) || s.Text.Contains("SellWithoutStockRecord", StringComparison.Ordinal)).Select(s => s.File);

        Assert.Empty(demo);
    }

    [Theory]
    [InlineData("Commerce.Catalog", "Commerce.Demo")]
    [InlineData("Commerce.Recommendations", "Commerce.Demo")]
    [InlineData("Commerce.Orders.Domain", "Commerce.DevHost")]
    public void A_production_project_that_references_the_demo_project_or_the_dev_host_fails_the_floor_plan(string project, string localOnly)
    {
        // The mutation: the project's csproj gains a reference to the demo project or the dev host.
        var node = Plan[project];
        var mutated = new Dictionary<string, ProjectNode>(Plan, StringComparer.Ordinal) { [project] = node with { Projects = [.. node.Projects, localOnly] } };

        Assert.Empty(LocalOnlyReach(Plan, project));
        Assert.Contains(localOnly, LocalOnlyReach(mutated, project));
    }

    [Fact]
    public void A_demo_type_in_a_production_source_fails_the_floor_plan()
    {
        Assert.Matches(DemoType, "public static class DemoCatalog");
        Assert.Matches(DemoType, "internal sealed record DemoSeedMarker(int Products);");
        Assert.DoesNotMatch(DemoType, "public sealed class CatalogSellableProducts");
    }

    static readonly System.Text.RegularExpressions.Regex DemoType = new(@"\b(class|record|struct|interface|enum)\s+Demo\w*", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The local-only projects <paramref name="project"/> reaches through project references.</summary>
    static IReadOnlyList<string> LocalOnlyReach(IReadOnlyDictionary<string, ProjectNode> plan, string project)
        => [.. FloorPlan.Closure(plan, project).Select(n => n.Name).Where(LocalOnly.Contains).Order(StringComparer.Ordinal)];
}
