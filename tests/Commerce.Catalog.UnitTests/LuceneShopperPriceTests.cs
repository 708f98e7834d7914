using Commerce.Catalog.Domain;
using Commerce.Catalog.Search.Lucene;

namespace Commerce.Catalog.UnitTests;

/// <summary>
/// The embedded index searching as a price experiment's shopper (<see cref="ProductSearchQuery.Shopper"/>): products of
/// a targeted category at the variant's multiplier, products of a targeted SKU at the price the view resolves; the rest,
/// and a targeted category's subcategories, at their indexed prices.
/// </summary>
public sealed class LuceneShopperPriceTests : IAsyncLifetime, IDisposable
{
    readonly LuceneProductSearch _search = new(indexPath: null);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _search.IndexAsync(
    [
        Samples.Product("p1", "Merino Crew Sweater", path: ["clothing", "knitwear"], usd: 8000, createdDay: 1),
        Samples.Product("p2", "Cashmere Cardigan", path: ["clothing", "knitwear"], usd: 25000, createdDay: 2),
        Samples.Product("p3", "Linen Shirt", path: ["clothing"], usd: 4500, createdDay: 3),
        Samples.Product("p4", "Denim Jacket", path: ["clothing", "jackets"], usd: 12000, createdDay: 4),
    ], Ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Dispose() => _search.Dispose();

    /// <summary>A view halving the prices of <paramref name="category"/>'s own products and pricing p4 at 10.00 when <paramref name="p4Targeted"/>.</summary>
    static SearchPriceView View(string category, bool p4Targeted) => new(
        "e1.half",
        p4Targeted ? new HashSet<string>(["p4"], StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
        new Dictionary<string, long> { [category] = 5_000 },
        (ids, _, _) => Task.FromResult<IReadOnlyDictionary<string, long?>>(ids.ToDictionary(id => id, id => (long?)1_000)));

    async Task<(string Id, long? Price)[]> HitsAsync(ProductSearchQuery query)
        => [.. (await _search.SearchAsync(query with { Currency = "USD" }, Ct)).Items.Select(h => (h.Id, h.Price))];

    [Fact]
    public async Task A_targeted_category_s_products_sort_and_filter_at_the_variant_price_and_a_targeted_product_at_its_resolved_price()
    {
        var shopper = View("knitwear", p4Targeted: true);

        Assert.Equal([("p4", 1_000), ("p1", 4_000), ("p3", 4_500), ("p2", 12_500)], await HitsAsync(new() { Sort = SearchSort.PriceAsc, Shopper = shopper }));
        Assert.Equal([("p2", 12_500), ("p3", 4_500), ("p1", 4_000), ("p4", 1_000)], await HitsAsync(new() { Sort = SearchSort.PriceDesc, Shopper = shopper }));
        Assert.Equal([("p1", 4_000), ("p3", 4_500)], await HitsAsync(new() { MinPrice = 2_000, MaxPrice = 5_000, Sort = SearchSort.PriceAsc, Shopper = shopper }));
        var results = await _search.SearchAsync(new() { MaxPrice = 5_000, Currency = "USD", PageSize = 1, Page = 2, Sort = SearchSort.PriceAsc, Shopper = shopper }, Ct);
        Assert.Equal((3, "p1"), (results.Total, Assert.Single(results.Items).Id));
        Assert.Equal([new FacetCount("0-25", 1), new FacetCount("25-50", 2), new FacetCount("50-100", 0), new FacetCount("100-200", 1), new FacetCount("200+", 0)], results.Facets[Facets.Price]);
    }

    [Fact]
    public async Task A_category_experiment_does_not_reprice_its_subcategories_products()
    {
        var shopper = View("clothing", p4Targeted: false);

        Assert.Equal([("p3", 2_250), ("p1", 8_000), ("p4", 12_000), ("p2", 25_000)], await HitsAsync(new() { Sort = SearchSort.PriceAsc, Shopper = shopper }));
        Assert.Equal(await HitsAsync(new() { Category = "knitwear", Sort = SearchSort.Relevance }), await HitsAsync(new() { Category = "knitwear", Sort = SearchSort.Relevance, Shopper = shopper }));
    }
}
