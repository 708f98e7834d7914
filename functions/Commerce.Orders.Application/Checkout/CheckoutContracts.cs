using Commerce.Contracts;
using Commerce.Orders.Domain;

namespace Commerce.Orders.Checkout;

/// <summary>
/// The saga's input: the checkout request plus the time limits the trigger read from options (orchestrators read no
/// configuration). No cart token: the cart's claim (<see cref="CartClaim"/>) names its verified owner and what was reviewed.
/// <see cref="PaymentToken"/> is sealed (<see cref="PaymentTokenSeal"/>): the engine stores inputs and history in plain text.
/// </summary>
public sealed record CheckoutInput(
    string OrderId,
    string CartId,
    string Email,
    ShippingAddress ShippingAddress,
    string PaymentToken,
    TimeSpan ReservationHold,
    TimeSpan PaymentActionTimeout)
{
    /// <summary>The orchestration this input starts: the orders app's <c>CheckoutSaga</c> function.</summary>
    public const string Orchestration = "CheckoutSaga";
}

/// <summary>How a checkout ended: an order, or a failure with a stable code (see <see cref="CheckoutFailureCodes"/>).</summary>
public sealed record CheckoutOutcome(string OrderId, bool Succeeded, string? FailureCode = null, string? FailureReason = null, IReadOnlyList<string>? Notes = null);

public sealed record ReserveCartInput(string OrderId, string CartId, ShippingAddress ShipTo, TimeSpan Hold);

public sealed record CartClaimInput(string CartId, string OrderId);

/// <summary>The re-priced cart and the stock held for it.</summary>
public sealed record ReservedCart(PricedCheckoutCart Cart, AllocationPlan Plan);

public sealed record ReleaseStockInput(string OrderId, IReadOnlyList<string> Skus);

/// <summary>The payment step's input; <see cref="PaymentToken"/> sealed, as in <see cref="CheckoutInput"/>.</summary>
public sealed record AuthorizePaymentInput(string OrderId, string PaymentToken, Money Amount);

public sealed record ShipmentInput(string OrderId, PlannedShipment Shipment);

public sealed record AllocateOrderInput(string OrderId, IReadOnlyList<PlannedShipment> Shipments);

/// <summary>A refund of the saga's capture; <see cref="RefundKey"/> makes a repeated refund a no-op at the provider.</summary>
public sealed record RefundInput(string AuthorizationId, Money Amount, string RefundKey);

public sealed record CreateOrderInput(
    CheckoutInput Checkout,
    PricedCheckoutCart Cart,
    IReadOnlyList<PlannedShipment> Shipments,
    string AuthorizationId,
    IReadOnlyList<OrderEvent> Timeline,
    CompleteOrderInput Completion);

/// <summary>The order stands; <see cref="CompletionFailures"/> lists the parts of completing it that failed on the first try.</summary>
public sealed record OrderPlaced(IReadOnlyList<string> CompletionFailures);

public sealed record CompleteOrderInput(
    string OrderId,
    string CartId,
    IReadOnlyList<string> PromoCodes,
    string? CustomerId,
    IReadOnlyList<PlannedShipment> Shipments,
    ShippingAddress ShippingAddress)
{
    /// <summary>What completing a standing order takes, read back from the order itself (after a restart lost its saga).</summary>
    public static CompleteOrderInput Of(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(
            order.Id,
            order.CartId,
            order.PromoCodes,
            order.CustomerId,
            [.. order.Shipments.Select(s => new PlannedShipment(s.WarehouseId, s.Items))],
            order.ShippingAddress);
    }
}

/// <summary>
/// The saga's custom status while the customer must act on the payment: the stage, and the (non-secret) authorization
/// id the order status uses to fetch the provider's client secret for the buyer. Other stages are plain strings.
/// </summary>
public sealed record PaymentActionStage(
    [property: System.Text.Json.Serialization.JsonPropertyName("authorizationId")] string AuthorizationId)
{
    public const string Name = "awaiting_payment_action";

    [System.Text.Json.Serialization.JsonPropertyName("stage")]
    public string Stage => Name;
}
