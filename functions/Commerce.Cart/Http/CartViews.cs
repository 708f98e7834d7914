using Commerce.Contracts;

namespace Commerce.Cart.Http;

/// <summary>
/// A priced cart as the API writes it (<see cref="PricedCart"/>, which prices in minor units of the cart's currency):
/// every amount is a <see cref="Money"/>, the one money shape of every app.
/// </summary>
public sealed record CartView(
    string Id,
    string Currency,
    string? CustomerId,
    IReadOnlyList<CartLineView> Lines,
    IReadOnlyList<CartPromotionView> Promotions,
    ShippingDestination? Destination,
    Money Subtotal,
    Money Discount,
    Money? Shipping,
    bool FreeShipping,
    Money? Tax,
    bool? PricesIncludeTax,
    Money Total,
    int WeightGrams,
    bool Orderable)
{
    public static CartView Of(PricedCart cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        Money Amount(long minor) => Money.Of(minor, cart.Currency);
        return new CartView(
            cart.Id,
            cart.Currency,
            cart.CustomerId,
            [.. cart.Lines.Select(l => new CartLineView(l.Sku, l.Name, l.Quantity, Amount(l.UnitPrice), Amount(l.UnitPriceWhenAdded), l.PriceChanged, Amount(l.Amount), Amount(l.Discount), Amount(l.Tax), l.Status, l.Available))],
            [.. cart.Promotions.Select(p => new CartPromotionView(p.Code, p.Kind, p.Applied, Amount(p.Discount), p.Reason))],
            cart.Destination,
            Amount(cart.Subtotal),
            Amount(cart.Discount),
            cart.Shipping is { } shipping ? Amount(shipping) : null,
            cart.FreeShipping,
            cart.Tax is { } tax ? Amount(tax) : null,
            cart.PricesIncludeTax,
            Amount(cart.Total),
            cart.WeightGrams,
            cart.Orderable);
    }
}

/// <summary>One priced line (<see cref="PricedLine"/>), its amounts as <see cref="Money"/>.</summary>
public sealed record CartLineView(string Sku, string? Name, int Quantity, Money UnitPrice, Money UnitPriceWhenAdded, bool PriceChanged, Money Amount, Money Discount, Money Tax, LineStatus Status, long Available);

/// <summary>A promotion code on the cart (<see cref="PromotionResult"/>), its discount as <see cref="Money"/>.</summary>
public sealed record CartPromotionView(string Code, PromotionKind? Kind, bool Applied, Money Discount, string? Reason);
