using Commerce.Contracts;

namespace Commerce.Replenishment.Domain;

/// <summary>One nightly run: its id (the orchestration's instance id) and the last day of demand it sees.</summary>
public sealed record RunInput(string RunId, DateOnly Origin)
{
    /// <summary>The day the run plans for: suggestions are for this day.</summary>
    public DateOnly Day => Origin.AddDays(1);
}

public sealed record PartitionInput(RunInput Run, string Partition);

/// <summary>Units of one SKU to buy from its supplier for one warehouse.</summary>
public sealed record PlannedPurchase(string Sku, string Warehouse, string Supplier, int Quantity);

/// <summary>What planning one partition produced (levels and risks are stored; suggestions go on to be sent).</summary>
public sealed record PartitionOutcome(string Partition, int Series, int Planned, int AtRisk, IReadOnlyList<PlannedPurchase> Purchases, IReadOnlyList<TransferSuggestion> Transfers);

public sealed record OrdersInput(RunInput Run, IReadOnlyList<PartitionOutcome> Partitions);

public sealed record RunSummary(string RunId, DateOnly Origin, int Series, int Planned, int AtRisk, int PurchaseOrders, int Transfers);

/// <summary>
/// The levels of one SKU at one warehouse from the last run that planned it (container <c>replenishment-plans</c>,
/// partition = SKU, id = warehouse): tonight's forecast (<see cref="Forecast"/>, day 1 = <see cref="Origin"/> + 1),
/// its error, the reorder point and order-up-to level, and the position it planned with.
/// </summary>
public sealed record StoredPlan(
    string Sku,
    string Warehouse,
    string RunId,
    DateOnly Origin,
    float[] Forecast,
    double ErrorDeviation,
    double SafetyStock,
    int ReorderPoint,
    int OrderUpTo,
    string Supplier,
    int LeadTimeDays,
    int OnHand,
    int OnOrder);

/// <summary>A stockout risk of one run (container <c>replenishment-risks</c>, partition = run id).</summary>
public sealed record StoredRisk(string Sku, string Warehouse, int OnHand, int DaysOfCover, int LeadTimeDays, int DaysShort);

/// <summary>A transfer into a warehouse: from where, how many units.</summary>
public sealed record TransferIn(string FromWarehouse, int Quantity);

/// <summary>Units of one stock receipt (<see cref="Commerce.Contracts.StockReceipt.Id"/>) put on a decision.</summary>
public sealed record ReceiptPart(string ReceiptId, int Quantity);

/// <summary>
/// The one replenishment decision for a SKU × receiving warehouse × day (container <c>replenishment-suggestions</c>,
/// partition = SKU, id = day and warehouse): units to buy from the supplier and transfers in; <see cref="Sent"/> once
/// it went out on the queue; the stock received against it so far (<see cref="Receipts"/>, see <see cref="StockReceipts"/>).
/// </summary>
public sealed record Suggestion
{
    public required string Sku { get; init; }

    public required string Warehouse { get; init; }

    public required DateOnly Day { get; init; }

    public required string RunId { get; init; }

    public string? Supplier { get; init; }

    public int PurchaseQuantity { get; init; }

    public IReadOnlyList<TransferIn> Transfers { get; init; } = [];

    public bool Sent { get; init; }

    /// <summary>The receipts that brought this decision's units, each once.</summary>
    public IReadOnlyList<ReceiptPart> Receipts { get; init; } = [];

    /// <summary>Units this decision brings to the warehouse.</summary>
    public int Inbound => PurchaseQuantity + Transfers.Sum(t => t.Quantity);

    /// <summary>Units received against it so far.</summary>
    public int Received => Receipts.Sum(r => r.Quantity);

    /// <summary>Units still to arrive.</summary>
    public int Outstanding => Math.Max(0, Inbound - Received);

    /// <summary>Units the receipt <paramref name="receiptId"/> put on this decision (0: none).</summary>
    public int ReceivedBy(string receiptId) => Receipts.Where(r => r.ReceiptId == receiptId).Sum(r => r.Quantity);

    /// <summary>The ids of the <see cref="ReplenishmentOrder"/>s this decision went out in: its supplier's purchase order, and one per transfer.</summary>
    public IEnumerable<string> OrderIds() =>
        (PurchaseQuantity > 0 && Supplier is not null ? [ReplenishmentOrder.PurchaseId(Day, Supplier, Warehouse)] : Array.Empty<string>())
            .Concat(Transfers.Select(t => ReplenishmentOrder.TransferId(Day, Sku, t.FromWarehouse, Warehouse)));
}

/// <summary>The last completed run (what the risk list reads).</summary>
public sealed record RunRecord(string RunId, DateOnly Origin, DateTimeOffset CompletedAt, int Series, int Planned, int AtRisk);
