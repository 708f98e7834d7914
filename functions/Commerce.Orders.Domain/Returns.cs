using Commerce.Contracts;

namespace Commerce.Orders.Domain;

/// <summary>
/// What a return owes, line by line. A line comes back at most up to the quantity bought (a SKU the order does not
/// have, or units past what is left to return, are ignored and noted). Each line keeps a running total of its units
/// back and of its refund: the line's share of what was paid for goods (the captured amount less shipping, split over
/// the lines by their totals, so discounts and tax are shared the same way) × the fraction of its units back, rounded
/// once on the running total. A return refunds the growth of those totals, plus shipping once every unit of every line
/// is back, so no unit is refunded twice and the refunds never add up to more than was captured.
/// </summary>
public static class ReturnRules
{
    /// <summary>The idempotency key of a return's refund (at the payment provider).</summary>
    public static string RefundKey(string messageId) => "return:" + messageId;

    /// <summary>The idempotency key of a return's units going back on hand (at the stock documents).</summary>
    public static string RestockKey(string messageId) => $"return:{messageId}:restock";

    /// <summary>
    /// Records a return a warehouse received in one change of the order: the units accepted and each line's running
    /// totals, the message as processed, and what the return owes as pending steps (the refund, and the accepted units back
    /// on hand at <paramref name="warehouseId"/>). Every unit back → the order is refunded. A message already processed
    /// changes nothing; an order that has not shipped cannot take a return.
    /// </summary>
    public static Order Receive(Order order, string warehouseId, IReadOnlyList<AllocatedItem> items, string messageId, DateTimeOffset now)
    {
        if (order.ProcessedMessages.Contains(messageId))
        {
            return order;
        }

        if (order.Status is not (OrderStatus.Shipped or OrderStatus.Delivered))
        {
            throw new InvalidOrderTransitionException(order.Status, OrderStatus.Refunded);
        }

        var left = items.GroupBy(i => i.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(i => i.Quantity), StringComparer.Ordinal);
        var shares = GoodsShares(order);
        var lines = new List<OrderLine>(order.Lines.Count);
        var accepted = new List<AllocatedItem>();
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            var back = Math.Min(left.GetValueOrDefault(line.Sku), line.Quantity - line.Returned);
            if (back <= 0)
            {
                lines.Add(line);
                continue;
            }

            left[line.Sku] -= back;
            accepted.Add(new AllocatedItem(line.Sku, back));
            lines.Add(line with { Returned = line.Returned + back, Refunded = shares[i].Scale(line.Returned + back, line.Quantity) });
        }

        var everythingBack = lines.All(l => l.Returned >= l.Quantity);
        var shipping = order.Payment.Amount - shares.Aggregate(Money.Zero(order.Currency), (sum, s) => sum + s);
        var refund = RefundedSoFar(lines, order.Currency) - RefundedSoFar(order.Lines, order.Currency) + (everythingBack ? shipping : Money.Zero(order.Currency));
        var ignored = left.Where(l => l.Value > 0).Select(l => new AllocatedItem(l.Key, l.Value)).ToList();
        var note = $"returned to {warehouseId}: {Describe(accepted)}" + (ignored.Count > 0 ? $"; not returnable: {Describe(ignored)}" : string.Empty);
        var updated = order with
        {
            Lines = lines,
            ProcessedMessages = [.. order.ProcessedMessages, messageId],
            PendingSteps =
            [
                .. order.PendingSteps,
                .. refund.IsZero ? Array.Empty<PendingStep>() : [new PendingStep(RefundKey(messageId), PendingStepKind.Refund, refund)],
                .. accepted.Count == 0 ? Array.Empty<PendingStep>() : [new PendingStep(RestockKey(messageId), PendingStepKind.ReturnToStock, Money.Zero(order.Currency), warehouseId, accepted)],
            ],
        };
        return everythingBack && accepted.Count > 0
            ? OrderStateMachine.Transition(updated, OrderStatus.Refunded, now, note)
            : updated with { Timeline = [.. order.Timeline, new OrderEvent(now, order.Status, note)] };
    }

    /// <summary>What returns of the order's lines have refunded so far (shipping aside).</summary>
    public static Money RefundedSoFar(IEnumerable<OrderLine> lines, string currency)
        => lines.Aggregate(Money.Zero(currency), (sum, l) => sum + (l.Refunded ?? Money.Zero(currency)));

    /// <summary>Each line's share of what was paid for goods: the captured amount less shipping, split by line totals (exactly).</summary>
    static Money[] GoodsShares(Order order)
    {
        var goods = Money.Max(Money.Zero(order.Currency), order.Payment.Amount - order.Totals.Shipping);
        var weights = order.Lines.Select(l => Math.Max(0, l.LineTotal.Minor)).ToList();
        return goods.Allocate(weights.Sum() > 0 ? weights : [.. order.Lines.Select(l => (long)l.Quantity)]);
    }

    static string Describe(IReadOnlyList<AllocatedItem> items) => items.Count == 0 ? "nothing" : string.Join(", ", items.Select(i => $"{i.Quantity} × {i.Sku}"));
}
