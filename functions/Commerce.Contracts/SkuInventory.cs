namespace Commerce.Contracts;

/// <summary>
/// Stock of one SKU across every warehouse, in one document so a reservation is one ETag-conditional write (no
/// oversell): container <see cref="Container"/>, id and partition key = <see cref="Sku"/>. Owned and written by the
/// orders context; the cart reads <see cref="Available"/> to flag out-of-stock lines (units on hand that neither an order
/// bought nor a checkout holds, at the locations an online order can be allocated from; see <see cref="WarehouseStock"/>).
/// </summary>
public sealed record SkuInventory
{
    public const string Container = "inventory";

    public required string Sku { get; init; }

    public IReadOnlyList<WarehouseStock> Warehouses { get; init; } = [];

    public long OnHand => Warehouses.Sum(w => w.OnHand);

    public long Reserved => Warehouses.Sum(w => w.Reserved);

    /// <summary>Units an online order can still buy: available at the locations that sell online (<see cref="WarehouseStock.SellsOnline"/>).</summary>
    public long Available => AvailableOnline(Warehouses);

    /// <summary>The units available at those of <paramref name="locations"/> that sell online.</summary>
    public static long AvailableOnline(IEnumerable<WarehouseStock> locations) => locations.Where(w => w.SellsOnline).Sum(w => w.Available);
}

/// <summary>
/// One warehouse's stock of a SKU, as the orders context counts it. The warehouse reports its level (the stock-levels
/// queue): the physical units on its shelves, units picked for orders it has not yet confirmed shipped included.
/// </summary>
/// <param name="WarehouseId">The warehouse.</param>
/// <param name="OnHand">Units on the shelves that no order has bought: level − <paramref name="Committed"/>, never below zero.</param>
/// <param name="Reserved">Units checkouts in flight hold; never more than <paramref name="OnHand"/> (holds a lower level no longer covers are dropped).</param>
/// <param name="Sequence">The warehouse's last applied stock-message number.</param>
/// <param name="Committed">Units orders bought here that the warehouse has not yet confirmed shipped (a shipment confirmation takes them out of the level and of this count).</param>
/// <param name="Backordered">Units bought that the level no longer covers (committed − level, when the level fell below it): those orders wait for the warehouse's next stock, which fills them before anything is on sale again.</param>
/// <param name="SellsOnline">
/// Whether checkout allocates online orders from this location, as the orders context last wrote the document: false
/// for a store that sells only at its tills (or a location no longer configured), whose units the storefront does not
/// count (<see cref="SkuInventory.Available"/>). True when not written (documents from before the mark).
/// </param>
public sealed record WarehouseStock(string WarehouseId, long OnHand, long Reserved, long Sequence = 0, long Committed = 0, long Backordered = 0, bool SellsOnline = true)
{
    public long Available => Math.Max(0, OnHand - Reserved);

    /// <summary>The physical units on the shelves: the warehouse's last level, moved since by shipments out and returns in.</summary>
    public long Level => OnHand + Committed - Backordered;
}
