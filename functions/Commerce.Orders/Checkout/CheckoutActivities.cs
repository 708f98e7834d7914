using Commerce.Contracts;
using System.Text.Json;
using Commerce.Orders.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.Checkout;

/// <summary>The saga's steps: each one call into the domain, idempotent for a given order so a retry is harmless.</summary>
public sealed class CheckoutActivities(
    ICheckoutCart carts,
    InventoryService inventory,
    IPaymentGateway payments,
    OrderService orders,
    IQueueSender queues,
    IClickstreamPublisher clickstream,
    TimeProvider clock,
    IOptions<OrdersOptions> options,
    ILogger<CheckoutActivities> logger)
{
    [Function(nameof(PriceCart))]
    public async Task<PricedCheckoutCart> PriceCart([ActivityTrigger] PriceCartInput input, CancellationToken cancellationToken)
    {
        var cart = await carts.GetForCheckoutAsync(input.CartId, input.CartToken, cancellationToken)
            ?? throw new CartUnavailableException($"Cart {input.CartId} does not exist or the cart token does not match.");
        if (cart.Lines.Count == 0 || cart.Lines.Any(l => l.Quantity <= 0))
        {
            throw new CartUnavailableException($"Cart {input.CartId} has nothing to check out.");
        }

        return cart;
    }

    [Function(nameof(ReserveStock))]
    public async Task<AllocationPlan> ReserveStock([ActivityTrigger] ReserveStockInput input, CancellationToken cancellationToken)
    {
        var plan = await inventory.ReserveAsync(input.OrderId, input.Lines, options.Value.EffectiveWarehouses, input.Hold, cancellationToken);
        logger.LogInformation("Reserved {OrderId} in {Shipments} shipment(s)", input.OrderId, plan.Shipments.Count);
        return plan;
    }

    [Function(nameof(ReleaseStock))]
    public Task ReleaseStock([ActivityTrigger] ReleaseStockInput input, CancellationToken cancellationToken)
        => inventory.ReleaseAsync(input.OrderId, input.Skus, cancellationToken);

    [Function(nameof(AuthorizePayment))]
    public Task<PaymentAuthorization> AuthorizePayment([ActivityTrigger] AuthorizePaymentInput input, CancellationToken cancellationToken)
        => payments.AuthorizeAsync(input.OrderId, input.PaymentToken, input.Amount, cancellationToken);

    [Function(nameof(VoidPayment))]
    public Task VoidPayment([ActivityTrigger] string authorizationId, CancellationToken cancellationToken)
        => payments.VoidAsync(authorizationId, cancellationToken);

    [Function(nameof(CommitShipment))]
    public Task CommitShipment([ActivityTrigger] ShipmentInput input, CancellationToken cancellationToken)
        => inventory.CommitAsync(input.OrderId, input.Shipment, cancellationToken);

    [Function(nameof(RestockShipment))]
    public Task RestockShipment([ActivityTrigger] ShipmentInput input, CancellationToken cancellationToken)
        => inventory.RestockAsync(input.OrderId, input.Shipment, cancellationToken);

    [Function(nameof(CapturePayment))]
    public Task CapturePayment([ActivityTrigger] string authorizationId, CancellationToken cancellationToken)
        => payments.CaptureAsync(authorizationId, cancellationToken);

    [Function(nameof(RefundPayment))]
    public Task RefundPayment([ActivityTrigger] RefundInput input, CancellationToken cancellationToken)
        => payments.RefundAsync(input.AuthorizationId, input.Amount, cancellationToken);

    [Function(nameof(CreateOrder))]
    public async Task CreateOrder([ActivityTrigger] CreateOrderInput input, CancellationToken cancellationToken)
    {
        var (checkout, cart) = (input.Checkout, input.Cart);
        await orders.CreateAsync(new Order
        {
            Id = checkout.OrderId,
            Status = OrderStatus.Allocated,
            CartId = checkout.CartId,
            Email = checkout.Email,
            CustomerId = cart.CustomerId,
            Currency = cart.Currency,
            Lines = [.. cart.Lines.Select(l => new OrderLine(l.Sku, l.Quantity, l.UnitPrice, l.LineTotal))],
            Totals = new OrderTotals(cart.Discounts, cart.Tax, cart.Shipping, cart.GrandTotal),
            ShippingAddress = checkout.ShippingAddress,
            Shipments = [.. input.Shipments.Select(s => new OrderShipment(s.WarehouseId, s.Items, ShipmentStatus.Requested))],
            Payment = new OrderPayment(input.AuthorizationId, PaymentState.Captured, cart.GrandTotal),
            Timeline = input.Timeline,
        }, cancellationToken);
        await PublishPurchaseAsync(checkout, cart, cancellationToken);
    }

    // The purchase joins the clickstream (session = cart). Its id is the order's, so a retried step is deduplicated
    // downstream; analytics is best-effort here and never fails an order that exists.
    async Task PublishPurchaseAsync(CheckoutInput checkout, PricedCheckoutCart cart, CancellationToken cancellationToken)
    {
        try
        {
            await clickstream.PublishAsync(
                [new StorefrontEvent
                {
                    Id = "purchase-" + checkout.OrderId,
                    Type = StorefrontEventTypes.Purchase,
                    SessionId = checkout.CartId,
                    CustomerId = cart.CustomerId,
                    Timestamp = clock.GetUtcNow(),
                    Country = checkout.ShippingAddress.Country.ToUpperInvariant(),
                    OrderId = checkout.OrderId,
                    Value = cart.GrandTotal.Minor,
                    Currency = cart.Currency,
                }],
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Purchase event for {OrderId} was not published", checkout.OrderId);
        }
    }

    [Function(nameof(ConsumePromotions))]
    public Task ConsumePromotions([ActivityTrigger] PromotionUsageInput input, CancellationToken cancellationToken)
        => carts.ConsumePromotionUsageAsync(input.Codes, input.CustomerId, input.OrderId, cancellationToken);

    [Function(nameof(ClearCart))]
    public Task ClearCart([ActivityTrigger] string cartId, CancellationToken cancellationToken)
        => carts.ClearAsync(cartId, cancellationToken);

    [Function(nameof(RequestFulfilment))]
    public Task RequestFulfilment([ActivityTrigger] FulfilmentInput input, CancellationToken cancellationToken)
    {
        var request = new FulfilmentRequest(input.OrderId, input.Shipment.WarehouseId, input.Shipment.Items, input.ShippingAddress);
        return queues.SendAsync(WarehouseQueues.FulfilmentRequests, JsonSerializer.Serialize(request, CommerceJson.Options), cancellationToken);
    }

    [Function(nameof(FinalizeStock))]
    public Task FinalizeStock([ActivityTrigger] ReleaseStockInput input, CancellationToken cancellationToken)
        => inventory.FinalizeAsync(input.OrderId, input.Skus, cancellationToken);

    [Function(nameof(MarkFulfilling))]
    public Task MarkFulfilling([ActivityTrigger] string orderId, CancellationToken cancellationToken)
        => orders.TransitionAsync(orderId, OrderStatus.Fulfilling, "fulfilment requested", cancellationToken);
}
