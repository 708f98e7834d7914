using Commerce.Contracts;

namespace Commerce.Orders.Domain;

public enum HoldState
{
    Held,
    Committed,
}

/// <summary>
/// Stock an order holds in one warehouse. <see cref="HoldState.Held"/> counts in the warehouse's reserved units until it
/// is committed (shipped from on-hand), released, or expires; <see cref="HoldState.Committed"/> is kept until the order
/// completes so a compensation can put the units back exactly once.
/// </summary>
public sealed record StockHold(string OrderId, string WarehouseId, string Sku, int Quantity, HoldState State, DateTimeOffset ExpiresAt);

/// <summary>A keyed change applied to a stock document (e.g. a cancelled order's units put back), kept so a repeat is a no-op.</summary>
public sealed record AppliedStockChange(string Key, DateTimeOffset ExpiresAt);

/// <summary>
/// The stored shape of <see cref="SkuInventory"/> (same container, id, partition key and fields, so the cart reads it
/// as a <see cref="SkuInventory"/>) plus the holds that make every reserve, release and commit idempotent per order.
/// </summary>
public sealed record StockDocument
{
    public required string Sku { get; init; }

    public IReadOnlyList<WarehouseStock> Warehouses { get; init; } = [];

    public IReadOnlyList<StockHold> Holds { get; init; } = [];

    public IReadOnlyList<AppliedStockChange> Applied { get; init; } = [];

    public long OnHand => Warehouses.Sum(w => w.OnHand);

    public long Reserved => Warehouses.Sum(w => w.Reserved);

    public long Available => Warehouses.Sum(w => w.Available);

    public long AvailableAt(string warehouseId) => Warehouses.FirstOrDefault(w => w.WarehouseId == warehouseId)?.Available ?? 0;

    public SkuInventory ToSkuInventory() => new() { Sku = Sku, Warehouses = Warehouses };
}

/// <summary>A reservation could not be made or kept: not enough stock, or the hold expired before commit.</summary>
public sealed class OutOfStockException(IReadOnlyList<string> skus)
    : CheckoutFailureException(CheckoutFailureCodes.OutOfStock, $"Not enough stock for: {string.Join(", ", skus)}.")
{
    public IReadOnlyList<string> Skus { get; } = skus;
}

/// <summary>A concurrent writer took the stock a plan counted on; the caller re-plans.</summary>
public sealed class StalePlanException(string sku) : Exception($"Stock of {sku} changed while reserving.");

/// <summary>Pure rules over one <see cref="StockDocument"/>; each returns the new document (or the same one when nothing changes).</summary>
public static class InventoryRules
{
    /// <summary>How long committed holds are kept for compensation after the commit.</summary>
    public static readonly TimeSpan CommittedRetention = TimeSpan.FromDays(1);

    public static StockDocument Empty(string sku) => new() { Sku = sku };

    /// <summary>Drops held stock past its expiry (back to available) and committed records past their retention.</summary>
    public static StockDocument ExpireHolds(StockDocument doc, DateTimeOffset now)
        => doc.Holds.Any(h => h.ExpiresAt <= now) ? Recount(doc with { Holds = [.. doc.Holds.Where(h => h.ExpiresAt > now)] }) : doc;

    /// <summary>Holds <paramref name="quantities"/> (warehouse → units) for <paramref name="orderId"/>; throws <see cref="StalePlanException"/> when a warehouse has too little.</summary>
    public static StockDocument Reserve(StockDocument doc, string orderId, IReadOnlyDictionary<string, int> quantities, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        doc = ExpireHolds(doc, now);
        if (doc.Holds.Any(h => h.OrderId == orderId))
        {
            return doc;
        }

        var holds = doc.Holds.ToList();
        foreach (var (warehouseId, quantity) in quantities)
        {
            if (quantity <= 0)
            {
                continue;
            }

            if (doc.AvailableAt(warehouseId) < quantity)
            {
                throw new StalePlanException(doc.Sku);
            }

            holds.Add(new StockHold(orderId, warehouseId, doc.Sku, quantity, HoldState.Held, expiresAt));
        }

        return Recount(doc with { Holds = holds });
    }

    /// <summary>Returns the order's held (not committed) units to available.</summary>
    public static StockDocument Release(StockDocument doc, string orderId)
        => doc.Holds.Any(h => h.OrderId == orderId && h.State == HoldState.Held)
            ? Recount(doc with { Holds = [.. doc.Holds.Where(h => !(h.OrderId == orderId && h.State == HoldState.Held))] })
            : doc;

