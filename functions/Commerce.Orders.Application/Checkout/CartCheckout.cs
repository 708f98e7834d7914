using System.Text.Json;
using Commerce.Cart.Domain;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Commerce.Primitives;

namespace Commerce.Orders.Checkout;

/// <summary>
/// Checkout's view of the cart context, over the cart domain itself: the cart's owner (token hash or customer) and
/// version, the cart re-priced exactly as the storefront would price it for the checkout's ship-to address, promotion
/// uses claimed for the order before payment (released when it fails, settled when it stands). Reads only: the cart
/// itself is removed by its own app, told by a <see cref="CartCheckedOut"/> message once the order exists.
/// </summary>
public sealed class CartCheckout(ICartRepository carts, CartService service, IQueueSender queues) : ICheckoutCart
{
    public async Task<CheckoutCartRef?> FindAsync(string cartId, CancellationToken cancellationToken = default)
        => await carts.FindAsync(cartId, cancellationToken) is { } stored
            ? new CheckoutCartRef(stored.Cart.Id, OwnerOf(stored.Cart), GenerationOf(stored.Cart), stored.ETag)
            : null;

    public async Task<PricedCheckoutCart?> GetForCheckoutAsync(string cartId, CartOwner owner, ShippingAddress shipTo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shipTo);
        if (await carts.FindAsync(cartId, cancellationToken) is not { } stored || OwnerOf(stored.Cart) != owner)
        {
            return null;
        }

        ShippingDestination destination;
        try
        {
            destination = CartRules.NormalizeDestination(shipTo.Country, shipTo.Region, shipTo.PostalCode);
        }
        catch (CartRuleException ex)
        {
            throw new DestinationNotServedException($"Cart {cartId}: {ex.Title}");
        }

        // Priced for where it ships: tax and shipping of the checkout's address, whatever destination the cart had; at the
        // price experiments running now, whenever this app last read them.
        var priced = await service.PriceForCheckoutAsync(stored.Cart with { Destination = destination }, cancellationToken);
        if (priced.Lines.FirstOrDefault(l => l.Status == LineStatus.Unavailable) is { } unavailable)
        {
            throw new CartUnavailableException($"Cart {cartId}: {unavailable.Sku} is no longer sold.");
        }

        if (priced.Shipping is not { } shipping)
        {
            throw new DestinationNotServedException($"Cart {cartId} cannot ship to {destination.Country} in {priced.Currency}.");
        }

        // A code the cart carries whose usage limit is reached fails the checkout: charging without the discount the
        // customer chose would be a price they did not review.
        if (priced.Promotions.FirstOrDefault(p => PromotionEligibility.IsUsageLimit(p.Reason)) is { } usedUp)
        {
            throw new PromotionUnavailableException($"Cart {cartId}: promotion {usedUp.Code} can no longer be redeemed.");
        }

        var currency = priced.Currency;
        return new PricedCheckoutCart(
            priced.Id,
            currency,
            priced.Lines.Select(l => new PricedCartLine(l.Sku, l.Quantity, Money.Of(l.UnitPrice, currency), Money.Of(l.Amount, currency))).ToArray(),
            Money.Of(priced.Discount, currency),
            Money.Of(priced.Tax ?? 0, currency),
            Money.Of(shipping, currency),
            Money.Of(priced.Total, currency),
            priced.Promotions.Where(p => p.Applied).Select(p => p.Code).ToArray(),
            priced.CustomerId,
            Money.Of(priced.Subtotal, currency),
            stored.ETag,
            stored.Cart.ShopperId);
    }

    /// <summary>The cart is not checkout's to delete: its app removes it on <see cref="CartCheckedOut"/>.</summary>
    public Task ClearAsync(string cartId, string orderId, CancellationToken cancellationToken = default)
        => queues.SendAsync(CartCheckedOut.Queue, JsonSerializer.Serialize(new CartCheckedOut(cartId, orderId), CommerceJson.Options), cancellationToken);

    public async Task<bool> ClaimPromotionsAsync(OrderPromotionCodes promotions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotions);
        var outcomes = await service.RedeemAsync(promotions.Codes, Claimant(promotions), promotions.OrderId, cancellationToken);
        return outcomes.Values.All(o => o is RedemptionOutcome.Redeemed or RedemptionOutcome.AlreadyRedeemed);
    }

    public Task ReleasePromotionsAsync(OrderPromotionCodes promotions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotions);
        return service.ReleaseAsync(promotions.Codes, Claimant(promotions), promotions.OrderId, cancellationToken);
    }

    public Task ConsumePromotionUsageAsync(IReadOnlyList<string> codes, string? customerId, string orderId, CancellationToken cancellationToken = default)
        => service.SettleAsync(codes, orderId, cancellationToken);

    static string Claimant(OrderPromotionCodes promotions) => PromotionClaimants.Of(promotions.CustomerId, promotions.Email);

    static CartOwner OwnerOf(ShoppingCart cart) => new(cart.TokenHash, cart.CustomerId);

    /// <summary>A customer's cart keeps its id across orders; its creation time tells one cart from the next.</summary>
    static string GenerationOf(ShoppingCart cart) => cart.CreatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
