using System.Globalization;
using Commerce.Contracts;
using Microsoft.Extensions.Caching.Hybrid;

namespace Commerce.Catalog.Domain;

/// <summary>
/// Catalog answers as one shopper sees them: while a price experiment (<see cref="LivePriceExperiment"/>, which pricing
/// publishes) covers a product, the shopper's variant prices its SKUs on the product page, in listings and in search;
/// everyone else, and everything outside the experiment's window, keeps the usual prices. A variant product is
/// serialized once per product version and variant (its cache key and entity tag name both), so a running experiment
/// costs a product GET one lookup more.
/// </summary>
public sealed class ShopperPrices(LivePriceExperiments experiments, ProductReader reader, HybridCache cache)
{
    static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(10) };

    /// <summary>The experiments live now (empty: nothing to resolve, and no need to know who asks).</summary>
    public ValueTask<IReadOnlyList<LivePriceExperiment>> LiveAsync(CancellationToken cancellationToken = default) => experiments.LiveAsync(cancellationToken);

    /// <summary>The arms the shopper sees on the product's SKUs (one per experiment covering it).</summary>
    public static IReadOnlyList<ExperimentArm> ArmsOn(CachedProduct product, IReadOnlyList<LivePriceExperiment> live, string? shopperId)
    {
        ArgumentNullException.ThrowIfNull(product);
        return live.Count == 0 || shopperId is null ? []
            : [.. product.Skus.Select(sku => LivePriceExperiments.ArmFor(live, shopperId, sku, product.CategoryId)).OfType<ExperimentArm>().Distinct()];
    }

    /// <summary>The product as the shopper sees it: itself, or its variant-priced copy with an entity tag of its own.</summary>
    public async ValueTask<CachedProduct> ProductAsync(CachedProduct product, IReadOnlyList<ExperimentArm> arms, IReadOnlyList<LivePriceExperiment> live, string shopperId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(arms);
        if (arms.Count == 0)
        {
            return product;
        }

        var key = string.Join(",", arms.Select(a => a.Key));
        var etag = string.Create(CultureInfo.InvariantCulture, $"{product.ETag[..^1]}~{key}\"");
        return await cache.GetOrCreateAsync("catalog:product-variant:" + product.Id + ":" + etag, (product, live, shopperId, etag), static (state, _) =>
            ValueTask.FromResult(CachedProduct.Of(Reprice(state.product.Product(), state.live, state.shopperId), state.etag)), Entry, cancellationToken: cancellationToken);
    }

    /// <summary>A listing page with each covered product's "from" price at the shopper's variant.</summary>
    public async Task<ProductListing> ListingAsync(ProductListing page, IReadOnlyList<LivePriceExperiment> live, string? shopperId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await RepricedAsync(page.Items, i => (i.Id, i.CategoryId), (i, product) => i with { PriceFrom = product.PriceFrom() }, live, shopperId, cancellationToken) is { } items
            ? page with { Items = items }
            : page;
    }

    /// <summary>Search hits with each covered product's price (in the hit's currency) at the shopper's variant.</summary>
    public async Task<ProductSearchResults> SearchAsync(ProductSearchResults results, IReadOnlyList<LivePriceExperiment> live, string? shopperId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        return await RepricedAsync(results.Items, h => (h.Id, h.CategoryId), (h, product) => product.PriceFrom().TryGetValue(h.Currency, out var price) ? h with { Price = price } : h, live, shopperId, cancellationToken) is { } items
            ? results with { Items = items }
            : results;
    }

    /// <summary>The product with each SKU in a live experiment priced at the shopper's variant, in every currency.</summary>
    public static Product Reprice(Product product, IReadOnlyList<LivePriceExperiment> live, string shopperId)
    {
        ArgumentNullException.ThrowIfNull(product);
        return product with
        {
            Variants = [.. product.Variants.Select(v => LivePriceExperiments.ArmFor(live, shopperId, v.Sku, product.CategoryId) is { } arm
                ? v with { Prices = v.Prices.ToDictionary(p => p.Key, p => arm.Variant.PriceOf(p.Value), StringComparer.Ordinal) }
                : v)],
        };
    }

    static bool Covers(IReadOnlyList<LivePriceExperiment> live, string productId, string? categoryId) => live.Any(e => e.TargetsProduct(productId, categoryId));

    /// <summary>The items with each covered product's price replaced (<paramref name="priced"/>) from its variant-priced copy; null when none is covered.</summary>
    async Task<IReadOnlyList<T>?> RepricedAsync<T>(IReadOnlyList<T> items, Func<T, (string Id, string? CategoryId)> productOf, Func<T, Product, T> priced, IReadOnlyList<LivePriceExperiment> live, string? shopperId, CancellationToken cancellationToken)
    {
        if (live.Count == 0 || shopperId is null || !items.Any(i => productOf(i) is var p && Covers(live, p.Id, p.CategoryId)))
        {
            return null;
        }

        var repriced = new List<T>(items.Count);
        foreach (var item in items)
        {
            var (id, category) = productOf(item);
            repriced.Add(Covers(live, id, category) && await reader.GetAsync(id, cancellationToken) is { } product ? priced(item, Reprice(product.Product(), live, shopperId)) : item);
        }

        return repriced;
    }
}
