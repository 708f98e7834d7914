using Commerce.Catalog.Domain;
using Commerce.Catalog.Search.Lucene;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Catalog.UnitTests;

public sealed class CachedProductSearchTests : IDisposable
{
    readonly ServiceProvider services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
    readonly CountingSearch lucene = new(new LuceneProductSearch(indexPath: null));
    readonly CachedProductSearch search;

    public CachedProductSearchTests() => search = new CachedProductSearch(lucene, services.GetRequiredService<HybridCache>(), TimeSpan.FromMinutes(1));

    public void Dispose()
    {
        services.Dispose();
        lucene.Inner.Dispose();
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_query_is_answered_once_by_the_search_service_and_then_from_the_cache()
    {
        await search.IndexAsync([Samples.Product("p-1", "Merino Sweater"), Samples.Product("p-2", "Linen Shirt")], Ct);
        var query = new ProductSearchQuery { Text = "sweater" };

        var first = await search.SearchAsync(query, Ct);
        var second = await search.SearchAsync(query with { }, Ct);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => search.SearchAsync(query, Ct)));

        Assert.Equal(["p-1"], first.Items.Select(i => i.Id));
        Assert.Equal(first.Items.Select(i => i.Id), second.Items.Select(i => i.Id));
        Assert.Equal(1, lucene.Searches);
    }

    [Fact]
    public async Task Queries_that_differ_in_any_filter_page_or_currency_are_not_conflated()
    {
        await search.IndexAsync([Samples.Product("p-1", "Merino Sweater", brand: "Northwind"), Samples.Product("p-2", "Wool Sweater", brand: "Contoso")], Ct);
        var query = new ProductSearchQuery { Text = "sweater" };

        var all = await search.SearchAsync(query, Ct);
        var contoso = await search.SearchAsync(query with { Brand = "Contoso" }, Ct);
        var secondPage = await search.SearchAsync(query with { Page = 2, PageSize = 1 }, Ct);
        var euros = await search.SearchAsync(query with { Currency = "EUR" }, Ct);

        Assert.Equal(2, all.Total);
        Assert.Equal(["p-2"], contoso.Items.Select(i => i.Id));
        Assert.Single(secondPage.Items);
        Assert.All(euros.Items, i => Assert.Equal("EUR", i.Currency));
        Assert.Equal(4, lucene.Searches);
    }

    [Fact]
    public async Task Indexing_through_the_cache_makes_the_next_search_see_the_change()
    {
        await search.IndexAsync([Samples.Product("p-1", "Merino Sweater")], Ct);
        var query = new ProductSearchQuery { Text = "sweater" };
        Assert.Equal(1, (await search.SearchAsync(query, Ct)).Total);
        Assert.Equal(["Merino Sweater"], await search.SuggestAsync("mer", 8, Ct));

        await search.IndexAsync([Samples.Product("p-2", "Merino Cardigan Sweater"), Samples.Product("p-1", "Merino Sweater", status: ProductStatus.Archived)], Ct);

        Assert.Equal(["p-2"], (await search.SearchAsync(query, Ct)).Items.Select(i => i.Id));
        Assert.Equal(["Merino Cardigan Sweater"], await search.SuggestAsync("mer", 8, Ct));
        Assert.Equal(2, lucene.Searches);
    }

    sealed class CountingSearch(LuceneProductSearch inner) : IProductSearch
    {
        int _searches;

        public LuceneProductSearch Inner => inner;

        public int Searches => Volatile.Read(ref _searches);

        public Task IndexAsync(IReadOnlyList<Product> products, CancellationToken cancellationToken = default) => inner.IndexAsync(products, cancellationToken);

        public Task<ProductSearchResults> SearchAsync(ProductSearchQuery query, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _searches);
            return inner.SearchAsync(query, cancellationToken);
        }

        public Task<IReadOnlyList<string>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken = default) => inner.SuggestAsync(prefix, size, cancellationToken);
    }
}
