namespace Commerce.Contracts;

/// <summary>
/// A suggested purchase order (one supplier, one receiving warehouse) or a suggested transfer (one SKU from one
/// warehouse to another), sent by the replenishment context on the <see cref="Queue"/> Storage queue (JSON, base64) for
/// a warehouse or ERP to act on; stock that arrives is reported on <c>stock-levels</c> as any other level. The
/// replenishment context decides each SKU × receiving warehouse once per <see cref="Day"/>: a rerun of the day's run
/// sends nothing it already sent, and <see cref="Id"/> is stable for the same decision, so a consumer dedupes on it.
/// </summary>
public sealed record ReplenishmentOrder
{
    public const string Queue = "replenishment-orders";

    /// <summary><c>purchase|{day}|{supplier}|{warehouse}</c> or <c>transfer|{day}|{sku}|{from}|{to}</c>.</summary>
    public required string Id { get; init; }

    public required ReplenishmentOrderKind Kind { get; init; }

    /// <summary>The day the suggestion is for (the day after the demand the run saw last).</summary>
    public required DateOnly Day { get; init; }

    /// <summary>The nightly run that decided it.</summary>
    public required string RunId { get; init; }

    /// <summary>The supplier to buy from (purchases).</summary>
    public string? Supplier { get; init; }

    /// <summary>The warehouse to take the units from (transfers).</summary>
    public string? FromWarehouse { get; init; }

    /// <summary>The receiving warehouse.</summary>
    public required string Warehouse { get; init; }

    /// <summary>SKUs and units, in SKU order; a transfer has one line.</summary>
    public required IReadOnlyList<ReplenishmentOrderLine> Lines { get; init; }

    /// <summary>The <see cref="Id"/> of the day's purchase order from <paramref name="supplier"/> for <paramref name="warehouse"/>.</summary>
    public static string PurchaseId(DateOnly day, string supplier, string warehouse) => $"purchase|{DayOf(day)}|{supplier}|{warehouse}";

    /// <summary>The <see cref="Id"/> of the day's transfer of <paramref name="sku"/> from <paramref name="fromWarehouse"/> to <paramref name="warehouse"/>.</summary>
    public static string TransferId(DateOnly day, string sku, string fromWarehouse, string warehouse) => $"transfer|{DayOf(day)}|{sku}|{fromWarehouse}|{warehouse}";

    /// <summary>Whether an order with id <paramref name="id"/> could bring <paramref name="sku"/> to <paramref name="warehouse"/>: a purchase for that warehouse, or a transfer of that SKU to it.</summary>
    public static bool CouldDeliver(string id, string sku, string warehouse)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Split('|') switch
        {
            ["purchase", _, _, var to] => to == warehouse,
            ["transfer", _, var moved, _, var to] => moved == sku && to == warehouse,
            _ => false,
        };
    }

    static string DayOf(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public enum ReplenishmentOrderKind
{
    Purchase,
    Transfer,
}

public sealed record ReplenishmentOrderLine(string Sku, int Quantity);
