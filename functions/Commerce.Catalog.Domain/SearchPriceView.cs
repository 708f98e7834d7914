namespace Commerce.Catalog.Domain;

/// <summary>
/// Search prices as one shopper sees them while price experiments reprice products for them
/// (<see cref="ShopperPrices.SearchView"/>): a search adapter filters, sorts, pages and counts (the price facet too) a
/// covered product on the shopper's price instead of its indexed one. A product is covered through a targeted SKU
/// (<see cref="ProductIds"/>: its price comes from the product itself, <see cref="PricesAsync"/>) or through its own
/// category (<see cref="Categories"/>: experiments on the same SKU never overlap, so every SKU of it is priced by that
/// one experiment, and its "from" price is the indexed one at the variant's multiplier, <see cref="CategoryPrice"/>).
/// </summary>
public sealed class SearchPriceView(
    string key,
    IReadOnlySet<string> productIds,
    IReadOnlyDictionary<string, long> categoryMultipliers,
    Func<IReadOnlyList<string>, string, CancellationToken, Task<IReadOnlyDictionary<string, long?>>> prices)
{
    /// <summary>Names the arms that reprice (experiment.variant, ...): the same query and key give the same answer (part of a cache key).</summary>
    public string Key => key;

    /// <summary>Products with a SKU in an experiment whose arm reprices for the shopper.</summary>
    public IReadOnlySet<string> ProductIds => productIds;

    /// <summary>Categories (a product's own, not its ancestors) in an experiment whose arm reprices for the shopper.</summary>
    public IEnumerable<string> Categories => categoryMultipliers.Keys;

    /// <summary>The shopper's "from" price of a product of <paramref name="categoryId"/> (in <see cref="Categories"/>) indexed at <paramref name="indexedMinor"/>.</summary>
    public long CategoryPrice(string categoryId, long indexedMinor) => Contracts.LivePriceVariant.Price(indexedMinor, categoryMultipliers[categoryId]);

    /// <summary>
    /// The shopper's "from" prices in <paramref name="currency"/> of products of <see cref="ProductIds"/> (null: no price
    /// in it); a product missing from the answer (no longer active) keeps its indexed price.
    /// </summary>
    public Task<IReadOnlyDictionary<string, long?>> PricesAsync(IReadOnlyList<string> ids, string currency, CancellationToken cancellationToken = default)
        => prices(ids, currency, cancellationToken);
}
