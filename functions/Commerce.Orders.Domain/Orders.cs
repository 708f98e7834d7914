using Commerce.Contracts;

namespace Commerce.Orders.Domain;

public enum OrderStatus
{
    Pending,
    Paid,
    Allocated,
    Fulfilling,
    PartiallyShipped,
    Shipped,
    Delivered,
    Cancelled,
    Failed,
    Refunded,
}

public enum ShipmentStatus
{
    Requested,
    Shipped,
    Delivered,
}

public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country);

public sealed record OrderLine(string Sku, int Quantity, Money UnitPrice, Money LineTotal)
{
    /// <summary>Units of the line returned so far (never more than <see cref="Quantity"/>; see <see cref="ReturnRules"/>).</summary>
    public int Returned { get; init; }

    /// <summary>What returns of the line have refunded so far (null: nothing); never more than the line's share of what was paid.</summary>
    public Money? Refunded { get; init; }
}

/// <summary>
/// What the order charged: <see cref="GrandTotal"/> = <see cref="Subtotal"/> − <see cref="Discounts"/> + <see cref="Shipping"/>
/// (+ <see cref="Tax"/> where prices exclude tax). <see cref="Subtotal"/> is null on orders placed before it was recorded.
/// </summary>
public sealed record OrderTotals(Money Discounts, Money Tax, Money Shipping, Money GrandTotal, Money? Subtotal = null);

public sealed record OrderShipment(string WarehouseId, IReadOnlyList<AllocatedItem> Items, ShipmentStatus Status, string? TrackingNumber = null);

public sealed record OrderPayment(string AuthorizationId, PaymentState State, Money Amount);

public sealed record OrderEvent(DateTimeOffset At, OrderStatus Status, string? Note = null);

public enum PendingStepKind
{
    /// <summary>Units of a shipment that never left go back on sale in its warehouse (the order's committed units there are released).</summary>
    Restock,

    /// <summary>Money goes back to the customer.</summary>
    Refund,

    /// <summary>Returned units are back on the shelves of the warehouse that received them (its level grows, once per key).</summary>
    ReturnToStock,

    /// <summary>A shipment left its warehouse: the order's units there leave the warehouse's level and its committed units.</summary>
    Ship,

    /// <summary>A warehouse is asked to stop its shipment (a message on the fulfilment-cancellations queue).</summary>
    RequestCancellation,

    /// <summary>A warehouse is asked to ship its part of the order (a message on the fulfilment-requests queue).</summary>
    RequestFulfilment,
}

/// <summary>
/// The customer asked to cancel after fulfilment was requested: each warehouse was asked to stop its shipment. The order
/// is cancelled (refunded, restocked) once every warehouse confirmed; one that already shipped refuses the cancel.
/// </summary>
public sealed record FulfilmentCancellation(DateTimeOffset RequestedAt, IReadOnlyList<string> ConfirmedBy, string? RefusedBy = null)
{
    public bool Refused => RefusedBy is not null;
}

/// <summary>
/// A side effect the order has committed to (recorded in the same write as the decision, e.g. the cancel) and not yet
/// confirmed done. <see cref="Key"/> is its idempotency key at the stock document or the payment provider, so finishing
/// it again after a crash applies it at most once.
/// </summary>
public sealed record PendingStep(string Key, PendingStepKind Kind, Money Amount, string? WarehouseId = null, IReadOnlyList<AllocatedItem>? Items = null);

/// <summary>An order (container <see cref="Container"/>, id = pk = order id).</summary>
public sealed record Order
{
    /// <summary>The published name (<see cref="PlacedOrder"/> is what other contexts read of an order).</summary>
    public const string Container = PlacedOrder.Container;

