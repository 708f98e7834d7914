using Commerce.Orders.Domain;

namespace Commerce.Simulator;

/// <summary>One SKU at the end of the run: what warehouses supplied, what orders sold, and the stock the orders app holds.</summary>
public sealed record SkuReconciliation(string Sku, long Supplied, long Sold, long OnHand, long Reserved);

/// <summary>How a checkout accepted with a 202 was found at the end: its status, or the HTTP status when it could not be read.</summary>
public sealed record FinalOrderRead(string OrderId, int HttpStatus, string? Status);

/// <summary>
/// One accepted checkout at the end of the run: the cart it was submitted for, its status, who placed it (customer id, or
/// <c>guest:</c> + normalized email), the promotion codes its order was priced with, what its payment captured and what
/// was refunded (minor units), and the warehouses the simulator's warehouses shipped its goods from.
/// </summary>
public sealed record CheckoutSnapshot(string OrderId, string CartId, string Status, string Customer, IReadOnlyList<string> PromoCodes, long Captured, long Refunded, IReadOnlyList<string> ShippedBy)
{
    /// <summary>Whom a usage limit counts: the signed-in customer, else the guest's email trimmed and lower-cased.</summary>
    public static string CustomerKey(string? customerId, string email)
        => string.IsNullOrEmpty(customerId) ? "guest:" + email.Trim().ToLowerInvariant() : "customer:" + customerId;
}

/// <summary>A promotion code's usage limits (null: unlimited).</summary>
public sealed record PromotionLimit(string Code, long? MaxUses, long? MaxUsesPerCustomer);

/// <summary>
/// The run's invariants, as pure checks over what was read at the end, so a fabricated snapshot can prove they catch
/// what they should. Each returns the violations it found (none: it holds).
/// </summary>
public static class Invariants
{
    /// <summary>
    /// No oversell: per warehouse on hand never negative, reserved never above on hand and equal to the units its live
    /// holds keep; per SKU, units sold never above the stock supplied (every level a warehouse pushed, summed) plus the
    /// units the orders app still owes as a documented backorder (a warehouse reported fewer units than orders had
    /// already bought: those orders wait for its next stock, they were not sold twice).
    /// </summary>
    public static IReadOnlyList<string> CheckStock(IReadOnlyDictionary<string, StockDocument?> inventory, IReadOnlyDictionary<string, long> supplied, IReadOnlyDictionary<string, long> sold)
    {
        var violations = new List<string>();
        foreach (var (sku, stock) in inventory.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            if (stock is null)
            {
                if (sold.GetValueOrDefault(sku) > 0)
                {
                    violations.Add($"oversell: {sku} sold {sold[sku]} units but has no inventory");
                }

                continue;
            }

            foreach (var warehouse in stock.Warehouses)
            {
                var held = stock.Holds.Where(h => h.WarehouseId == warehouse.WarehouseId && h.State == HoldState.Held).Sum(h => (long)h.Quantity);
                if (warehouse.OnHand < 0)
                {
                    violations.Add($"oversell: {sku} at {warehouse.WarehouseId} has {warehouse.OnHand} on hand");
                }
                else if (warehouse.Reserved > warehouse.OnHand)
                {
                    violations.Add($"oversell: {sku} at {warehouse.WarehouseId} reserves {warehouse.Reserved} of {warehouse.OnHand} on hand");
                }

                if (warehouse.Reserved != held)
                {
                    violations.Add($"reservations: {sku} at {warehouse.WarehouseId} counts {warehouse.Reserved} reserved but its holds keep {held}");
                }
            }
        }

        foreach (var (sku, units) in sold.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var owed = inventory.GetValueOrDefault(sku)?.Warehouses.Sum(w => w.Backordered) ?? 0;
            if (units > supplied.GetValueOrDefault(sku) + owed)
            {
                violations.Add($"oversell: {sku} sold {units} units of {supplied.GetValueOrDefault(sku)} supplied ({owed} backordered)");
            }
        }

        return violations;
    }

    /// <summary>No lost order: every accepted checkout is still readable, ended or in flight.</summary>
    public static IReadOnlyList<string> CheckOrders(IEnumerable<FinalOrderRead> reads)
        => [.. reads.Where(r => r.HttpStatus != 200 || string.IsNullOrEmpty(r.Status)).Select(r => $"lost order: {r.OrderId} accepted with 202 but reads {r.HttpStatus}")];

