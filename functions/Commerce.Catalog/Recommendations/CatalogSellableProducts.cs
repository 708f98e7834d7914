using Commerce.Contracts;
using Commerce.Recommendations.Serving;
using Microsoft.Extensions.Caching.Hybrid;

namespace Commerce.Catalog.Recommendations;

/// <summary>
/// Which products may be recommended: active in the catalog (not draft or archived) and in stock by the
/// <see cref="StockRule"/> (by default: at least one SKU available in the orders context's <see cref="SkuInventory"/>).
/// Point reads (product, then its SKUs' stock in parallel), each product's answer cached for half a minute so a hot
/// list costs no reads.
/// </summary>
public sealed class CatalogSellableProducts(IDocumentStore store, HybridCache cache, StockRule? stockRule = null) : ISellableProducts
{
    readonly StockRule rule = stockRule ?? StockRule.Default;
    static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromSeconds(30), LocalCacheExpiration = TimeSpan.FromSeconds(30) };
    readonly IDocumentContainer<Product> products = store.Container<Product>(CatalogContainers.Products);
    readonly IDocumentContainer<SkuInventory> inventory = store.Container<SkuInventory>(SkuInventory.Container);

    public async Task<IReadOnlySet<string>> WhichAreSellableAsync(IReadOnlyCollection<string> productIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(productIds);
        var ids = productIds.Distinct(StringComparer.Ordinal).ToArray();
        var sellable = await Task.WhenAll(ids.Select(id => IsSellableAsync(id, cancellationToken).AsTask()));
        return ids.Where((_, i) => sellable[i]).ToHashSet(StringComparer.Ordinal);
    }

    ValueTask<bool> IsSellableAsync(string productId, CancellationToken cancellationToken) => !ProductRules.IsId(productId)
        ? ValueTask.FromResult(false)
        : cache.GetOrCreateAsync("recommendations:sellable:" + productId, (this, productId), static (state, ct) => state.Item1.ReadSellableAsync(state.productId, ct), Entry, cancellationToken: cancellationToken);

    async ValueTask<bool> ReadSellableAsync(string productId, CancellationToken cancellationToken)
    {
        var product = (await products.ReadAsync(productId, productId, cancellationToken))?.Value;
        if (product is not { Status: ProductStatus.Active } || product.Variants.Count == 0)
        {
            return false;
        }

        var stock = await Task.WhenAll(product.Variants.Select(v => inventory.ReadAsync(v.Sku, v.Sku, cancellationToken)));
        return rule.InStock([.. stock.Select(s => s?.Value)]);
    }
}

/// <summary>
/// When a product counts as in stock, from its SKUs' inventory records (null: the SKU has none): at least one SKU with
/// units available. A host that knows better (the dev host's demo catalog, which seeds no inventory) registers its own.
/// </summary>
public class StockRule
{
    public static StockRule Default { get; } = new();

    public virtual bool InStock(IReadOnlyList<SkuInventory?> skus)
    {
        ArgumentNullException.ThrowIfNull(skus);
        return skus.Any(s => s?.Available > 0);
    }
}
