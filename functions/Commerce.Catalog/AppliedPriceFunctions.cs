using Commerce.Contracts;
using Microsoft.Extensions.Logging;

namespace Commerce.Catalog;

/// <summary>
/// The catalog's side of the pricing contract: the pricing context names a SKU on <see cref="AppliedPrice.Queue"/>
/// after it applied a price; the catalog, the only writer of products and SKU snapshots, writes that price in.
/// A refused message throws, so the host retries it and then moves it to the poison queue with the reason.
/// </summary>
public sealed class AppliedPriceFunctions(AppliedPrices prices, ILogger<AppliedPriceFunctions> logger)
{
    [Function(nameof(ApplyPrice))]
    public async Task ApplyPrice([QueueTrigger(AppliedPrice.Queue)] string sku, CancellationToken cancellationToken)
    {
        var product = await prices.ApplyAsync(sku.Trim(), cancellationToken);
        logger.LogInformation("Applied prices of {Sku} to product {ProductId}", sku, product.Id);
    }
}
