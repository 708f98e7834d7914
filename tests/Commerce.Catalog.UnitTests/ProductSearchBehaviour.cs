using Commerce.Catalog.Domain;

namespace Commerce.Catalog.UnitTests;

/// <summary>What every <see cref="IProductSearch"/> adapter must do; each adapter's test class derives from this.</summary>
public abstract class ProductSearchBehaviour : IAsyncLifetime
{
    protected abstract IProductSearch Search { get; }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync() => await Search.IndexAsync(
    [
        Samples.Product("p1", "Merino Crew Sweater", "Northwind", ["clothing", "knitwear"], 8000, ["navy", "grey"], ["S", "M"], createdDay: 1),
        Samples.Product("p2", "Cashmere Cardigan", "Northwind", ["clothing", "knitwear"], 25000, ["black"], ["M", "L"], createdDay: 2),
        Samples.Product("p3", "Linen Shirt", "Contoso", ["clothing", "shirts"], 4500, ["white", "navy"], ["M"], createdDay: 3),
        Samples.Product("p4", "Denim Jacket", "Contoso", ["clothing", "jackets"], 12000, ["blue"], ["L"], createdDay: 4),
        Samples.Product("p5", "Merino Beanie", "Fabrikam", ["accessories", "hats"], 2000, ["navy"], ["M"], createdDay: 5),
    ], Ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static ProductSearchQuery Query(string? text = null) => new() { Text = text };

    [Fact]
    public async Task Finds_products_by_a_word_of_their_name()
    {
        var results = await Search.SearchAsync(Query("merino"), Ct);

        Assert.Equal(["p1", "p5"], results.Items.Select(i => i.Id).Order());
        Assert.Equal(2, results.Total);
    }

    [Theory]
    [InlineData("merin")]
    [InlineData("merinno")]
    [InlineData("nerino")]
    [InlineData("mreino sweater")]
    public async Task A_word_one_edit_away_still_matches(string typo)
    {
        var results = await Search.SearchAsync(Query(typo), Ct);

        Assert.Contains(results.Items, i => i.Id == "p1");
    }

    [Fact]
    public async Task A_word_two_edits_away_does_not_match()
    {
        var results = await Search.SearchAsync(Query("mxrxno"), Ct);

        Assert.Empty(results.Items);
    }

    [Fact]
    public async Task Facet_counts_reflect_the_other_filters_but_not_their_own()
    {
        var results = await Search.SearchAsync(new ProductSearchQuery { Brand = "Northwind", Color = "navy" }, Ct);

        Assert.Equal(["p1"], results.Items.Select(i => i.Id));
        // Brand facet: navy products of any brand (p1 Northwind, p3 Contoso, p5 Fabrikam).
        Assert.Equal([new FacetCount("Contoso", 1), new FacetCount("Fabrikam", 1), new FacetCount("Northwind", 1)], results.Facets[Facets.Brand].OrderBy(f => f.Value, StringComparer.Ordinal));
        // Colour facet: Northwind products of any colour (p1 navy+grey, p2 black).
        Assert.Equal([new FacetCount("black", 1), new FacetCount("grey", 1), new FacetCount("navy", 1)], results.Facets[Facets.Color].OrderBy(f => f.Value, StringComparer.Ordinal));
        // Other facets: the hits only.
        Assert.Equal([new FacetCount("M", 1), new FacetCount("S", 1)], results.Facets[Facets.Size].OrderBy(f => f.Value, StringComparer.Ordinal));
        Assert.Contains(new FacetCount("knitwear", 1), results.Facets[Facets.Category]);
        Assert.Contains(new FacetCount("50-100", 1), results.Facets[Facets.Price]);
    }

    [Fact]
    public async Task Category_filters_include_descendants_and_price_bands_count_in_the_currency()
    {
        var results = await Search.SearchAsync(new ProductSearchQuery { Category = "clothing", Currency = "USD" }, Ct);

        Assert.Equal(4, results.Total);
        Assert.Equal([1, 1, 1, 1], results.Facets[Facets.Price].Where(f => f.Value is "25-50" or "50-100" or "100-200" or "200+").Select(f => f.Count));
        Assert.Contains(new FacetCount("accessories", 1), results.Facets[Facets.Category]);
    }

    [Fact]
    public async Task Price_range_filters_and_price_sorting_use_the_requested_currency()
    {
        var results = await Search.SearchAsync(new ProductSearchQuery { MinPrice = 4000, MaxPrice = 13000, Currency = "USD", Sort = SearchSort.PriceAsc }, Ct);

        Assert.Equal(["p3", "p1", "p4"], results.Items.Select(i => i.Id));
        Assert.Equal([4500L, 8000L, 12000L], results.Items.Select(i => i.Price!.Value));

        var descending = await Search.SearchAsync(new ProductSearchQuery { Sort = SearchSort.PriceDesc, Currency = "EUR" }, Ct);
        Assert.Equal("p2", descending.Items[0].Id);
        Assert.Equal(22500, descending.Items[0].Price);
    }

    [Fact]
    public async Task Newest_first_and_pages_do_not_overlap()
    {
        var first = await Search.SearchAsync(new ProductSearchQuery { Sort = SearchSort.Newest, PageSize = 2 }, Ct);
        var second = await Search.SearchAsync(new ProductSearchQuery { Sort = SearchSort.Newest, PageSize = 2, Page = 2 }, Ct);

        Assert.Equal(["p5", "p4"], first.Items.Select(i => i.Id));
        Assert.Equal(["p3", "p2"], second.Items.Select(i => i.Id));
        Assert.Equal(5, second.Total);
    }

    [Fact]
    public async Task Suggests_names_with_a_word_starting_with_the_prefix()
    {
        Assert.Equal(["Merino Beanie", "Merino Crew Sweater"], (await Search.SuggestAsync("mer", 5, Ct)).Order(StringComparer.Ordinal));
        Assert.Equal(["Merino Crew Sweater"], await Search.SuggestAsync("merino cr", 5, Ct));
        Assert.Empty(await Search.SuggestAsync("zzz", 5, Ct));
    }

    [Fact]
    public async Task An_archived_product_leaves_the_index_and_a_renamed_one_is_found_by_its_new_name()
    {
        await Search.IndexAsync([Samples.Product("p5", "Merino Beanie", status: ProductStatus.Archived), Samples.Product("p4", "Corduroy Jacket", "Contoso", ["clothing", "jackets"])], Ct);

        Assert.Equal(["p1"], (await Search.SearchAsync(Query("merino"), Ct)).Items.Select(i => i.Id));
        Assert.Equal(["p4"], (await Search.SearchAsync(Query("corduroy"), Ct)).Items.Select(i => i.Id));
        Assert.Empty((await Search.SearchAsync(Query("denim"), Ct)).Items);
    }
}

public sealed class LuceneProductSearchTests : ProductSearchBehaviour, IDisposable
{
    readonly Search.Lucene.LuceneProductSearch _search = new(indexPath: null);

    protected override IProductSearch Search => _search;

    public void Dispose() => _search.Dispose();
}
