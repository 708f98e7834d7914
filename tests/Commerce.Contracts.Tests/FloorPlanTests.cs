namespace Commerce.Contracts.Tests;

/// <summary>Domains and the orders application layer are plain .NET: they reach neither the Functions worker nor ASP.NET Core.</summary>
public sealed class FloorPlanTests
{
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
}
