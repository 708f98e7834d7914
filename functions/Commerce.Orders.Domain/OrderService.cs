using System.Text.Json;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Primitives;

namespace Commerce.Orders.Domain;

public enum CancelOutcome
{
    Cancelled,
    AlreadyCancelled,

    /// <summary>Fulfilment was requested: the warehouses were asked to cancel; the refund follows their confirmation.</summary>
    CancelRequested,
    NotFound,
    TooLate,
}

/// <summary>
/// Orders in the document store; every change is an ETag-conditional read-modify-write through the state machine, then
/// projected into the customer's <see cref="OrderHistory"/> (a create retried after a crash re-projects the stored order).
/// </summary>
public sealed class OrderService(IDocumentStore store, InventoryService inventory, IPaymentGateway payments, IQueueSender queues, OrderHistory history, TimeProvider clock)
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
    /// Requests fulfilment of an allocated order: the order becomes fulfilling and records a request owed to each
    /// warehouse in one write, then sends them. A cancel written first wins (nothing is sent for a cancelled order); a
    /// cancel after it asks the warehouses to stop. A repeat sends only what a crash left unsent. Null when the order does
    /// not exist.
    /// </summary>
    public async Task<Order?> RequestFulfilmentAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var order = await ChangeAsync(orderId, o => o.Status != OrderStatus.Allocated ? o : OrderStateMachine.Transition(o, OrderStatus.Fulfilling, clock.GetUtcNow(), "fulfilment requested") with
        {
            PendingSteps =
            [
                .. o.PendingSteps,
                .. o.Shipments.Select(s => new PendingStep($"fulfil:{o.Id}:{s.WarehouseId}", PendingStepKind.RequestFulfilment, Money.Zero(o.Currency), s.WarehouseId, s.Items)),
            ],
        }, cancellationToken);
        return order is null ? null : await FinishPendingStepsAsync(order, cancellationToken);
    }

    /// <summary>
    /// A warehouse confirmed a shipment left (or arrived): the shipment and the order status advance, and a shipment
    /// leaving records a <see cref="PendingStepKind.Ship"/> step in the same write (its units leave the warehouse's level
    /// and committed units), then done under its own key. A message already applied (same <paramref name="messageId"/>)
    /// changes nothing but finishing what is pending. Null when the order does not exist.
    /// </summary>
    public async Task<Order?> ApplyShipmentAsync(string orderId, string warehouseId, ShipmentStatus status, string? trackingNumber, string messageId, CancellationToken cancellationToken = default)
    {
        var order = await ChangeAsync(orderId, order =>
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
            var leaving = order.Shipments.Where(s => s.WarehouseId == warehouseId && s.Status == ShipmentStatus.Requested && status >= ShipmentStatus.Shipped)
                .Select(s => new PendingStep($"ship:{orderId}:{warehouseId}", PendingStepKind.Ship, Money.Zero(order.Currency), s.WarehouseId, s.Items));
            var updated = order with { Shipments = shipments, ProcessedMessages = [.. order.ProcessedMessages, messageId], PendingSteps = [.. order.PendingSteps, .. leaving] };
            return OrderStateMachine.Advance(updated, OrderStateMachine.StatusFromShipments(updated), clock.GetUtcNow(), $"{warehouseId}: {status}");
        }, cancellationToken);
        return order is null ? null : await FinishPendingStepsAsync(order, cancellationToken);
    }

    /// <summary>
    /// A warehouse received returned goods: the return, each line's running totals and what it owes (the refund, the
    /// units back on hand at <paramref name="warehouseId"/>) are recorded on the order in one write (see
    /// <see cref="ReturnRules.Receive"/>), then done one by one, each under its own key. A repeat of the message (or a
    /// retry after a crash) only finishes what is still pending. Null when the order does not exist.
    /// </summary>
    public async Task<Order?> ReceiveReturnAsync(string orderId, string warehouseId, IReadOnlyList<AllocatedItem> items, string messageId, CancellationToken cancellationToken = default)
    {
        var order = await ChangeAsync(orderId, order => ReturnRules.Receive(order, warehouseId, items, messageId, clock.GetUtcNow()), cancellationToken);
        return order is null ? null : await FinishPendingStepsAsync(order, cancellationToken);
    }

    /// <summary>
    /// Cancels an order that has not shipped. Before fulfilment was requested the cancel and what it owes (each shipment
    /// back on hand, the capture refunded) are recorded in one write, then done one by one, each under its own key. Once
    /// fulfilment was requested (fulfilling) the goods may be on their way: the cancel is recorded as requested with a
    /// message to each warehouse owed, and it completes only when every warehouse confirms
    /// (<see cref="ApplyCancellationAnswerAsync"/>). Cancelling again (or retrying after a crash) finishes what is still
    /// pending and repeats nothing.
    /// </summary>
    public async Task<CancelOutcome> CancelAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var before = await GetAsync(orderId, cancellationToken);
        if (before is null)
        {
            return CancelOutcome.NotFound;
        }

        var order = before.Status == OrderStatus.Cancelled || before.Cancellation is not null || !OrderStateMachine.CanCancel(before.Status)
            ? before
            : await ChangeAsync(orderId, o => WithCancel(o, clock.GetUtcNow()), cancellationToken) ?? before;
        await FinishPendingStepsAsync(order, cancellationToken);
        return order switch
        {
            { Status: OrderStatus.Cancelled } => before.Status == OrderStatus.Cancelled ? CancelOutcome.AlreadyCancelled : CancelOutcome.Cancelled,
            { Status: OrderStatus.Fulfilling, Cancellation.Refused: false } => CancelOutcome.CancelRequested,
            _ => CancelOutcome.TooLate,
        };
    }

    /// <summary>
    /// The cancel the order's state allows at the moment of the write: none once cancelled, asked or too late; a request to
    /// the warehouses once fulfilment was requested; else cancelled at once.
    /// </summary>
    static Order WithCancel(Order order, DateTimeOffset now)
    {
        if (order.Status == OrderStatus.Cancelled || order.Cancellation is not null || !OrderStateMachine.CanCancel(order.Status))
        {
            return order;
        }

        if (order.Status == OrderStatus.Fulfilling)
        {
            return order with
            {
                Cancellation = new FulfilmentCancellation(now, []),
                Timeline = [.. order.Timeline, new OrderEvent(now, order.Status, "cancel requested: asking the warehouses to stop")],
                PendingSteps =
                [
                    .. order.PendingSteps,
                    .. order.Shipments.Select(s => new PendingStep($"cancel-request:{order.Id}:{s.WarehouseId}", PendingStepKind.RequestCancellation, Money.Zero(order.Currency), s.WarehouseId, s.Items)),
                ],
            };
        }

        return Cancelled(order, now, "cancelled by the customer");
    }

    static Order Cancelled(Order order, DateTimeOffset now, string note)
        => OrderStateMachine.Transition(order, OrderStatus.Cancelled, now, note) with
        {
            PendingSteps =
            [
                .. order.PendingSteps,
                .. order.Shipments.Select(s => new PendingStep($"cancel:{order.Id}:{s.WarehouseId}", PendingStepKind.Restock, Money.Zero(order.Currency), s.WarehouseId, s.Items)),
                new PendingStep("cancel:" + order.Id, PendingStepKind.Refund, order.Totals.GrandTotal),
            ],
        };

    /// <summary>
    /// A warehouse answered a cancellation request. Confirmed by every warehouse (and none shipped): the order is
    /// cancelled, its stock put back and the capture refunded, recorded in the same write as the answer and then done
    /// under their keys. A warehouse that already shipped (said so, or its shipment was confirmed) refuses the cancel:
    /// the order ships (a warehouse that had stopped its part is asked to ship it after all), and returns are the way back. A repeated message changes nothing. Null when the order does not
    /// exist; <see cref="MalformedWarehouseMessageException"/> when no cancel was asked of that warehouse.
    /// </summary>
    public async Task<Order?> ApplyCancellationAnswerAsync(string orderId, string warehouseId, FulfilmentCancellationOutcome outcome, string messageId, CancellationToken cancellationToken = default)
    {
        var order = await ChangeAsync(orderId, order =>
        {
            if (order.ProcessedMessages.Contains(messageId))
            {
                return order;
            }

            var shipment = order.Shipments.FirstOrDefault(s => s.WarehouseId == warehouseId);
            if (order.Cancellation is not { } cancellation || shipment is null)
            {
                throw new MalformedWarehouseMessageException($"No cancellation of order '{orderId}' was asked of {warehouseId}.");
            }

            var now = clock.GetUtcNow();
            var answered = order with { ProcessedMessages = [.. order.ProcessedMessages, messageId] };
            if (order.Status == OrderStatus.Cancelled)
            {
                return answered;
            }

            var stopped = outcome == FulfilmentCancellationOutcome.Cancelled && shipment.Status == ShipmentStatus.Requested;
            if (order.Status == OrderStatus.Fulfilling && !cancellation.Refused && stopped)
            {
                var confirmed = answered with { Cancellation = cancellation with { ConfirmedBy = [.. cancellation.ConfirmedBy.Append(warehouseId).Distinct(StringComparer.Ordinal)] } };
                return order.Shipments.All(s => confirmed.Cancellation.ConfirmedBy.Contains(s.WarehouseId))
                    ? Cancelled(confirmed, now, "cancelled: every warehouse stopped its shipment")
                    : confirmed;
            }

            // Refused (this warehouse or another already shipped): the order ships, so each warehouse that had stopped its
            // part is asked to ship it after all.
            var refusedBy = cancellation.RefusedBy ?? (stopped ? order.Shipments.First(s => s.Status != ShipmentStatus.Requested).WarehouseId : warehouseId);
            var restart = stopped ? cancellation.ConfirmedBy.Append(warehouseId).Distinct(StringComparer.Ordinal) : cancellation.ConfirmedBy;
            return answered with
            {
                Cancellation = cancellation with { RefusedBy = refusedBy, ConfirmedBy = [] },
                Timeline = cancellation.Refused ? order.Timeline : [.. order.Timeline, new OrderEvent(now, order.Status, $"cancel refused: {refusedBy} already shipped")],
                PendingSteps =
                [
                    .. order.PendingSteps,
                    .. order.Shipments.Where(s => restart.Contains(s.WarehouseId)).Select(s => new PendingStep($"fulfil-again:{order.Id}:{s.WarehouseId}:{messageId}", PendingStepKind.RequestFulfilment, Money.Zero(order.Currency), s.WarehouseId, s.Items)),
                ],
            };
        }, cancellationToken);
        return order is null ? null : await FinishPendingStepsAsync(order, cancellationToken);
    }

    /// <summary>Does each step the order still owes (each idempotent by its key), striking it off once done.</summary>
    public async Task<Order> FinishPendingStepsAsync(Order order, CancellationToken cancellationToken = default)
    {
        foreach (var step in order.PendingSteps)
        {
            var shipment = new PlannedShipment(step.WarehouseId ?? string.Empty, step.Items ?? []);
            await (step.Kind switch
            {
                PendingStepKind.Restock => inventory.RestockAsync(order.Id, shipment, cancellationToken),
                PendingStepKind.ReturnToStock => inventory.ReturnToStockAsync(step.Key, shipment, cancellationToken),
                PendingStepKind.Ship => ShipAsync(order.Id, shipment, cancellationToken),
                // Sent again after a crash before it was struck off: warehouses key requests by order and warehouse.
                PendingStepKind.RequestFulfilment => queues.SendAsync(WarehouseQueues.FulfilmentRequests, WarehouseMessageParser.Format(new FulfilmentRequest(order.Id, shipment.WarehouseId, shipment.Items, order.ShippingAddress, TraceOf(order))), cancellationToken),
                PendingStepKind.RequestCancellation => queues.SendAsync(WarehouseQueues.FulfilmentCancellations, WarehouseMessageParser.Format(new FulfilmentCancellationRequest(order.Id, shipment.WarehouseId, shipment.Items, TraceOf(order))), cancellationToken),
                _ => payments.RefundAsync(order.Payment.AuthorizationId, step.Amount, step.Key, cancellationToken),
            });

            order = await ChangeAsync(order.Id, o => o.PendingSteps.All(p => p.Key != step.Key) ? o : o with
            {
                PendingSteps = [.. o.PendingSteps.Where(p => p.Key != step.Key)],
                Payment = step.Kind == PendingStepKind.Refund && RefundedInFull(o, step) ? o.Payment with { State = PaymentState.Refunded } : o.Payment,
            }, cancellationToken) ?? order;
        }

        return order;
    }

    /// <summary>
    /// The units leave the warehouse's level (once, by the order), then they are published for the replenishment
    /// context's demand history (<see cref="ShippedUnits"/>, id = order and warehouse: sent again only when the step is
    /// finished again after a crash, and a reader dedupes on the id).
    /// </summary>
    async Task ShipAsync(string orderId, PlannedShipment shipment, CancellationToken cancellationToken)
    {
        await inventory.ShipAsync(orderId, shipment, cancellationToken);
        var shipped = new ShippedUnits
        {
            Id = $"ship:{orderId}:{shipment.WarehouseId}",
            WarehouseId = shipment.WarehouseId,
            ShippedAt = clock.GetUtcNow(),
            Lines = [.. shipment.Items.Select(i => new ShippedLine(i.Sku, i.Quantity))],
        };
        await queues.SendAsync(ShippedUnits.Queue, JsonSerializer.Serialize(shipped, CommerceJson.Options), cancellationToken);
    }

    /// <summary>The trace a message about the order continues: the work sending it, or else (a sweep finishing it) the checkout's.</summary>
    static string? TraceOf(Order order) => TraceParents.Current() ?? order.TraceParent;

    /// <summary>The refund <paramref name="step"/> pays back the whole capture, or is the last one an order refunded by its returns owes.</summary>
    static bool RefundedInFull(Order order, PendingStep step)
        => step.Amount >= order.Payment.Amount
            || (order.Status == OrderStatus.Refunded && order.PendingSteps.All(p => p.Key == step.Key || p.Kind != PendingStepKind.Refund));

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
