namespace Commerce.Replenishment.Domain;

/// <summary>Stock of one SKU at one location: on the shelf, and ordered but not yet arrived.</summary>
public sealed record StockPosition(string Sku, string Warehouse, int OnHand, int OnOrder)
{
    /// <summary>What the reorder point is compared with.</summary>
    public int InventoryPosition => OnHand + OnOrder;
}

public sealed record PurchaseLine(string Sku, int Quantity);

/// <summary>A suggested purchase order: one supplier, one receiving warehouse, its lines in SKU order.</summary>
public sealed record PurchaseSuggestion(string Supplier, string Warehouse, IReadOnlyList<PurchaseLine> Lines);

/// <summary>A suggested move of stock from a warehouse over its order-up-to level to one at or under its reorder point.</summary>
public sealed record TransferSuggestion(string Sku, string FromWarehouse, string ToWarehouse, int Quantity);

public sealed record ReplenishmentPlan(IReadOnlyList<PurchaseSuggestion> Purchases, IReadOnlyList<TransferSuggestion> Transfers);

/// <summary>
/// Turns levels and positions into suggestions. A warehouse whose inventory position is at or under its reorder point
/// needs stock up to its order-up-to level; it is served first by transfers from warehouses holding more than their own
/// order-up-to level (at most what they have on hand), the largest need from the largest surplus, and the rest is
/// bought from the supplier of that SKU at that warehouse. A SKU with no supplier there gets transfers only.
/// </summary>
public static class ReplenishmentPlanner
{
    public static ReplenishmentPlan Plan(
        IEnumerable<ReorderLevels> levels,
        IReadOnlyDictionary<(string Sku, string Warehouse), StockPosition> positions,
        Func<string, string, string?> supplierOf)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(supplierOf);
        var transfers = new List<TransferSuggestion>();
        var purchases = new SortedDictionary<(string Supplier, string Warehouse), List<PurchaseLine>>();
        foreach (var sku in levels.GroupBy(l => l.Sku, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var needs = new List<(string Warehouse, int Quantity)>();
            var surpluses = new List<(string Warehouse, int Quantity)>();
            foreach (var level in sku)
            {
                var position = positions.GetValueOrDefault((level.Sku, level.Warehouse)) ?? new StockPosition(level.Sku, level.Warehouse, 0, 0);
                if (position.InventoryPosition <= level.ReorderPoint)
                {
                    needs.Add((level.Warehouse, level.OrderUpTo - position.InventoryPosition));
                }
                else if (position.InventoryPosition > level.OrderUpTo)
                {
                    var spare = Math.Min(position.InventoryPosition - level.OrderUpTo, position.OnHand);
                    if (spare > 0)
                    {
                        surpluses.Add((level.Warehouse, spare));
                    }
                }
            }

            needs.Sort(Largest);
            surpluses.Sort(Largest);
            foreach (var (warehouse, need) in needs)
            {
                var left = need;
                for (var i = 0; i < surpluses.Count && left > 0; i++)
                {
                    var moved = Math.Min(left, surpluses[i].Quantity);
                    if (moved > 0)
                    {
                        transfers.Add(new TransferSuggestion(sku.Key, surpluses[i].Warehouse, warehouse, moved));
                        surpluses[i] = (surpluses[i].Warehouse, surpluses[i].Quantity - moved);
                        left -= moved;
                    }
                }

                if (left > 0 && supplierOf(sku.Key, warehouse) is { } supplier)
                {
                    if (!purchases.TryGetValue((supplier, warehouse), out var lines))
                    {
                        purchases[(supplier, warehouse)] = lines = [];
                    }

                    lines.Add(new PurchaseLine(sku.Key, left));
                }
            }
        }

        return new ReplenishmentPlan(
            [.. purchases.Select(p => new PurchaseSuggestion(p.Key.Supplier, p.Key.Warehouse, p.Value))],
            transfers);
    }

    private static int Largest((string Warehouse, int Quantity) a, (string Warehouse, int Quantity) b) =>
        b.Quantity != a.Quantity ? b.Quantity.CompareTo(a.Quantity) : string.CompareOrdinal(a.Warehouse, b.Warehouse);
}
