namespace Commerce.Contracts;

/// <summary>
/// Stock a warehouse received, as it reported it with a level on <c>stock-levels</c> (its <c>received</c> part): the
/// orders context applies the level and passes the receipt on to the replenishment context on the <see cref="Queue"/>
/// Storage queue (its own account, JSON, base64, the same connection as <see cref="ShippedUnits"/>), which matches it
/// against the orders it suggested. Delivered at least once: <see cref="Id"/> (one per warehouse level message) is what
/// the reader dedupes on.
/// </summary>
public sealed record StockReceipt
{
    /// <summary>Storage queue on the orders app's runtime account (orders sends, the replenishment app's trigger receives).</summary>
    public const string Queue = "stock-receipts";

    /// <summary><c>receipt:{warehouseId}:{sku}:{sequence}</c>: the level message it came with.</summary>
    public required string Id { get; init; }

    public required string WarehouseId { get; init; }

    public required string Sku { get; init; }

    /// <summary>Units that arrived (at least 1).</summary>
    public required int Quantity { get; init; }

    /// <summary>The <see cref="ReplenishmentOrder.Id"/> they arrived against, when the warehouse knows it; otherwise the oldest open orders of the SKU to that warehouse are received first.</summary>
    public string? Reference { get; init; }

    /// <summary>When the orders context applied the level.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    public static string IdOf(string warehouseId, string sku, long sequence) => $"receipt:{warehouseId}:{sku}:{sequence}";
}
