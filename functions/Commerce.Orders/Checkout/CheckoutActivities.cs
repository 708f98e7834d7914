using Commerce.Contracts;
using Commerce.Orders.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.Checkout;

/// <summary>The saga's steps: each one call into the domain, idempotent for a given order so a retry is harmless.</summary>
public sealed class CheckoutActivities(
    ICheckoutCart carts,
    CartClaims claims,
    InventoryService inventory,
    IPaymentGateway payments,
    OrderService orders,
    OrderCompletion completion,
    CheckoutsInFlight inFlight,
    IClickstreamPublisher clickstream,
    TimeProvider clock,
    IOptions<OrdersOptions> options,
    PaymentTokenSeal seal,
    ILogger<CheckoutActivities> logger)
{
    /// <summary>
    /// Re-prices the cart for the ship-to address, checks it against what the shopper reviewed, and holds its stock: one
    /// step, safe to repeat (a repeat re-plans the same order's holds). Only the order holding the cart's claim gets it.
    /// </summary>
    [Function(nameof(ReserveCart))]
    public async Task<ReservedCart> ReserveCart([ActivityTrigger] ReserveCartInput input, CancellationToken cancellationToken)
    {
        CheckoutTelemetry.Step(input.OrderId);
        var claim = await claims.HeldByAsync(input.CartId, input.OrderId, cancellationToken)
            ?? throw new CartUnavailableException($"Cart {input.CartId} is not claimed by checkout {input.OrderId}.");
        var cart = await carts.GetForCheckoutAsync(input.CartId, claim.Owner, input.ShipTo, cancellationToken)
            ?? throw new CartUnavailableException($"Cart {input.CartId} is gone or no longer the claim's owner's.");
        if (cart.Lines.Count == 0 || cart.Lines.Any(l => l.Quantity <= 0))
        {
            throw new CartUnavailableException($"Cart {input.CartId} has nothing to check out.");
        }

        claim.Reviewed.Verify(cart);

        var lines = cart.Lines.Select(l => new AllocationLine(l.Sku, l.Quantity)).ToList();
        AllocationPlan plan;
        try
        {
            plan = await inventory.ReserveAsync(input.OrderId, lines, options.Value.OnlineLocations, input.Hold, cancellationToken);
        }
        catch (OutOfStockException shortage)
        {
            CheckoutTelemetry.StockOut(shortage);
            throw;
        }

        logger.LogDebug("Reserved {OrderId} in {Shipments} shipment(s)", input.OrderId, plan.Shipments.Count);
        return new ReservedCart(cart, plan);
    }

    /// <summary>
    /// The checkout failed (the last compensation): its cart may be checked out again (a claim taken over meanwhile is
    /// left alone) and it no longer counts as in flight.
    /// </summary>
    [Function(nameof(EndFailedCheckout))]
    public async Task EndFailedCheckout([ActivityTrigger] CartClaimInput input, CancellationToken cancellationToken)
    {
        CheckoutTelemetry.Compensation(input.OrderId, "cart claim");
        await claims.ReleaseAsync(input.CartId, input.OrderId, cancellationToken);
        await inFlight.ForgetAsync(input.OrderId, cancellationToken);
    }

    /// <summary>Claims the order's promotion uses (all or nothing); a code that can no longer be redeemed ends the checkout.</summary>
    [Function(nameof(ClaimPromotions))]
    public async Task ClaimPromotions([ActivityTrigger] OrderPromotionCodes input, CancellationToken cancellationToken)
    {
        CheckoutTelemetry.Step(input.OrderId);
        if (!await carts.ClaimPromotionsAsync(input, cancellationToken))
        {
            throw new PromotionUnavailableException($"A promotion code of order {input.OrderId} can no longer be redeemed.");
        }
    }

    [Function(nameof(ReleasePromotions))]
    public Task ReleasePromotions([ActivityTrigger] OrderPromotionCodes input, CancellationToken cancellationToken)
    {
        CheckoutTelemetry.Compensation(input.OrderId, "promotion claims");
        return carts.ReleasePromotionsAsync(input, cancellationToken);
    }

    [Function(nameof(ReleaseStock))]
    public Task ReleaseStock([ActivityTrigger] ReleaseStockInput input, CancellationToken cancellationToken)
    {
        CheckoutTelemetry.Compensation(input.OrderId, "reservations");
        return inventory.ReleaseAsync(input.OrderId, input.Skus, cancellationToken);
    }

    /// <summary>Authorizes the payment with the checkout's payment token, unsealed here only (it travels and rests sealed).</summary>
    [Function(nameof(AuthorizePayment))]
    public Task<PaymentAuthorization> AuthorizePayment([ActivityTrigger] AuthorizePaymentInput input, CancellationToken cancellationToken)
    {
        CheckoutTelemetry.Step(input.OrderId);
        return payments.AuthorizeAsync(input.OrderId, seal.Unseal(input.OrderId, input.PaymentToken), input.Amount, cancellationToken);
    }

    /// <summary>The order's payment as the provider knows it: how the saga settles a call whose answer was lost (its client secret stays out of the saga's history).</summary>
    [Function(nameof(FindPayment))]
    public async Task<PaymentRecord?> FindPayment([ActivityTrigger] string orderId, CancellationToken cancellationToken)
        => await payments.FindByOrderAsync(orderId, cancellationToken) is { } payment ? payment with { ClientSecret = null } : null;

    /// <summary>Whether the order document was written (an order that stands is completed, never compensated).</summary>
    [Function(nameof(OrderExists))]
    public async Task<bool> OrderExists([ActivityTrigger] string orderId, CancellationToken cancellationToken)
        => await orders.GetAsync(orderId, cancellationToken) is not null;

    /// <summary>
    /// Voids an authorization. One the provider shows captured (a capture whose answer was lost, its outcome unknown to
    /// the saga) is never voided: it is refunded under the key the saga's own refund of a capture uses, so at most once.
    /// </summary>
    [Function(nameof(VoidPayment))]
    public async Task VoidPayment([ActivityTrigger] string authorizationId, CancellationToken cancellationToken)
    {
        if (await payments.GetAsync(authorizationId, cancellationToken) is { State: PaymentState.Captured } captured)
        {
            logger.LogWarning("Authorization {AuthorizationId} of {OrderId} turned out captured: refunding instead of voiding", authorizationId, captured.OrderId);
            await payments.RefundAsync(authorizationId, captured.Amount, RefundKey(captured.OrderId), cancellationToken);
            return;
        }

        await payments.VoidAsync(authorizationId, cancellationToken);
    }

    /// <summary>The provider idempotency key of the refund a failed checkout makes of its capture.</summary>
    public static string RefundKey(string orderId) => "checkout:" + orderId;

    [Function(nameof(CommitShipment))]
    public async Task CommitShipment([ActivityTrigger] ShipmentInput input, CancellationToken cancellationToken)
    {
        CheckoutTelemetry.Step(input.OrderId);
        try
        {
            await inventory.CommitAsync(input.OrderId, input.Shipment, cancellationToken);
        }
        catch (OutOfStockException shortage)
        {
            CheckoutTelemetry.StockOut(shortage);
            throw;
        }
    }

    [Function(nameof(RestockShipment))]
    public Task RestockShipment([ActivityTrigger] ShipmentInput input, CancellationToken cancellationToken)
    {
        CheckoutTelemetry.Compensation(input.OrderId, "committed stock");
        return inventory.RestockAsync(input.OrderId, input.Shipment, cancellationToken);
    }

    [Function(nameof(CapturePayment))]
    public Task CapturePayment([ActivityTrigger] string authorizationId, CancellationToken cancellationToken)
        => payments.CaptureAsync(authorizationId, cancellationToken);

    [Function(nameof(RefundPayment))]
    public Task RefundPayment([ActivityTrigger] RefundInput input, CancellationToken cancellationToken)
        => payments.RefundAsync(input.AuthorizationId, input.Amount, input.RefundKey, cancellationToken);

    /// <summary>Creates the order (idempotent), then tries once to complete it: one step on the happy path.</summary>
    [Function(nameof(CreateOrder))]
    public async Task<OrderPlaced> CreateOrder([ActivityTrigger] CreateOrderInput input, CancellationToken cancellationToken)
    {
        var (checkout, cart) = (input.Checkout, input.Cart);
        CheckoutTelemetry.Step(checkout.OrderId);
        await orders.CreateAsync(new Order
        {
            Id = checkout.OrderId,
            Status = OrderStatus.Allocated,
            CartId = checkout.CartId,
            Email = checkout.Email,
            CustomerId = cart.CustomerId,
            PromoCodes = cart.PromoCodes,
            Currency = cart.Currency,
            Lines = [.. cart.Lines.Select(l => new OrderLine(l.Sku, l.Quantity, l.UnitPrice, l.LineTotal))],
            Totals = new OrderTotals(cart.Discounts, cart.Tax, cart.Shipping, cart.GrandTotal, cart.LinesSubtotal),
            ShippingAddress = checkout.ShippingAddress,
            Shipments = [.. input.Shipments.Select(s => new OrderShipment(s.WarehouseId, s.Items, ShipmentStatus.Requested))],
            Payment = new OrderPayment(input.AuthorizationId, PaymentState.Captured, cart.GrandTotal),
            Timeline = input.Timeline,
            TraceParent = TraceParents.Current(),
        }, cancellationToken);
        await PublishPurchaseAsync(checkout, cart, cancellationToken);
        return new OrderPlaced(await completion.TryCompleteAsync(input.Completion, cancellationToken));
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
                    Items = [.. cart.Lines.Select(l => new PurchasedItem(l.Sku, l.Quantity, l.UnitPrice.Minor))],
                    Shopper = cart.Shopper,
                }],
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Purchase event for {OrderId} was not published", checkout.OrderId);
        }
    }

    [Function(nameof(CompleteOrder))]
    public Task CompleteOrder([ActivityTrigger] CompleteOrderInput input, CancellationToken cancellationToken)
    {
        CheckoutTelemetry.Step(input.OrderId);
        return completion.CompleteAsync(input, cancellationToken);
    }
}