    /// <summary>
    /// Ships the order's held units in <paramref name="warehouseId"/> out of on-hand stock. Idempotent; throws
    /// <see cref="OutOfStockException"/> when the hold is gone (expired or released).
    /// </summary>
    public static StockDocument Commit(StockDocument doc, string orderId, string warehouseId, DateTimeOffset now)
    {
        var mine = doc.Holds.Where(h => h.OrderId == orderId && h.WarehouseId == warehouseId).ToList();
        if (mine.Count > 0 && mine.All(h => h.State == HoldState.Committed))
        {
            return doc;
        }

        if (!mine.Any(h => h.State == HoldState.Held && h.ExpiresAt > now))
        {
            throw new OutOfStockException([doc.Sku]);
        }

        var quantity = mine.Where(h => h.State == HoldState.Held).Sum(h => h.Quantity);
        var holds = doc.Holds
            .Select(h => h.OrderId == orderId && h.WarehouseId == warehouseId ? h with { State = HoldState.Committed, ExpiresAt = now + CommittedRetention } : h)
            .ToList();
        var warehouses = doc.Warehouses.Select(w => w.WarehouseId == warehouseId ? w with { OnHand = w.OnHand - quantity } : w).ToList();
        return Recount(doc with { Holds = holds, Warehouses = warehouses });
    }

    /// <summary>Puts the order's committed units in <paramref name="warehouseId"/> back on hand (compensation of <see cref="Commit"/>). Idempotent.</summary>
    public static StockDocument Restock(StockDocument doc, string orderId, string warehouseId)
    {
        var committed = doc.Holds.Where(h => h.OrderId == orderId && h.WarehouseId == warehouseId && h.State == HoldState.Committed).Sum(h => h.Quantity);
        if (committed == 0)
        {
            return doc;
        }

        var holds = doc.Holds.Where(h => !(h.OrderId == orderId && h.WarehouseId == warehouseId && h.State == HoldState.Committed)).ToList();
        var warehouses = doc.Warehouses.Select(w => w.WarehouseId == warehouseId ? w with { OnHand = w.OnHand + committed } : w).ToList();
        return Recount(doc with { Holds = holds, Warehouses = warehouses });
    }

    /// <summary>How long a keyed change is remembered (a retry later than this would apply it again).</summary>
    public static readonly TimeSpan AppliedRetention = TimeSpan.FromDays(30);

    /// <summary>Adds <paramref name="quantity"/> units back on hand in <paramref name="warehouseId"/> unless <paramref name="key"/> was applied already.</summary>
    public static StockDocument ReturnToStock(StockDocument doc, string key, string warehouseId, int quantity, DateTimeOffset now)
    {
        if (doc.Applied.Any(a => a.Key == key))
        {
            return doc;
        }

        var warehouses = doc.Warehouses.Any(w => w.WarehouseId == warehouseId)
            ? doc.Warehouses.Select(w => w.WarehouseId == warehouseId ? w with { OnHand = w.OnHand + quantity } : w).ToList()
            : [.. doc.Warehouses, new WarehouseStock(warehouseId, quantity, 0)];
        return doc with
        {
            Warehouses = warehouses,
            Applied = [.. doc.Applied.Where(a => a.ExpiresAt > now), new AppliedStockChange(key, now + AppliedRetention)],
        };
    }

    /// <summary>Forgets the order's committed records once the order stands (no compensation can follow).</summary>
    public static StockDocument Finalize(StockDocument doc, string orderId)
        => doc.Holds.Any(h => h.OrderId == orderId) ? Recount(doc with { Holds = [.. doc.Holds.Where(h => h.OrderId != orderId || h.State == HoldState.Held)] }) : doc;

    /// <summary>
    /// Applies a warehouse's absolute stock level if <paramref name="sequence"/> is newer than the last one applied for
    /// that warehouse; stale and duplicate messages change nothing (<paramref name="applied"/> false).
    /// </summary>
    public static StockDocument ApplyLevel(StockDocument doc, string warehouseId, long level, long sequence, out bool applied)
    {
        var current = doc.Warehouses.FirstOrDefault(w => w.WarehouseId == warehouseId);
        applied = current is null || sequence > current.Sequence;
        if (!applied)
        {
            return doc;
        }

        var updated = new WarehouseStock(warehouseId, level, current?.Reserved ?? 0, sequence);
        var warehouses = current is null
            ? [.. doc.Warehouses, updated]
            : doc.Warehouses.Select(w => w.WarehouseId == warehouseId ? updated : w).ToList();
        return Recount(doc with { Warehouses = [.. warehouses.OrderBy(w => w.WarehouseId, StringComparer.Ordinal)] });
    }

    /// <summary>Reserved units per warehouse are always the sum of its held units.</summary>
    static StockDocument Recount(StockDocument doc)
    {
        var held = doc.Holds.Where(h => h.State == HoldState.Held)
            .GroupBy(h => h.WarehouseId)
            .ToDictionary(g => g.Key, g => (long)g.Sum(h => h.Quantity), StringComparer.Ordinal);
        var warehouses = doc.Warehouses.Select(w => w with { Reserved = held.GetValueOrDefault(w.WarehouseId) }).ToList();
        foreach (var missing in held.Keys.Where(k => warehouses.All(w => w.WarehouseId != k)))
        {
            warehouses.Add(new WarehouseStock(missing, 0, held[missing]));
        }

        return doc with { Warehouses = warehouses };
    }
}