    public required string Id { get; init; }
    public required OrderStatus Status { get; init; }
    public required string CartId { get; init; }
    public required string Email { get; init; }
    public string? CustomerId { get; init; }
    public required string Currency { get; init; }
    public required IReadOnlyList<OrderLine> Lines { get; init; }
    public required OrderTotals Totals { get; init; }
    public required ShippingAddress ShippingAddress { get; init; }
    public required IReadOnlyList<OrderShipment> Shipments { get; init; }
    public required OrderPayment Payment { get; init; }
    public required IReadOnlyList<OrderEvent> Timeline { get; init; }
    /// <summary>The promotion codes the order was priced with (their usage is consumed once the order stands).</summary>
    public IReadOnlyList<string> PromoCodes { get; init; } = [];
    public IReadOnlyList<string> ProcessedMessages { get; init; } = [];
    public IReadOnlyList<PendingStep> PendingSteps { get; init; } = [];
    /// <summary>Set once a cancel was asked of the warehouses (the order was fulfilling); null otherwise.</summary>
    public FulfilmentCancellation? Cancellation { get; init; }
    /// <summary>The W3C trace context of the checkout that placed it: later work on the order (warehouse answers) links back to it.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>A transition the order state machine does not allow.</summary>
public sealed class InvalidOrderTransitionException(OrderStatus from, OrderStatus to)
    : InvalidOperationException($"An order cannot go from {from} to {to}.")
{
    public OrderStatus From { get; } = from;
    public OrderStatus To { get; } = to;
}

/// <summary>
/// pending → paid → allocated → fulfilling → partially shipped → shipped → delivered; cancelled before anything ships;
/// failed before payment is captured; refunded once paid money goes back (a return of a shipped order, or a cancel).
/// </summary>
public static class OrderStateMachine
{
    static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        [OrderStatus.Pending] = [OrderStatus.Paid, OrderStatus.Cancelled, OrderStatus.Failed],
        [OrderStatus.Paid] = [OrderStatus.Allocated, OrderStatus.Cancelled, OrderStatus.Failed, OrderStatus.Refunded],
        [OrderStatus.Allocated] = [OrderStatus.Fulfilling, OrderStatus.Cancelled],
        [OrderStatus.Fulfilling] = [OrderStatus.PartiallyShipped, OrderStatus.Shipped, OrderStatus.Cancelled],
        [OrderStatus.PartiallyShipped] = [OrderStatus.PartiallyShipped, OrderStatus.Shipped],
        [OrderStatus.Shipped] = [OrderStatus.Delivered, OrderStatus.Refunded],
        [OrderStatus.Delivered] = [OrderStatus.Refunded],
        [OrderStatus.Cancelled] = [],
        [OrderStatus.Failed] = [],
        [OrderStatus.Refunded] = [],
    };

    public static bool CanTransition(OrderStatus from, OrderStatus to) => Allowed[from].Contains(to);

    /// <summary>Cancelling is allowed until the first shipment leaves a warehouse.</summary>
    public static bool CanCancel(OrderStatus status) => CanTransition(status, OrderStatus.Cancelled);

    public static Order Transition(Order order, OrderStatus to, DateTimeOffset at, string? note = null)
        => CanTransition(order.Status, to)
            ? order with { Status = to, Timeline = [.. order.Timeline, new OrderEvent(at, to, note)] }
            : throw new InvalidOrderTransitionException(order.Status, to);

    /// <summary>The status that follows a shipment update: shipped once every shipment left, delivered once all arrived.</summary>
    public static OrderStatus StatusFromShipments(Order order)
    {
        if (order.Shipments.Count > 0 && order.Shipments.All(s => s.Status == ShipmentStatus.Delivered))
        {
            return OrderStatus.Delivered;
        }

        if (order.Shipments.Count > 0 && order.Shipments.All(s => s.Status != ShipmentStatus.Requested))
        {
            return OrderStatus.Shipped;
        }

        return order.Shipments.Any(s => s.Status != ShipmentStatus.Requested) ? OrderStatus.PartiallyShipped : order.Status;
    }

    /// <summary>Moves an order along the shipping path to <paramref name="target"/>, through shipped when it jumps to delivered.</summary>
    public static Order Advance(Order order, OrderStatus target, DateTimeOffset at, string? note = null)
    {
        if (target == OrderStatus.PartiallyShipped)
        {
            return Transition(order, target, at, note);
        }

        if (order.Status == target)
        {
            return order;
        }

        if (target == OrderStatus.Delivered && order.Status is OrderStatus.Fulfilling or OrderStatus.PartiallyShipped)
        {
            order = Transition(order, OrderStatus.Shipped, at, note);
        }

        return Transition(order, target, at, note);
    }
}
