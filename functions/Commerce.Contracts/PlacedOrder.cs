namespace Commerce.Contracts;

/// <summary>
/// The orders context's published read of an order document (container <see cref="Container"/>, id = pk = order id,
/// written by the orders app alone): the SKUs of its lines. Other contexts read orders through this record and this
/// name, never through a copy of either (analytics records purchases from it).
/// </summary>
public sealed record PlacedOrder(IReadOnlyList<PlacedOrderLine> Lines)
{
    public const string Container = "orders";
}

public sealed record PlacedOrderLine(string Sku);
