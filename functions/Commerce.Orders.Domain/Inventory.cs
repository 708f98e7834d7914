using Commerce.Contracts;

namespace Commerce.Orders.Domain;

public enum HoldState
{
    Held,
    Committed,
}

/// <summary>
/// Stock an order holds in one warehouse. <see cref="HoldState.Held"/> counts in the warehouse's reserved units until it
/// is committed, released, expires at <see cref="ExpiresAt"/>, or is dropped because the warehouse's level no longer
/// covers it. <see cref="HoldState.Committed"/> (the order bought the units) counts in the warehouse's committed units
/// and never expires: it stays until the warehouse confirms the shipment (<see cref="InventoryRules.Ship"/>) or the
/// units go back on sale (<see cref="InventoryRules.Restock"/>: a failed checkout's compensation, or a cancel before
/// shipping), so each of those applies exactly once per order and warehouse.
/// </summary>
public sealed record StockHold(string OrderId, string WarehouseId, string Sku, int Quantity, HoldState State, DateTimeOffset ExpiresAt);

/// <summary>A keyed change applied to a stock document (e.g. a cancelled order's units put back), kept so a repeat is a no-op.</summary>
public sealed record AppliedStockChange(string Key, DateTimeOffset ExpiresAt);

/// <summary>
/// What a store's tills did to one SKU: the last sale number applied (<see cref="StoreSale.Sequence"/>) and the units
/// sold that the store's on-hand did not cover, in all (see <see cref="InventoryRules.SellAtStore"/>).
/// </summary>
public sealed record StoreSalesMark(string StoreId, long Sequence, long Shortfall);

/// <summary>
/// A store sale applied to the SKU (its store, sequence and content), kept until <see cref="ExpiresAt"/> so that the
/// queue delivering it again is recognised as done rather than refused (see <see cref="InventoryRules.SellAtStore"/>).
/// </summary>
public sealed record AppliedStoreSale(string StoreId, long Sequence, int Quantity, string SaleId, DateTimeOffset SoldAt, DateTimeOffset ExpiresAt)
{
    /// <summary>True when <paramref name="sale"/> is this sale again: the same store, sequence, units, till line and time.</summary>
    public bool IsSameSale(StoreSale sale)
    {
        ArgumentNullException.ThrowIfNull(sale);
        return StoreId == sale.StoreId && Sequence == sale.Sequence && Quantity == sale.Quantity && SaleId == sale.SaleId && SoldAt == sale.SoldAt;
    }
}

/// <summary>What a store sale did: applied (with the units its on hand did not cover), or nothing, being a redelivery of one applied already.</summary>
public readonly record struct StoreSaleOutcome(bool Redelivery, long Shortfall);

/// <summary>
/// The stored shape of <see cref="SkuInventory"/> (same container, id, partition key and fields, so the cart reads it
/// as a <see cref="SkuInventory"/>) plus the holds that make every reserve, release, commit, restock and shipment
/// idempotent per order. Per warehouse, <see cref="WarehouseStock.Reserved"/> and <see cref="WarehouseStock.Committed"/>
/// are always the sums of its held and committed holds, and on hand is the level less committed units (see
/// <see cref="WarehouseStock"/>): no count is ever negative.
/// </summary>
public sealed record StockDocument
{
    public required string Sku { get; init; }

    public IReadOnlyList<WarehouseStock> Warehouses { get; init; } = [];

    public IReadOnlyList<StockHold> Holds { get; init; } = [];

    public IReadOnlyList<AppliedStockChange> Applied { get; init; } = [];

    /// <summary>Per store that sold this SKU at its tills: the last sale applied and the shortfall recorded.</summary>
    public IReadOnlyList<StoreSalesMark> StoreSales { get; init; } = [];

    /// <summary>The store sales applied lately (at most <see cref="InventoryRules.RememberedStoreSales"/> per store, none older than <see cref="InventoryRules.StoreSaleRedeliveryWindow"/>).</summary>
    public IReadOnlyList<AppliedStoreSale> RecentStoreSales { get; init; } = [];

