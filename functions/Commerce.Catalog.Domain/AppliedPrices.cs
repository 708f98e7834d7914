using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Catalog.Domain;

/// <summary>
/// Brings a product in step with the prices the pricing context applied to one of its SKUs (<see cref="AppliedPrice"/>,
/// which pricing owns and the catalog only reads). The write goes through <see cref="ProductWriter"/>, so the product,
/// its listings, the search index, the read cache and the <see cref="SkuSnapshot"/> the cart prices from all change together.
/// </summary>
public sealed class AppliedPrices(IDocumentStore store, ProductWriter writer)
{
    readonly IDocumentContainer<AppliedPrice> _applied = store.Container<AppliedPrice>(AppliedPrice.Container);
    readonly IDocumentContainer<SkuSnapshot> _skus = store.Container<SkuSnapshot>(SkuSnapshot.Container);

    /// <summary>
    /// Writes the SKU's applied prices into its product. Throws <see cref="AppliedPriceRefusedException"/> for a SKU
    /// the catalog or pricing does not know, or prices the catalog refuses (never retried into success); a concurrent
    /// product write is an <see cref="InvalidOperationException"/> to retry.
    /// </summary>
    public async Task<Product> ApplyAsync(string sku, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        var applied = await _applied.ReadAsync(sku, sku, cancellationToken)
            ?? throw new AppliedPriceRefusedException($"No applied price for SKU '{sku}'.");
        var snapshot = await _skus.ReadAsync(sku, sku, cancellationToken)
            ?? throw new AppliedPriceRefusedException($"SKU '{sku}' is not in the catalog.");
        var result = await writer.PatchAsync(snapshot.Value.ProductId, input => Validated<ProductInput>.Valid(WithPrices(input, sku, applied.Value.Prices)), ifMatch: null, cancellationToken);
        return result.Outcome switch
        {
            CatalogOutcome.Ok or CatalogOutcome.Created => result.Value!,
            CatalogOutcome.PreconditionFailed => throw new InvalidOperationException(result.Detail),
            _ => throw new AppliedPriceRefusedException(result.Detail ?? string.Join("; ", result.Errors?.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}") ?? [])),
        };
    }

    static ProductInput WithPrices(ProductInput input, string sku, IReadOnlyDictionary<string, long> prices) => input with
    {
        Variants = input.Variants?.Select(v => string.Equals(v.Sku, sku, StringComparison.Ordinal)
            ? v with { Prices = Merge(v.Prices, prices) }
            : v).ToArray(),
    };

    static Dictionary<string, long> Merge(IReadOnlyDictionary<string, long>? current, IReadOnlyDictionary<string, long> applied)
    {
        var merged = new Dictionary<string, long>(current ?? new Dictionary<string, long>(), StringComparer.Ordinal);
        foreach (var (currency, minor) in applied)
        {
            merged[currency] = minor;
        }

        return merged;
    }
}

/// <summary>An applied price the catalog cannot take (unknown SKU, refused value): the message is poisoned with this reason.</summary>
public sealed class AppliedPriceRefusedException(string message) : Exception(message);
