using Commerce.Client.Models;

namespace Commerce.Simulator;

/// <summary>
/// Turns what was read at the end (each checkout's last order view, the returns the warehouses sent) into
/// <see cref="CheckoutSnapshot"/>s for the invariants.
/// </summary>
public static class Snapshots
{
    public static IReadOnlyList<CheckoutSnapshot> Of(IEnumerable<TrackedCheckout> checkouts, IReadOnlyDictionary<string, ReturnSent> returns)
    {
        var returnsByOrder = returns.Values.ToLookup(r => r.OrderId, StringComparer.Ordinal);
        return [.. checkouts.Select(c =>
        {
            var order = c.Order;
            return new CheckoutSnapshot(
                c.OrderId,
                c.CartId,
                c.Status,
                CheckoutSnapshot.CustomerKey(order?.CustomerId, c.Email),
                [.. order?.PromoCodes ?? []],
                order is { } q ? Captured(q) : 0,
                order is { } r ? Refunded(r, c.Status, returnsByOrder[c.OrderId]) : 0,
                [.. c.ShippedBy]);
        })];
    }

    /// <summary>The payment's amount once captured (its state <c>captured</c> or <c>refunded</c>), else 0.</summary>
    public static long Captured(Order order)
        => order.Payment?.State is OrderPayment_state.Captured or OrderPayment_state.Refunded ? Minor(order.Payment.Amount) : 0;

    /// <summary>
    /// What the order refunded: its grand total when it was cancelled, plus its returns. Returns are read from the lines'
    /// running <c>refunded</c> totals when the order keeps them; an order that keeps none is credited, for each return
    /// message it applied (listed in <c>processedMessages</c>), what the order service refunds for it: the grand total
    /// when the message brings back every unit of the order, else the returned units at their unit price (at most the
    /// grand total). The simulated payment provider cannot witness an over-refund itself: it caps refunds at the amount.
    /// </summary>
    public static long Refunded(Order order, string status, IEnumerable<ReturnSent> returnsSent)
    {
        var grandTotal = Minor(order.Totals?.GrandTotal);
        var cancelled = status == "cancelled" && Captured(order) > 0 ? grandTotal : 0;
        var lines = order.Lines ?? [];
        if (lines.Any(l => l.Refunded is not null))
        {
            return cancelled + lines.Sum(l => Minor(l.Refunded));
        }

        var applied = (order.ProcessedMessages ?? []).ToHashSet(StringComparer.Ordinal);
        var bought = lines.Select(l => (Sku: l.Sku!, Quantity: (long)(l.Quantity ?? 0), UnitPrice: Minor(l.UnitPrice))).ToArray();
        return cancelled + returnsSent.Where(r => applied.Contains(r.MessageId)).Sum(r =>
            bought.All(b => r.Items.Where(i => i.Sku == b.Sku).Sum(i => (long)i.Quantity) >= b.Quantity)
                ? grandTotal
                : Math.Min(grandTotal, r.Items.Sum(i => (bought.FirstOrDefault(b => b.Sku == i.Sku).UnitPrice) * i.Quantity)));
    }

    static long Minor(Money? money) => money?.Minor ?? 0;
}
