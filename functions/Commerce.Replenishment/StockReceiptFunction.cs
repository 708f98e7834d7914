using Commerce.Contracts;

namespace Commerce.Replenishment;

/// <summary>
/// Stock that arrived for the orders this app suggested: the orders app passes each receipt a warehouse reported with
/// its level on <see cref="StockReceipt.Queue"/> (on its own account, the <see cref="ShippedUnits.Connection"/> settings);
/// <see cref="StockReceipts"/> receives it on the open orders. A receipt it refuses throws
/// <see cref="MalformedStockReceiptException"/> with the reason, so the host poisons it.
/// </summary>
public sealed class StockReceiptFunction(StockReceipts receipts, ILogger<StockReceiptFunction> logger)
{
    [Function(nameof(ReceiveStock))]
    public async Task ReceiveStock([QueueTrigger(StockReceipt.Queue, Connection = ShippedUnits.Connection)] string message, CancellationToken cancellationToken)
    {
        var outcome = await receipts.ReceiveAsync(message, cancellationToken);
        logger.LogInformation("Stock receipt: {Matched} units received on open orders, {Unmatched} on none", outcome.Matched, outcome.Unmatched);
    }
}
