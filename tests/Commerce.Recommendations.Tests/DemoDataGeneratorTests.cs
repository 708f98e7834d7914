using Commerce.Demo;

namespace Commerce.Recommendations.Tests;

public sealed class DemoDataGeneratorTests
{
    private static readonly DemoDataOptions Small = new() { Interactions = 20_000, Seed = 11 };

    [Fact]
    public void Same_seed_generates_the_same_data()
    {
        var first = DemoDataGenerator.Generate(Small);
        var second = DemoDataGenerator.Generate(Small);

        Assert.Equal(first.Interactions, second.Interactions);
        Assert.Equal(first.Products, second.Products);
    }

    [Fact]
    public void Another_seed_generates_other_data()
    {
        var first = DemoDataGenerator.Generate(Small);
        var other = DemoDataGenerator.Generate(Small with { Seed = 12 });

        Assert.NotEqual(first.Interactions.Take(100), other.Interactions.Take(100));
    }

    [Fact]
    public void Interactions_come_in_temporal_order_with_every_kind_over_the_product_universe()
    {
        var data = DemoDataGenerator.Generate(Small);

        Assert.InRange(data.Interactions.Count, Small.Interactions, Small.Interactions + 100);
        Assert.True(data.Interactions.Zip(data.Interactions.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
        Assert.Equal(3, data.Interactions.Select(i => i.Kind).Distinct().Count());
        Assert.Equal(2_000, data.Products.Count);
        Assert.Equal(20, data.Products.Select(p => p.Category).Distinct().Count());
        Assert.True(data.Interactions.All(i => data.ProductsById.ContainsKey(i.ProductId)));
    }

    [Fact]
    public void Customers_have_distinct_tastes_concentrated_on_few_categories()
    {
        var data = DemoDataGenerator.Generate(Small);
        var topThreeShares = data.Interactions
            .GroupBy(i => i.UserId)
            .Where(g => g.Count() >= 40)
            .Select(g =>
            {
                var byCategory = g.GroupBy(i => data.ProductsById[i.ProductId].Category).Select(c => c.Count()).OrderDescending().ToList();
                return byCategory.Take(3).Sum() / (double)g.Count();
            })
            .ToList();

        Assert.NotEmpty(topThreeShares);
        Assert.True(topThreeShares.Average() > 0.7, $"Three categories hold {topThreeShares.Average():P0} of an active customer's interactions; 20 uniform would be 15%.");
    }
}
