using Commerce.Contracts;
using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.Warehouses;

/// <summary>
/// What warehouses push through Storage queues: absolute levels (physical units, those committed to orders and not yet
/// shipped included; see <see cref="Commerce.Contracts.WarehouseStock"/>), shipment confirmations (the shipped units
/// leave the level and the committed units) and returns (refunded at most up to what was paid, restocked at the receiving
/// warehouse, once per message). A message that fails validation throws
/// <see cref="MalformedWarehouseMessageException"/> with the reason, so the host retries it and then moves it to the poison queue.
/// </summary>
public sealed class WarehouseQueueFunctions(InventoryService inventory, OrderService orders, IOptions<OrdersOptions> options, ILogger<WarehouseQueueFunctions> logger)
{
    /// <summary>Every location: stores get levels, ship and take returns as warehouses do.</summary>
    IReadOnlyList<Warehouse> Warehouses => options.Value.Locations;

    [Function(nameof(StockLevelReceived))]
    public async Task StockLevelReceived([QueueTrigger(WarehouseQueues.StockLevels)] string message, CancellationToken cancellationToken)
    {
        var level = WarehouseMessageParser.ParseStockLevel(message, Warehouses);
        var applied = await inventory.ApplyStockLevelAsync(level.Sku, level.WarehouseId, level.OnHand, level.Sequence, cancellationToken);
        logger.LogInformation("Stock level {Sequence} of {Sku} at {WarehouseId}: {Outcome}", level.Sequence, level.Sku, level.WarehouseId, applied ? "applied" : "stale, ignored");
    }

    [Function(nameof(StoreSaleReceived))]
    public async Task StoreSaleReceived([QueueTrigger(StoreSale.Queue)] string message, CancellationToken cancellationToken)
    {
        var sale = WarehouseMessageParser.ParseStoreSale(message, Warehouses);
        var outcome = await inventory.SellAtStoreAsync(sale, cancellationToken);
        if (outcome.Redelivery)
        {
            logger.LogInformation("Store sale {Sequence} ({SaleId}) of {Quantity} {Sku} at {StoreId} delivered again: applied already, done", sale.Sequence, sale.SaleId, sale.Quantity, sale.Sku, sale.StoreId);
        }
        else if (outcome.Shortfall > 0)
        {
            logger.LogWarning("Store sale {Sequence} ({SaleId}) of {Quantity} {Sku} at {StoreId}: {Shortfall} not on hand, recorded as a shortfall", sale.Sequence, sale.SaleId, sale.Quantity, sale.Sku, sale.StoreId, outcome.Shortfall);
        }
        else
        {
            logger.LogInformation("Store sale {Sequence} ({SaleId}) of {Quantity} {Sku} at {StoreId} applied", sale.Sequence, sale.SaleId, sale.Quantity, sale.Sku, sale.StoreId);
        }
    }

    [Function(nameof(ShipmentConfirmed))]
    public async Task ShipmentConfirmed([QueueTrigger(WarehouseQueues.ShipmentConfirmations)] string message, CancellationToken cancellationToken)
    {
        var shipment = WarehouseMessageParser.ParseShipment(message, Warehouses);
        using var span = CheckoutTelemetry.StartWarehouseAnswer(nameof(ShipmentConfirmed), shipment.OrderId, shipment.WarehouseId);
        var order = await orders.ApplyShipmentAsync(shipment.OrderId, shipment.WarehouseId, shipment.Status, shipment.TrackingNumber, shipment.MessageId, cancellationToken)
            ?? throw new MalformedWarehouseMessageException($"Order '{shipment.OrderId}' does not exist.");
        CheckoutTelemetry.LinkToCheckout(span, shipment.TraceParent, order);
        logger.LogInformation("Shipment of {OrderId} from {WarehouseId} {ShipmentStatus}: order {OrderStatus}", shipment.OrderId, shipment.WarehouseId, shipment.Status, order.Status);
    }

    [Function(nameof(ReturnReceived))]
    public async Task ReturnReceived([QueueTrigger(WarehouseQueues.Returns)] string message, CancellationToken cancellationToken)
    {
        var received = WarehouseMessageParser.ParseReturn(message, Warehouses);
        using var span = CheckoutTelemetry.StartWarehouseAnswer(nameof(ReturnReceived), received.OrderId, received.WarehouseId);
        var order = await orders.ReceiveReturnAsync(received.OrderId, received.WarehouseId, received.Items, received.MessageId, cancellationToken)
            ?? throw new MalformedWarehouseMessageException($"Order '{received.OrderId}' does not exist.");
        CheckoutTelemetry.LinkToCheckout(span, received.TraceParent, order);
        logger.LogInformation("Return {MessageId} of {OrderId} received at {WarehouseId}", received.MessageId, received.OrderId, received.WarehouseId);
    }

    [Function(nameof(CancellationAnswered))]
    public async Task CancellationAnswered([QueueTrigger(WarehouseQueues.CancellationConfirmations)] string message, CancellationToken cancellationToken)
    {
        var answer = WarehouseMessageParser.ParseCancellationConfirmation(message, Warehouses);
        using var span = CheckoutTelemetry.StartWarehouseAnswer(nameof(CancellationAnswered), answer.OrderId, answer.WarehouseId);
        var order = await orders.ApplyCancellationAnswerAsync(answer.OrderId, answer.WarehouseId, answer.Outcome, answer.MessageId, cancellationToken)
            ?? throw new MalformedWarehouseMessageException($"Order '{answer.OrderId}' does not exist.");
        CheckoutTelemetry.LinkToCheckout(span, answer.TraceParent, order);
        logger.LogInformation("Cancellation of {OrderId} at {WarehouseId} answered {Outcome}: order {OrderStatus}", answer.OrderId, answer.WarehouseId, answer.Outcome, order.Status);
    }
}
