using System.Text.Json;
using System.Text.Json.Serialization;
using Commerce.Contracts;

namespace Commerce.Orders.Domain;

/// <summary>Queue names of the warehouse integration.</summary>
public static class WarehouseQueues
{
    public const string StockLevels = "stock-levels";
    public const string ShipmentConfirmations = "shipment-confirmations";
    public const string Returns = "returns";
    public const string FulfilmentRequests = "fulfilment-requests";

    /// <summary>The platform asks a warehouse to stop a shipment it was asked to fulfil (the customer cancelled).</summary>
    public const string FulfilmentCancellations = "fulfilment-cancellations";

    /// <summary>A warehouse answers a cancellation: stopped, or too late (already shipped).</summary>
    public const string CancellationConfirmations = "cancellation-confirmations";
}

/// <summary>
/// A warehouse's absolute stock level of one SKU, numbered per warehouse so stale or repeated levels are ignored; when
/// the level follows goods arriving, <paramref name="Received"/> says how many (and, when known, the replenishment
/// order they came on), passed on to replenishment as a <see cref="StockReceipt"/>.
/// </summary>
public sealed record StockLevelMessage(string WarehouseId, string Sku, long OnHand, long Sequence, ReceivedStock? Received = null)
{
    /// <summary>The receipt replenishment matches against its open orders (null when nothing arrived).</summary>
    public StockReceipt? ReceiptAt(DateTimeOffset appliedAt) => Received is null ? null : new StockReceipt
    {
        Id = StockReceipt.IdOf(WarehouseId, Sku, Sequence),
        WarehouseId = WarehouseId,
        Sku = Sku,
        Quantity = (int)Received.Quantity,
        Reference = Received.Reference,
        ReceivedAt = appliedAt,
    };
}

/// <summary>Goods that arrived with a level: units (part of the level) and, optionally, the <see cref="ReplenishmentOrder.Id"/> they came on.</summary>
public sealed record ReceivedStock(long Quantity, string? Reference = null);

/// <summary>
/// A shipment left a warehouse (<c>shipped</c>) or reached the customer (<c>delivered</c>). A warehouse may echo the
/// fulfilment request's <c>traceparent</c>; either way the answer's span links back to the checkout's trace.
/// </summary>
public sealed record ShipmentConfirmationMessage(string MessageId, string WarehouseId, string OrderId, ShipmentStatus Status, string? TrackingNumber = null, [property: JsonPropertyName(TraceParents.Name)] string? TraceParent = null);

/// <summary>Goods of an order came back to a warehouse.</summary>
public sealed record ReturnReceivedMessage(string MessageId, string WarehouseId, string OrderId, IReadOnlyList<AllocatedItem> Items, [property: JsonPropertyName(TraceParents.Name)] string? TraceParent = null);

/// <summary>What the saga asks a warehouse to ship; <c>traceparent</c> is the W3C trace context of the work that sent it.</summary>
public sealed record FulfilmentRequest(string OrderId, string WarehouseId, IReadOnlyList<AllocatedItem> Items, ShippingAddress ShippingAddress, [property: JsonPropertyName(TraceParents.Name)] string? TraceParent = null);

/// <summary>What the platform sends on <see cref="WarehouseQueues.FulfilmentCancellations"/>: stop this order's shipment.</summary>
public sealed record FulfilmentCancellationRequest(string OrderId, string WarehouseId, IReadOnlyList<AllocatedItem> Items, [property: JsonPropertyName(TraceParents.Name)] string? TraceParent = null);

/// <summary>A warehouse's answer to a cancellation request.</summary>
public enum FulfilmentCancellationOutcome
{
    /// <summary>The shipment was stopped: its goods stay on the warehouse's shelves.</summary>
    Cancelled,

    /// <summary>Too late: the shipment already left (the order ships; returns are the way back).</summary>
    AlreadyShipped,
}

/// <summary>A warehouse answered the request to cancel its shipment of an order.</summary>
public sealed record CancellationConfirmationMessage(string MessageId, string WarehouseId, string OrderId, FulfilmentCancellationOutcome Outcome, [property: JsonPropertyName(TraceParents.Name)] string? TraceParent = null);

/// <summary>A warehouse message that can never be processed; the reason travels with it to the poison queue.</summary>
public sealed class MalformedWarehouseMessageException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>Schema and known-warehouse validation of warehouse messages.</summary>
public static class WarehouseMessageParser
{
    /// <summary>Azure Storage queue messages are at most 64 KiB; anything longer did not come from a warehouse.</summary>
    public const int MaxMessageLength = 64 * 1024;

    /// <summary>Longest identifier (SKU, message, order, tracking number) a message may carry.</summary>
    public const int MaxIdLength = 128;

