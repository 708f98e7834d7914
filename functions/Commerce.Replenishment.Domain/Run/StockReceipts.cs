using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Replenishment.Domain;

/// <summary>A <see cref="StockReceipt"/> replenishment refuses, with the reason (the host poisons it; nothing was received).</summary>
public sealed class MalformedStockReceiptException(string reason) : Exception(reason);

/// <summary>What a receipt did: units put against open orders, and units no open order was waiting for.</summary>
public sealed record ReceiptOutcome(int Matched, int Unmatched);

/// <summary>
/// Matches stock that arrived (<see cref="StockReceipt"/>) against the orders replenishment suggested, once per receipt id.
/// A receipt naming its order (<see cref="StockReceipt.Reference"/>, a <see cref="ReplenishmentOrder.Id"/>) is received
/// on that order's SKU × warehouse × day decision: an order this SKU × warehouse never had, or more units than it still
/// has open, is refused. A receipt without one is received on the SKU × warehouse's sent orders with units still open,
/// oldest first; what is left over (stock nobody suggested, such as the warehouse's own buying) is not matched.
/// Each decision records the receipts it took (id and units), so a redelivery, or a retry after a crash halfway
/// through a split, receives nothing twice.
/// </summary>
public sealed class StockReceipts(IDocumentStore store, ReplenishmentRuns runs)
{
    readonly IDocumentContainer<Suggestion> suggestions = store.Container<Suggestion>(ReplenishmentRuns.SuggestionContainer);

    public async Task<ReceiptOutcome> ReceiveAsync(string message, CancellationToken cancellationToken = default)
    {
        var receipt = Parse(message);
        var orders = (await runs.SuggestionsAsync(receipt.Sku, cancellationToken)).Where(s => s.Warehouse == receipt.WarehouseId).OrderBy(s => s.Day).ToList();
        if (receipt.Reference is { } reference)
        {
            var order = orders.FirstOrDefault(s => s.OrderIds().Contains(reference, StringComparer.Ordinal))
                ?? throw new MalformedStockReceiptException($"Receipt {receipt.Id}: reference '{reference}' names no order of {receipt.Sku} to {receipt.WarehouseId}.");
            await TakeAsync(order, receipt, receipt.Quantity, whole: true, cancellationToken);
            return new ReceiptOutcome(receipt.Quantity, 0);
        }

        var left = receipt.Quantity - orders.Sum(s => s.ReceivedBy(receipt.Id));
        foreach (var order in orders.Where(s => s.Sent && s.Outstanding > 0 && s.ReceivedBy(receipt.Id) == 0))
        {
            if (left <= 0)
            {
                break;
            }

            left -= await TakeAsync(order, receipt, left, whole: false, cancellationToken);
        }

        return new ReceiptOutcome(receipt.Quantity - Math.Max(0, left), Math.Max(0, left));
    }

    /// <summary>
    /// Puts up to <paramref name="units"/> of the receipt on the order (all of them or a refusal when <paramref name="whole"/>),
    /// decided on the order as stored and written only if nobody changed it since; the units it took (what it held already on a repeat).
    /// </summary>
    async Task<int> TakeAsync(Suggestion order, StockReceipt receipt, int units, bool whole, CancellationToken cancellationToken)
    {
        var taken = 0;
        await suggestions.UpdateIfAsync(ReplenishmentRuns.SuggestionId(order.Day, order.Warehouse), order.Sku, current =>
        {
            var stored = current ?? order;
            if (stored.ReceivedBy(receipt.Id) is > 0 and var held)
            {
                taken = held;
                return null;
            }

            if (whole && units > stored.Outstanding)
            {
                throw new MalformedStockReceiptException($"Receipt {receipt.Id}: {units} units exceeds the {stored.Outstanding} units still open on order '{receipt.Reference}'.");
            }

            taken = Math.Min(units, stored.Outstanding);
            return taken == 0 ? null : stored with { Receipts = [.. stored.Receipts, new ReceiptPart(receipt.Id, taken)] };
        }, cancellationToken: cancellationToken);
        return taken;
    }

    public static StockReceipt Parse(string message)
    {
        var receipt = ContractMessages.Read<StockReceipt>(message, StockReceipt.Queue, reason => new MalformedStockReceiptException(reason));
        if (receipt is not { Id.Length: > 0, WarehouseId.Length: > 0, Sku.Length: > 0 })
        {
            throw new MalformedStockReceiptException("A stock receipt names its id, its warehouse and its SKU.");
        }

        return receipt.Quantity > 0 ? receipt : throw new MalformedStockReceiptException($"Receipt {receipt.Id}: the quantity must be positive ({receipt.Quantity}).");
    }
}
