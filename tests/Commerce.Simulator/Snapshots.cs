using System.Text.Json;

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
                CheckoutSnapshot.CustomerKey(order is { } o && o.TryGetProperty("customerId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null, c.Email),
                order is { } p && p.TryGetProperty("promoCodes", out var codes) ? [.. codes.EnumerateArray().Select(x => x.GetString()!)] : [],
                order is { } q ? Captured(q) : 0,
                order is { } r ? Refunded(r, c.Status, returnsByOrder[c.OrderId]) : 0,
                [.. c.ShippedBy]);
        })];
    }

    /// <summary>The payment's amount once captured (its state <c>captured</c> or <c>refunded</c>), else 0.</summary>
    public static long Captured(JsonElement order)
    {
        var payment = order.GetProperty("payment");
        var state = payment.GetProperty("state").ToString();
        return state.Equals("captured", StringComparison.OrdinalIgnoreCase) || state.Equals("refunded", StringComparison.OrdinalIgnoreCase)
            ? Minor(payment.GetProperty("amount"))
            : 0;
    }

    /// <summary>
    /// What the order refunded: its grand total when it was cancelled, plus its returns. Returns are read from the lines'
    /// running <c>refunded</c> totals when the order keeps them; an order that keeps none is credited, for each return
    /// message it applied (listed in <c>processedMessages</c>), what the order service refunds for it: the grand total
    /// when the message brings back every unit of the order, else the returned units at their unit price (at most the
    /// grand total). The simulated payment provider cannot witness an over-refund itself: it caps refunds at the amount.
    /// </summary>
    public static long Refunded(JsonElement order, string status, IEnumerable<ReturnSent> returnsSent)
    {
        var grandTotal = Minor(order.GetProperty("totals").GetProperty("grandTotal"));
        var cancelled = status == "cancelled" && Captured(order) > 0 ? grandTotal : 0;
        var lines = order.GetProperty("lines").EnumerateArray().ToArray();
        if (lines.Any(l => l.TryGetProperty("refunded", out var r) && r.ValueKind == JsonValueKind.Object))
        {
            return cancelled + lines.Sum(l => l.TryGetProperty("refunded", out var r) && r.ValueKind == JsonValueKind.Object ? Minor(r) : 0);
        }

        var applied = order.TryGetProperty("processedMessages", out var processed) ? processed.EnumerateArray().Select(m => m.GetString()).ToHashSet(StringComparer.Ordinal) : [];
        var bought = lines.Select(l => (Sku: l.GetProperty("sku").GetString()!, Quantity: l.GetProperty("quantity").GetInt64(), UnitPrice: Minor(l.GetProperty("unitPrice")))).ToArray();
        return cancelled + returnsSent.Where(r => applied.Contains(r.MessageId)).Sum(r =>
            bought.All(b => r.Items.Where(i => i.Sku == b.Sku).Sum(i => (long)i.Quantity) >= b.Quantity)
                ? grandTotal
                : Math.Min(grandTotal, r.Items.Sum(i => (bought.FirstOrDefault(b => b.Sku == i.Sku).UnitPrice) * i.Quantity)));
    }

    static long Minor(JsonElement money) => money.GetProperty("minor").GetInt64();
}