    static readonly JsonSerializerOptions Options = CreateOptions();

    public static StockLevelMessage ParseStockLevel(string body, IReadOnlyList<Warehouse> warehouses)
    {
        var message = Parse<StockLevelMessage>(body);
        KnownWarehouse(message.WarehouseId, warehouses);
        Identifier(message.Sku, "sku");
        Require(message.OnHand >= 0, "onHand must not be negative.");
        Require(message.Sequence > 0, "sequence must be positive.");
        if (message.Received is { } received)
        {
            Require(received.Quantity is > 0 and <= int.MaxValue, $"received.quantity must be positive and at most {int.MaxValue}.");
            Require(received.Quantity <= message.OnHand, $"received.quantity ({received.Quantity}) must not exceed the level ({message.OnHand}) the units arrived into.");
            Require(
                received.Reference is null || (received.Reference.Length <= MaxIdLength && ReplenishmentOrder.CouldDeliver(received.Reference, message.Sku, message.WarehouseId)),
                $"received.reference '{received.Reference}' is not a replenishment order to {message.WarehouseId} of {message.Sku}.");
        }

        return message;
    }

    /// <summary>A store's till sale: a known store (not a warehouse), a SKU, at least one unit, a positive sequence.</summary>
    public static StoreSale ParseStoreSale(string body, IReadOnlyList<Warehouse> locations)
    {
        var sale = Parse<StoreSale>(body);
        Require(locations.Any(l => l.Id == sale.StoreId && l.Kind == LocationKind.Store), $"storeId '{sale.StoreId}' is not a known store.");
        Identifier(sale.Sku, "sku");
        Identifier(sale.SaleId, "saleId");
        Require(sale.Quantity > 0, "quantity must be positive.");
        Require(sale.Sequence > 0, "sequence must be positive.");
        return sale;
    }

    public static ShipmentConfirmationMessage ParseShipment(string body, IReadOnlyList<Warehouse> warehouses)
    {
        var message = Parse<ShipmentConfirmationMessage>(body);
        KnownWarehouse(message.WarehouseId, warehouses);
        Identifier(message.MessageId, "messageId");
        Identifier(message.OrderId, "orderId");
        Require(message.TrackingNumber is not { Length: > MaxIdLength }, $"trackingNumber must be at most {MaxIdLength} characters.");
        Require(message.Status is ShipmentStatus.Shipped or ShipmentStatus.Delivered, "status must be shipped or delivered.");
        return message;
    }

    public static ReturnReceivedMessage ParseReturn(string body, IReadOnlyList<Warehouse> warehouses)
    {
        var message = Parse<ReturnReceivedMessage>(body);
        KnownWarehouse(message.WarehouseId, warehouses);
        Identifier(message.MessageId, "messageId");
        Identifier(message.OrderId, "orderId");
        Require(message.Items is { Count: > 0 } && message.Items.All(i => i is not null && !string.IsNullOrWhiteSpace(i.Sku) && i.Sku.Length <= MaxIdLength && i.Quantity > 0), "items must list SKUs with positive quantities.");
        return message;
    }

    public static CancellationConfirmationMessage ParseCancellationConfirmation(string body, IReadOnlyList<Warehouse> warehouses)
    {
        var message = Parse<CancellationConfirmationMessage>(body);
        KnownWarehouse(message.WarehouseId, warehouses);
        Identifier(message.MessageId, "messageId");
        Identifier(message.OrderId, "orderId");
        Require(Enum.IsDefined(message.Outcome), "outcome must be cancelled or alreadyShipped.");
        return message;
    }

    /// <summary>A message the platform sends to warehouses, in the same wire format it reads theirs.</summary>
    public static string Format<T>(T message) => JsonSerializer.Serialize(message, Options);

    static T Parse<T>(string body)
    {
        Require(body.Length <= MaxMessageLength, $"The message is longer than {MaxMessageLength} characters.");
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options) ?? throw new MalformedWarehouseMessageException("The message is empty.");
        }
        catch (JsonException ex)
        {
            throw new MalformedWarehouseMessageException($"The message is not valid JSON for {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    static void Identifier(string? value, string field)
    {
        Require(!string.IsNullOrWhiteSpace(value), $"{field} is required.");
        Require(value!.Length <= MaxIdLength, $"{field} must be at most {MaxIdLength} characters.");
    }

    static void KnownWarehouse(string? warehouseId, IReadOnlyList<Warehouse> warehouses)
        => Require(warehouses.Any(w => w.Id == warehouseId), $"warehouseId '{warehouseId}' is not a known warehouse.");

    static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new MalformedWarehouseMessageException(reason);
        }
    }

    static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
