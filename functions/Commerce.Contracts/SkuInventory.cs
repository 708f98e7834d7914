namespace Commerce.Contracts;

/// <summary>
/// Stock of one SKU across every warehouse, in one document so a reservation is one ETag-conditional write (no
/// oversell): container <see cref="Container"/>, id and partition key = <see cref="Sku"/>. Owned and written by the
/// orders context; the cart reads <see cref="Available"/> to flag out-of-stock lines.
/// </summary>
public sealed record SkuInventory
{
    public const string Container = "inventory";

    public required string Sku { get; init; }

    public IReadOnlyList<WarehouseStock> Warehouses { get; init; } = [];

    public long OnHand => Warehouses.Sum(w => w.OnHand);

    public long Reserved => Warehouses.Sum(w => w.Reserved);

    public long Available => Warehouses.Sum(w => w.Available);
}

/// <summary>One warehouse's stock of a SKU. <see cref="Sequence"/> is the warehouse's last applied stock-message number.</summary>
public sealed record WarehouseStock(string WarehouseId, long OnHand, long Reserved, long Sequence = 0)
{
    public long Available => Math.Max(0, OnHand - Reserved);
}
