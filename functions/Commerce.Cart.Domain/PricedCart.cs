namespace Commerce.Cart.Domain;

/// <summary>
/// A cart priced now: what GET returns. Every amount is in minor units of <see cref="Currency"/>.
/// <see cref="Total"/> = <see cref="Subtotal"/> − <see cref="Discount"/> + <see cref="Shipping"/> (+ <see cref="Tax"/> when
/// prices exclude tax). Shipping and tax are null until a destination is set.
/// </summary>
public sealed record PricedCart
{
    public required string Id { get; init; }

    public required string Currency { get; init; }

    public string? CustomerId { get; init; }

    public required IReadOnlyList<PricedLine> Lines { get; init; }

    public required IReadOnlyList<PromotionResult> Promotions { get; init; }

    public ShippingDestination? Destination { get; init; }

    public long Subtotal { get; init; }

    public long Discount { get; init; }

    public long? Shipping { get; init; }

    public bool FreeShipping { get; init; }

    public long? Tax { get; init; }

    /// <summary>True: tax is included in the prices (EU style); false: added on top (US style); null: no destination yet.</summary>
    public bool? PricesIncludeTax { get; init; }

    public long Total { get; init; }

    public int WeightGrams { get; init; }

    /// <summary>True when every line can be ordered as it stands (no out-of-stock or unavailable lines).</summary>
    public bool Orderable { get; init; }
}

/// <summary>
/// One line priced now. <see cref="Status"/>: <see cref="LineStatus.Ok"/>, <see cref="LineStatus.OutOfStock"/> (fewer
/// available than asked: still priced, flagged) or <see cref="LineStatus.Unavailable"/> (unknown, archived or not sold
/// in the currency: priced at zero). <see cref="PriceChanged"/> tells the client the unit price differs from when the
/// line was added.
/// </summary>
public sealed record PricedLine(
    string Sku,
    string? Name,
    int Quantity,
    long UnitPrice,
    long UnitPriceWhenAdded,
    bool PriceChanged,
    long Amount,
    long Discount,
    long Tax,
    LineStatus Status,
    long Available);

public enum LineStatus
{
    Ok,
    OutOfStock,
    Unavailable,
}

/// <summary>A promotion code on the cart: applied with its discount, or not (and why).</summary>
public sealed record PromotionResult(string Code, PromotionKind? Kind, bool Applied, long Discount, string? Reason);