    /// <summary>At most one order per cart: a cart's checkouts that did not fail (one order stands, whatever the keys and tabs).</summary>
    public static IReadOnlyList<string> CheckOneOrderPerCart(IEnumerable<CheckoutSnapshot> checkouts)
        => [.. checkouts
            .Where(c => c.Status != OrderStatuses.Failed)
            .GroupBy(c => c.CartId, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"one order per cart: cart {g.Key} has {g.Count()} orders ({string.Join(", ", g.Select(c => $"{c.OrderId} {c.Status}").Order(StringComparer.Ordinal))})")];

    /// <summary>
    /// Promotions within limits: orders that stand (<see cref="OrderStatuses.IsSold"/>) priced with a code number at most
    /// its <see cref="PromotionLimit.MaxUses"/>, and per customer (guests by normalized email) at most its
    /// <see cref="PromotionLimit.MaxUsesPerCustomer"/>. Codes compare case-insensitively.
    /// </summary>
    public static IReadOnlyList<string> CheckPromotionLimits(IEnumerable<CheckoutSnapshot> checkouts, IEnumerable<PromotionLimit> limits)
    {
        var byCode = limits.ToDictionary(l => l.Code, StringComparer.OrdinalIgnoreCase);
        var uses = checkouts
            .Where(c => OrderStatuses.IsSold(c.Status))
            .SelectMany(c => c.PromoCodes.Distinct(StringComparer.OrdinalIgnoreCase).Select(code => (Code: code.ToUpperInvariant(), c.Customer)))
            .Where(u => byCode.ContainsKey(u.Code))
            .GroupBy(u => u.Code, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var code in uses)
        {
            var limit = byCode[code.Key];
            if (code.Count() > limit.MaxUses)
            {
                violations.Add($"promotion limit: {code.Key} discounted {code.Count()} orders of {limit.MaxUses} allowed");
            }

            foreach (var customer in code.GroupBy(u => u.Customer, StringComparer.Ordinal).Where(c => c.Count() > limit.MaxUsesPerCustomer).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                violations.Add($"promotion limit: {code.Key} discounted {customer.Count()} orders of {customer.Key}, {limit.MaxUsesPerCustomer} allowed per customer");
            }
        }

        return violations;
    }

    /// <summary>Refunds never above what was captured, per order.</summary>
    public static IReadOnlyList<string> CheckRefunds(IEnumerable<CheckoutSnapshot> checkouts)
        => [.. checkouts.Where(c => c.Refunded > c.Captured).OrderBy(c => c.OrderId, StringComparer.Ordinal).Select(c => $"refund: {c.OrderId} refunded {c.Refunded} of {c.Captured} captured")];

    /// <summary>Every accepted checkout terminal after the drain: its saga ended (<see cref="OrderStatuses.SagaEnded"/>), with an order that stands or a failure.</summary>
    public static IReadOnlyList<string> CheckTerminal(IEnumerable<CheckoutSnapshot> checkouts)
        => [.. checkouts.Where(c => !OrderStatuses.SagaEnded(c.Status)).OrderBy(c => c.OrderId, StringComparer.Ordinal).Select(c => $"not terminal: {c.OrderId} is still {c.Status} after the drain")];

    /// <summary>A cancelled order shipped nothing: cancelling refunds and restocks, so goods that left a warehouse would be given away and counted twice.</summary>
    public static IReadOnlyList<string> CheckCancels(IEnumerable<CheckoutSnapshot> checkouts)
        => [.. checkouts.Where(c => c.Status == "cancelled" && c.ShippedBy.Count > 0).OrderBy(c => c.OrderId, StringComparer.Ordinal)
            .Select(c => $"cancel after fulfilment: {c.OrderId} cancelled (refunded {c.Refunded}) while {string.Join(", ", c.ShippedBy.Order(StringComparer.Ordinal))} shipped its goods")];

    public static IReadOnlyList<SkuReconciliation> Reconcile(IReadOnlyDictionary<string, StockDocument?> inventory, IReadOnlyDictionary<string, long> supplied, IReadOnlyDictionary<string, long> sold)
        => [.. inventory.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => new SkuReconciliation(i.Key, supplied.GetValueOrDefault(i.Key), sold.GetValueOrDefault(i.Key), i.Value?.OnHand ?? 0, i.Value?.Reserved ?? 0))];
}
