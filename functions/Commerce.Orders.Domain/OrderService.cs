using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Orders.Domain;

public enum CancelOutcome
{
    Cancelled,
    AlreadyCancelled,
    NotFound,
    TooLate,
}

/// <summary>
/// Orders in the document store; every change is an ETag-conditional read-modify-write through the state machine, then
/// projected into the customer's <see cref="OrderHistory"/> (a create retried after a crash re-projects the stored order).
/// </summary>
public sealed class OrderService(IDocumentStore store, InventoryService inventory, IPaymentGateway payments, OrderHistory history, TimeProvider clock)
{
    IDocumentContainer<Order> Orders => store.Container<Order>(Order.Container);

    public async Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken = default)
        => (await Orders.ReadAsync(orderId, orderId, cancellationToken))?.Value;

    /// <summary>Creates the order; a repeat (the same saga step retried) returns the stored one.</summary>
    public async Task<Order> CreateAsync(Order order, CancellationToken cancellationToken = default)
    {
        Order stored;
        try
        {
            stored = (await Orders.CreateAsync(order.Id, order.Id, order, cancellationToken: cancellationToken)).Value;
        }
        catch (DocumentConflictException)
        {
            stored = (await GetAsync(order.Id, cancellationToken))!;
        }

        await history.RecordAsync(stored, cancellationToken);
        return stored;
    }

    public Task<Order?> TransitionAsync(string orderId, OrderStatus to, string? note = null, CancellationToken cancellationToken = default)
        => ChangeAsync(orderId, order => order.Status == to ? order : OrderStateMachine.Transition(order, to, clock.GetUtcNow(), note), cancellationToken);

    /// <summary>
    /// A warehouse confirmed a shipment left (or arrived): the shipment and the order status advance. A message already
    /// applied (same <paramref name="messageId"/>) changes nothing. Null when the order does not exist.
    /// </summary>
    public Task<Order?> ApplyShipmentAsync(string orderId, string warehouseId, ShipmentStatus status, string? trackingNumber, string messageId, CancellationToken cancellationToken = default)
        => ChangeAsync(orderId, order =>
        {
            if (order.ProcessedMessages.Contains(messageId))
            {
                return order;
            }

            if (order.Shipments.All(s => s.WarehouseId != warehouseId))
            {
                throw new InvalidOperationException($"Order {orderId} has no shipment from {warehouseId}.");
            }

            var shipments = order.Shipments
                .Select(s => s.WarehouseId == warehouseId && s.Status < status ? s with { Status = status, TrackingNumber = trackingNumber ?? s.TrackingNumber } : s)
                .ToList();
            var updated = order with { Shipments = shipments, ProcessedMessages = [.. order.ProcessedMessages, messageId] };
            return OrderStateMachine.Advance(updated, OrderStateMachine.StatusFromShipments(updated), clock.GetUtcNow(), $"{warehouseId}: {status}");
        }, cancellationToken);

    /// <summary>A warehouse received returned goods: the returned value is refunded; everything back → refunded.</summary>
    public Task<Order?> ApplyReturnAsync(string orderId, string warehouseId, IReadOnlyList<AllocatedItem> items, string messageId, CancellationToken cancellationToken = default)
        => ChangeAsync(orderId, order =>
        {
            if (order.ProcessedMessages.Contains(messageId))
            {
                return order;
            }

            if (order.Status is not (OrderStatus.Shipped or OrderStatus.Delivered))
            {
                throw new InvalidOrderTransitionException(order.Status, OrderStatus.Refunded);
            }

            var note = $"returned to {warehouseId}: " + string.Join(", ", items.Select(i => $"{i.Quantity} × {i.Sku}"));
            var updated = order with { ProcessedMessages = [.. order.ProcessedMessages, messageId] };
            return ReturnsEverything(order, items)
                ? OrderStateMachine.Transition(updated, OrderStatus.Refunded, clock.GetUtcNow(), note)
                : updated with { Timeline = [.. order.Timeline, new OrderEvent(clock.GetUtcNow(), order.Status, note)] };
        }, cancellationToken);

    /// <summary>What a return refunds: everything (shipping included) when every unit came back, else the returned lines' value.</summary>
    public static Money RefundFor(Order order, IReadOnlyList<AllocatedItem> items)
        => ReturnsEverything(order, items)
            ? order.Totals.GrandTotal
            : Money.Min(order.Totals.GrandTotal, items.Aggregate(Money.Zero(order.Currency), (sum, i) => sum + ((order.Lines.FirstOrDefault(l => l.Sku == i.Sku)?.UnitPrice ?? Money.Zero(order.Currency)) * i.Quantity)));

    static bool ReturnsEverything(Order order, IReadOnlyList<AllocatedItem> items)
        => order.Lines.All(l => items.Where(i => i.Sku == l.Sku).Sum(i => i.Quantity) >= l.Quantity);

    /// <summary>Cancels an order that has not shipped: stock goes back on hand and the captured payment is refunded.</summary>
    public async Task<CancelOutcome> CancelAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var order = await GetAsync(orderId, cancellationToken);
        if (order is null)
        {
            return CancelOutcome.NotFound;
        }

        if (order.Status == OrderStatus.Cancelled)
        {
            return CancelOutcome.AlreadyCancelled;
        }

        if (!OrderStateMachine.CanCancel(order.Status))
        {
            return CancelOutcome.TooLate;
        }

        try
        {
            order = await TransitionAsync(orderId, OrderStatus.Cancelled, "cancelled by the customer", cancellationToken);
        }
        catch (InvalidOrderTransitionException)
        {
            return CancelOutcome.TooLate;
        }

        foreach (var shipment in order!.Shipments)
        {
            await inventory.ReturnToStockAsync(new PlannedShipment(shipment.WarehouseId, shipment.Items), cancellationToken);
        }

        await payments.RefundAsync(order.Payment.AuthorizationId, order.Totals.GrandTotal, cancellationToken);
        await ChangeAsync(orderId, o => o with { Payment = o.Payment with { State = PaymentState.Refunded } }, cancellationToken);
        return CancelOutcome.Cancelled;
    }

    async Task<Order?> ChangeAsync(string orderId, Func<Order, Order> change, CancellationToken cancellationToken)
    {
        if (await Orders.ReadAsync(orderId, orderId, cancellationToken) is null)
        {
            return null;
        }

        var written = await Orders.UpdateAsync(orderId, orderId, order => change(order ?? throw new DocumentNotFoundException(Order.Container, orderId)), cancellationToken: cancellationToken);
        await history.RecordAsync(written.Value, cancellationToken);
        return written.Value;
    }
}
