namespace Commerce.Contracts;

/// <summary>
/// Units that left one warehouse for one order, published by the orders context on the <see cref="Queue"/> Storage
/// queue (its own account, JSON, base64) when the warehouse confirms the shipment left; the replenishment context's
/// trigger reads it into its demand history (what each warehouse shipped per day). Delivered at least once: the
/// <see cref="Id"/> (one per order and warehouse) is what a reader dedupes on.
/// </summary>
public sealed record ShippedUnits
{
    /// <summary>Storage queue on the orders app's runtime account (orders sends, the replenishment app's trigger receives).</summary>
    public const string Queue = "shipped-units";

    /// <summary>The replenishment app's setting prefix naming that account (<c>ShippedUnits__queueServiceUri</c>, …) for its trigger.</summary>
    public const string Connection = "ShippedUnits";

    /// <summary><c>ship:{orderId}:{warehouseId}</c>.</summary>
    public required string Id { get; init; }

    public required string WarehouseId { get; init; }

    /// <summary>When the orders context applied the confirmation (its UTC day is the day the units count for).</summary>
    public required DateTimeOffset ShippedAt { get; init; }

    public required IReadOnlyList<ShippedLine> Lines { get; init; }
}

public sealed record ShippedLine(string Sku, int Quantity);
