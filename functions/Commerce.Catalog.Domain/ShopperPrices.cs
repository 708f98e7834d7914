using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Commerce.Contracts;

namespace Commerce.Catalog.Domain;

/// <summary>
/// Catalog answers as one shopper sees them: while a price experiment (<see cref="LivePriceExperiment"/>, which pricing
/// publishes) covers a product, the shopper's variant prices its SKUs on the product page, in listings and in search;
/// everyone else, and everything outside the experiment's window, keeps the usual prices. A variant product is
/// serialized once per product version and variant (its entity tag names both), so a running experiment costs a
/// product GET one lookup more. Search filters, sorts and counts on the prices the shopper is shown
/// (<see cref="SearchView"/>).
/// </summary>
public sealed class ShopperPrices(LivePriceExperiments experiments, ProductReader reader)
{
    // Each product version's variant-priced copies, by the arms that price them: kept exactly as long as that version is.
    readonly ConditionalWeakTable<CachedProduct, ConcurrentDictionary<string, CachedProduct>> _variants = new();

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
    public CachedProduct Product(CachedProduct product, IReadOnlyList<ExperimentArm> arms, IReadOnlyList<LivePriceExperiment> live, string shopperId)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(arms);
        if (arms.Count == 0)
        {
            return product;
        }

        var key = arms.Count == 1 ? arms[0].Key : string.Join(",", arms.Select(a => a.Key));
        return _variants.GetOrCreateValue(product).GetOrAdd(key, static (key, state) => CachedProduct.Of(
            Reprice(state.product.Product(), state.live, state.shopperId),
            string.Create(CultureInfo.InvariantCulture, $"{state.product.ETag[..^1]}~{key}\"")), (product, live, shopperId));
    }

    /// <summary>A listing page with each covered product's "from" price at the shopper's variant, and the arms shown on it.</summary>
    public async Task<Shown<ProductListing>> ListingAsync(ProductListing page, IReadOnlyList<LivePriceExperiment> live, string? shopperId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        var (items, arms) = await RepricedAsync(page.Items, i => (i.Id, i.CategoryId), (i, priceFrom) => i with { PriceFrom = priceFrom }, live, shopperId, cancellationToken);
        return new(items is null ? page : page with { Items = items }, arms);
    }

    /// <summary>Search hits with each covered product's price (in the hit's currency) at the shopper's variant, and the arms shown on them.</summary>
    public async Task<Shown<ProductSearchResults>> SearchAsync(ProductSearchResults results, IReadOnlyList<LivePriceExperiment> live, string? shopperId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        var (items, arms) = await RepricedAsync(results.Items, h => (h.Id, h.CategoryId), (h, priceFrom) => priceFrom.TryGetValue(h.Currency, out var price) ? h with { Price = price } : h, live, shopperId, cancellationToken);
        return new(items is null ? results : results with { Items = items }, arms);
    }

    /// <summary>
    /// What search filters, sorts and counts on for the shopper (<see cref="ProductSearchQuery.Shopper"/>): null when no
    /// live experiment changes a price for them (a control's shoppers, and everyone outside experiments, search as usual).
    /// </summary>
    public SearchPriceView? SearchView(IReadOnlyList<LivePriceExperiment> live, string? shopperId)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (live.Count == 0 || shopperId is null)
        {
            return null;
        }

        var repricing = live.Select(e => new ExperimentArm(e.Id, e.VariantOf(shopperId))).Zip(live).Where(a => !a.First.Variant.KeepsPrices).ToArray();
        if (repricing.Length == 0)
        {
            return null;
        }

        var categories = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (arm, experiment) in repricing)
        {
            foreach (var category in experiment.Categories)
            {
                categories.TryAdd(category, arm.Variant.MultiplierBasisPoints);
            }
        }

        return new SearchPriceView(
            string.Join(",", repricing.Select(a => a.First.Key)),
            repricing.SelectMany(a => a.Second.ProductIds).ToHashSet(StringComparer.Ordinal),
            categories,
            (ids, currency, ct) => PricesFromAsync(ids, currency, live, shopperId, ct));
    }

    /// <summary>The shopper's "from" price in <paramref name="currency"/> of each active product of <paramref name="ids"/>, read in one batch.</summary>
    async Task<IReadOnlyDictionary<string, long?>> PricesFromAsync(IReadOnlyList<string> ids, string currency, IReadOnlyList<LivePriceExperiment> live, string shopperId, CancellationToken cancellationToken)
        => (await reader.GetManyAsync(ids, cancellationToken)).ToDictionary(
            p => p.Key,
            p => PriceFrom(p.Value, ArmsOn(p.Value, live, shopperId), live, shopperId).TryGetValue(currency, out var price) ? price : (long?)null,
            StringComparer.Ordinal);

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

    /// <summary>The product's "from" prices under the arms the shopper sees on it, from its memoized variant copy.</summary>
    IReadOnlyDictionary<string, long> PriceFrom(CachedProduct product, IReadOnlyList<ExperimentArm> shown, IReadOnlyList<LivePriceExperiment> live, string shopperId)
        => Product(product, [.. shown.Where(a => !a.Variant.KeepsPrices)], live, shopperId).PriceFrom;

    static bool Covers(IReadOnlyList<LivePriceExperiment> live, string productId, string? categoryId) => live.Any(e => e.TargetsProduct(productId, categoryId));

    /// <summary>
    /// The items with each covered product's price replaced (<paramref name="priced"/>) by the "from" prices of its
    /// variant-priced copy (<see cref="Product(CachedProduct, IReadOnlyList{ExperimentArm}, IReadOnlyList{LivePriceExperiment}, string)"/>; null
    /// when none is covered), and every arm shown on them with the first product that showed it.
    /// </summary>
    async Task<(IReadOnlyList<T>? Items, IReadOnlyList<ArmShown> Arms)> RepricedAsync<T>(IReadOnlyList<T> items, Func<T, (string Id, string? CategoryId)> productOf, Func<T, IReadOnlyDictionary<string, long>, T> priced, IReadOnlyList<LivePriceExperiment> live, string? shopperId, CancellationToken cancellationToken)
    {
        if (live.Count == 0 || shopperId is null || !items.Any(i => productOf(i) is var p && Covers(live, p.Id, p.CategoryId)))
        {
            return (null, []);
        }

        var repriced = new List<T>(items.Count);
        var arms = new List<ArmShown>();
        foreach (var item in items)
        {
            var (id, category) = productOf(item);
            if (Covers(live, id, category) && await reader.GetAsync(id, cancellationToken) is { } product)
            {
                var shown = ArmsOn(product, live, shopperId);
                arms.AddRange(shown.Where(arm => !arms.Exists(a => a.Arm == arm)).Select(arm => new ArmShown(id, arm)));
                repriced.Add(priced(item, PriceFrom(product, shown, live, shopperId)));
            }
            else
            {
                repriced.Add(item);
            }
        }

        return (repriced, arms);
    }
}

/// <summary>An answer as a shopper saw it, with the experiment arms whose prices it showed (each an exposure).</summary>
public sealed record Shown<T>(T Value, IReadOnlyList<ArmShown> Arms);

/// <summary>An experiment arm a shopper was shown, and a product that showed it.</summary>
public sealed record ArmShown(string ProductId, ExperimentArm Arm);