    public long OnHand => Warehouses.Sum(w => w.OnHand);

    public long Reserved => Warehouses.Sum(w => w.Reserved);

    /// <summary>Units an online order can still buy (see <see cref="SkuInventory.Available"/>).</summary>
    public long Available => SkuInventory.AvailableOnline(Warehouses);

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
    public static StockDocument Empty(string sku) => new() { Sku = sku };

    /// <summary>Drops held stock past its expiry (back to available); committed units never expire.</summary>
    public static StockDocument ExpireHolds(StockDocument doc, DateTimeOffset now)
        => doc.Holds.Any(h => Expired(h, now)) ? Recount(doc with { Holds = [.. doc.Holds.Where(h => !Expired(h, now))] }) : doc;

    static bool Expired(StockHold hold, DateTimeOffset now) => hold.State == HoldState.Held && hold.ExpiresAt <= now;

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
    /// The order buys its held units in <paramref name="warehouseId"/>: they leave on hand for the committed units until
    /// the warehouse ships them. Idempotent; throws <see cref="OutOfStockException"/> when the hold is gone (expired,
    /// released, or dropped because the warehouse's level fell below what was held), so a checkout whose stock is no
    /// longer there fails instead of counting below zero.
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

        return Recount(doc with { Holds = [.. doc.Holds.Select(h => h.OrderId == orderId && h.WarehouseId == warehouseId ? h with { State = HoldState.Committed } : h)] });
    }

    /// <summary>
    /// Puts the order's committed, unshipped units in <paramref name="warehouseId"/> back on sale (compensation of
    /// <see cref="Commit"/>, or a cancel before the shipment left): they never left the shelves, so the level stays.
    /// Idempotent.
    /// </summary>
    public static StockDocument Restock(StockDocument doc, string orderId, string warehouseId)
        => TakeCommitted(doc, orderId, warehouseId, out _);

    /// <summary>
    /// The warehouse confirmed it shipped the order's units from <paramref name="warehouseId"/>: they leave its level and
    /// its committed units together, so on hand does not change. Idempotent (the committed hold goes with the first).
    /// </summary>
    public static StockDocument Ship(StockDocument doc, string orderId, string warehouseId)
    {
        var next = TakeCommitted(doc, orderId, warehouseId, out var shipped);
        return shipped == 0 ? doc : MoveLevel(next, warehouseId, -shipped);
    }

    static StockDocument TakeCommitted(StockDocument doc, string orderId, string warehouseId, out long quantity)
    {
        static bool Mine(StockHold h, string orderId, string warehouseId) => h.OrderId == orderId && h.WarehouseId == warehouseId && h.State == HoldState.Committed;
        quantity = doc.Holds.Where(h => Mine(h, orderId, warehouseId)).Sum(h => (long)h.Quantity);
        return quantity == 0 ? doc : Recount(doc with { Holds = [.. doc.Holds.Where(h => !Mine(h, orderId, warehouseId))] });
    }

    /// <summary>Moves a warehouse's level by <paramref name="units"/> (never below zero), keeping its committed units.</summary>
    static StockDocument MoveLevel(StockDocument doc, string warehouseId, long units)
    {
        var warehouses = doc.Warehouses.Any(w => w.WarehouseId == warehouseId)
            ? doc.Warehouses.Select(w => w.WarehouseId == warehouseId ? AtLevel(w, w.Level + units) : w).ToList()
            : [.. doc.Warehouses, AtLevel(new WarehouseStock(warehouseId, 0, 0), units)];
        return Recount(doc with { Warehouses = warehouses });
    }

    /// <summary>A warehouse at <paramref name="level"/> before its holds are counted (<see cref="Recount"/> splits it into on hand, committed and backordered).</summary>
    static WarehouseStock AtLevel(WarehouseStock warehouse, long level) => warehouse with { OnHand = Math.Max(0, level), Committed = 0, Backordered = 0 };

    /// <summary>How long a keyed change is remembered (a retry later than this would apply it again).</summary>
    public static readonly TimeSpan AppliedRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// Returned units are back on the shelves of <paramref name="warehouseId"/> (the one that received them): its level
    /// grows by <paramref name="quantity"/>, unless <paramref name="key"/> was applied already.
    /// </summary>
    public static StockDocument ReturnToStock(StockDocument doc, string key, string warehouseId, int quantity, DateTimeOffset now)
        => doc.Applied.Any(a => a.Key == key)
            ? doc
            : MoveLevel(doc, warehouseId, quantity) with
            {
                Applied = [.. doc.Applied.Where(a => a.ExpiresAt > now), new AppliedStockChange(key, now + AppliedRetention)],
            };

    /// <summary>
    /// How long an applied store sale is remembered: a redelivery comes within the queue's attempts (the max dequeue
    /// count times the function timeout, well under an hour) or a till resending after an outage, so a day covers both.
    /// </summary>
    public static readonly TimeSpan StoreSaleRedeliveryWindow = TimeSpan.FromDays(1);

    /// <summary>Applied sales remembered per store and SKU at most (the newest), so a SKU a store sells all day keeps a small document.</summary>
    public const int RememberedStoreSales = 64;

    /// <summary>
    /// A store sold <paramref name="sale"/>'s units at its tills: they leave its level, taken from its on hand only
    /// (units orders bought there stay theirs, so no order is backordered by a till); held units that no longer fit are
    /// dropped as when a level falls, and the checkout that held them fails to commit instead of overselling. What on
    /// hand cannot cover is not counted below zero: it is added to the store's <see cref="StoreSalesMark.Shortfall"/>
    /// for the store to recount. The sale is remembered (<see cref="AppliedStoreSale"/>), so the same sale delivered
    /// again is done (<see cref="StoreSaleOutcome.Redelivery"/>, the document unchanged), whether newer sales came
    /// since or not. Refused (<see cref="MalformedWarehouseMessageException"/>, nothing changed): a sequence a different
    /// sale was applied with, and a sequence not above the store's last one that is not a remembered sale (stale).
    /// </summary>
    public static StockDocument SellAtStore(StockDocument doc, StoreSale sale, DateTimeOffset now, out StoreSaleOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(sale);
        ArgumentOutOfRangeException.ThrowIfLessThan(sale.Quantity, 1);
        var (storeId, sequence) = (sale.StoreId, sale.Sequence);
        var recent = doc.RecentStoreSales.Where(a => a.ExpiresAt > now).ToList();
        if (recent.FirstOrDefault(a => a.StoreId == storeId && a.Sequence == sequence) is { } applied)
        {
            if (!applied.IsSameSale(sale))
            {
                throw new MalformedWarehouseMessageException(
                    $"sequence {sequence} of store '{storeId}' for {doc.Sku} was applied already to another sale ({applied.Quantity} units, till line '{applied.SaleId}', sold at {applied.SoldAt:O}).");
            }

            outcome = new StoreSaleOutcome(Redelivery: true, Shortfall: 0);
            return doc;
        }

        var mark = doc.StoreSales.FirstOrDefault(m => m.StoreId == storeId);
        if (mark is not null && sequence <= mark.Sequence)
        {
            throw new MalformedWarehouseMessageException(sequence == mark.Sequence
                ? $"sequence {sequence} of store '{storeId}' for {doc.Sku} was applied already, too long ago to tell a redelivery (a repeat)."
                : $"sequence {sequence} of store '{storeId}' for {doc.Sku} is stale: {mark.Sequence} was applied already.");
        }

        var sold = Math.Min(sale.Quantity, doc.Warehouses.FirstOrDefault(w => w.WarehouseId == storeId)?.OnHand ?? 0);
        var shortfall = sale.Quantity - sold;
        outcome = new StoreSaleOutcome(Redelivery: false, shortfall);
        var next = sold == 0 ? doc : MoveLevel(doc, storeId, -sold);
        var remembered = new AppliedStoreSale(storeId, sequence, sale.Quantity, sale.SaleId, sale.SoldAt, now + StoreSaleRedeliveryWindow);
        return next with
        {
            StoreSales = [.. doc.StoreSales.Where(m => m.StoreId != storeId), new StoreSalesMark(storeId, sequence, (mark?.Shortfall ?? 0) + shortfall)],
            RecentStoreSales =
            [
                .. recent.Where(a => a.StoreId != storeId),
                .. recent.Where(a => a.StoreId == storeId).OrderByDescending(a => a.Sequence).Take(RememberedStoreSales - 1).Reverse(),
                remembered,
            ],
        };
    }

    /// <summary>
    /// Applies a warehouse's absolute stock level if <paramref name="sequence"/> is newer than the last one applied for
    /// that warehouse; stale and duplicate messages change nothing (<paramref name="applied"/> false). The level is what
    /// is physically on the shelves, units committed to orders the warehouse has not yet shipped included: on hand is
    /// what is left once those are counted (backordered when they are not all there), and the youngest holds that no
    /// longer fit are dropped.
    /// </summary>
    public static StockDocument ApplyLevel(StockDocument doc, string warehouseId, long level, long sequence, out bool applied)
    {
        var current = doc.Warehouses.FirstOrDefault(w => w.WarehouseId == warehouseId);
        applied = current is null || sequence > current.Sequence;
        if (!applied)
        {
            return doc;
        }

        var updated = AtLevel(new WarehouseStock(warehouseId, 0, 0, sequence), level);
        var warehouses = current is null
            ? [.. doc.Warehouses, updated]
            : doc.Warehouses.Select(w => w.WarehouseId == warehouseId ? updated : w).ToList();
        return Recount(doc with { Warehouses = [.. warehouses.OrderBy(w => w.WarehouseId, StringComparer.Ordinal)] });
    }

    /// <summary>
    /// Derives every warehouse's counts from its level and the holds: committed = its committed holds; on hand = level −
    /// committed (backordered the rest when the level is lower); reserved = its held holds, oldest first, as long as they
    /// fit in on hand. A held hold that no longer fits (the level fell) is dropped, and the checkout that held it fails
    /// to commit instead of taking stock that is not there.
    /// </summary>
    static StockDocument Recount(StockDocument doc)
    {
        var levels = doc.Warehouses.ToDictionary(w => w.WarehouseId, w => w.Level, StringComparer.Ordinal);
        var warehouses = doc.Warehouses.ToList();
        foreach (var missing in doc.Holds.Select(h => h.WarehouseId).Distinct(StringComparer.Ordinal).Where(id => !levels.ContainsKey(id)))
        {
            levels[missing] = 0;
            warehouses.Add(new WarehouseStock(missing, 0, 0));
        }

        var committed = doc.Holds.Where(h => h.State == HoldState.Committed)
            .GroupBy(h => h.WarehouseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(h => (long)h.Quantity), StringComparer.Ordinal);
        var reserved = new Dictionary<string, long>(StringComparer.Ordinal);
        var holds = new List<StockHold>(doc.Holds.Count);
        foreach (var hold in doc.Holds)
        {
            var onHand = Math.Max(0, levels[hold.WarehouseId] - committed.GetValueOrDefault(hold.WarehouseId));
            if (hold.State == HoldState.Held)
            {
                var taken = reserved.GetValueOrDefault(hold.WarehouseId);
                if (taken + hold.Quantity > onHand)
                {
                    continue;
                }

                reserved[hold.WarehouseId] = taken + hold.Quantity;
            }

            holds.Add(hold);
        }

        return doc with
        {
            Holds = holds.Count == doc.Holds.Count ? doc.Holds : holds,
            Warehouses = [.. warehouses.Select(w =>
            {
                var (level, units) = (levels[w.WarehouseId], committed.GetValueOrDefault(w.WarehouseId));
                return w with { OnHand = Math.Max(0, level - units), Committed = units, Backordered = Math.Max(0, units - level), Reserved = reserved.GetValueOrDefault(w.WarehouseId) };
            })],
        };
    }
}
