using Commerce.Orders.Domain;

namespace Commerce.Simulator;

/// <summary>One SKU at the end of the run: what warehouses supplied, what orders sold, and the stock the orders app holds.</summary>
public sealed record SkuReconciliation(string Sku, long Supplied, long Sold, long OnHand, long Reserved);

/// <summary>How a checkout accepted with a 202 was found at the end: its status, or the HTTP status when it could not be read.</summary>
public sealed record FinalOrderRead(string OrderId, int HttpStatus, string? Status);

/// <summary>
/// The run's invariants, as pure checks over what was read at the end, so a fabricated snapshot can prove they catch
/// what they should. Each returns the violations it found (none: it holds).
/// </summary>
public static class Invariants
{
    /// <summary>
    /// No oversell: per warehouse on hand never negative, reserved never above on hand and equal to the units its live
    /// holds keep; per SKU, units sold never above the stock supplied (every level a warehouse pushed, summed).
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
            if (units > supplied.GetValueOrDefault(sku))
            {
                violations.Add($"oversell: {sku} sold {units} units of {supplied.GetValueOrDefault(sku)} supplied");
            }
        }

        return violations;
    }

    /// <summary>No lost order: every accepted checkout is still readable, ended or in flight.</summary>
    public static IReadOnlyList<string> CheckOrders(IEnumerable<FinalOrderRead> reads)
        => [.. reads.Where(r => r.HttpStatus != 200 || string.IsNullOrEmpty(r.Status)).Select(r => $"lost order: {r.OrderId} accepted with 202 but reads {r.HttpStatus}")];

    public static IReadOnlyList<SkuReconciliation> Reconcile(IReadOnlyDictionary<string, StockDocument?> inventory, IReadOnlyDictionary<string, long> supplied, IReadOnlyDictionary<string, long> sold)
        => [.. inventory.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => new SkuReconciliation(i.Key, supplied.GetValueOrDefault(i.Key), sold.GetValueOrDefault(i.Key), i.Value?.OnHand ?? 0, i.Value?.Reserved ?? 0))];
}
