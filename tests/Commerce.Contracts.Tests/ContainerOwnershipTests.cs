namespace Commerce.Contracts.Tests;

/// <summary>One owner per container: only the owning context's projects write a document container (see <see cref="ContainerOwnership"/>).</summary>
public sealed class ContainerOwnershipTests
{
    [Fact]
    public void No_project_writes_a_container_another_context_owns_beyond_the_pinned_ones()
    {
        var found = ContainerOwnership.ForeignWrites(ContainerOwnership.ProductionSources());

        Assert.Equal(Pinned(), found.Select(w => $"{w.Project}:{w.Container}").Distinct().Order(StringComparer.Ordinal));
    }

    static IEnumerable<string> Pinned() => ContainerOwnership.Pinned.Select(p => $"{p.Project}:{p.Container}").Order(StringComparer.Ordinal);

    [Fact]
    public void The_scan_sees_each_contexts_own_writes()
    {
        // Not vacuous: the scan finds the owners' writes of their own containers through the same patterns.
        var sources = ContainerOwnership.ProductionSources();
        var everything = ContainerOwnership.ForeignWrites([.. sources.Select(s => s with { Project = "Commerce.Nobody" })]).Select(w => w.Container).ToHashSet();

        Assert.Empty(new[] { "carts", "promotions", "orders", "inventory", "cart-claims", "products", "skus", "interactions", "aggregates", "applied-prices" }.Except(everything));
    }

    [Theory]
    [InlineData("Commerce.Orders.Application", "carts", "ShoppingCart.Container")]
    [InlineData("Commerce.Catalog.Domain", "inventory", "\"inventory\"")]
    [InlineData("Commerce.Recommendations", "orders", "PlacedOrder.Container")]
    public void A_write_to_a_container_another_context_owns_fails_the_scan(string project, string container, string name)
    {
        // The mutation: a deliberate cross-context write added to a project's sources.
        var violation = new ContainerOwnership.Source(project, $"{project}/Violation.cs", $$"""
            sealed class Violation(IDocumentStore store)
            {
                readonly IDocumentContainer<object> target = store.Container<object>({{name}});

                public Task WipeAsync(string id) => target.DeleteAsync(id, id);
            }
            """);
        var sources = ContainerOwnership.ProductionSources();

        var found = ContainerOwnership.ForeignWrites([.. sources, violation]);

        Assert.Contains(found, w => w.Project == project && w.Container == container && w.File == violation.File);
        Assert.NotEqual(Pinned(), found.Select(w => $"{w.Project}:{w.Container}").Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_write_to_a_container_without_an_owner_fails_the_scan()
    {
        var violation = new ContainerOwnership.Source("Commerce.Orders", "Commerce.Orders/Violation.cs",
            "sealed class Violation(IDocumentStore store) { Task Go() => store.Container<object>(\"scratch\").UpsertAsync(\"a\", \"a\", new object()); }");

        var found = ContainerOwnership.ForeignWrites([.. ContainerOwnership.ProductionSources(), violation]);

        Assert.Contains(found, w => w.Container == "scratch" && w.Owner is null);
    }
}
