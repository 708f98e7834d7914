using Commerce.Contracts;
using Commerce.Primitives;

namespace Commerce.Orders.Domain;

/// <summary>
/// What the shopper reviewed before paying, both optional: the cart's version (<see cref="ETag"/>, the entity tags sent
/// as <c>If-Match</c>) and the total they saw (<see cref="Total"/>, the body's <c>expectedTotal</c>). Either one, when
/// given, must still hold when checkout re-prices the cart for the ship-to address, or nothing is charged.
/// </summary>
public sealed record ReviewedCart(string? ETag = null, Money? Total = null)
{
    public static ReviewedCart Nothing { get; } = new();

    /// <summary>What the shopper's <c>If-Match</c> names: its value (entity tags); null when absent or <c>*</c> (any version).</summary>
    public static string? VersionOf(EntityTagCondition ifMatch)
    {
        ArgumentNullException.ThrowIfNull(ifMatch);
        return ifMatch.IsAny ? null : ifMatch.Value;
    }

    /// <summary>Throws <see cref="PriceChangedException"/> when the cart changed since the reviewed version or its total is not the reviewed one.</summary>
    public void Verify(PricedCheckoutCart cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        if (!EntityTagCondition.Parse(ETag).Allows(cart.ETag))
        {
            throw new PriceChangedException($"Cart {cart.CartId} changed since it was reviewed.");
        }

        if (Total is { } total && total != cart.GrandTotal)
        {
            throw new PriceChangedException($"Cart {cart.CartId} now totals {cart.GrandTotal}, not the reviewed {total}.");
        }
    }
}
