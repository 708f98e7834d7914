namespace Commerce.Cart.Domain;

/// <summary>
/// A promotion code (container <see cref="Container"/>, id = partition key = the upper-cased <see cref="Code"/>).
/// Kinds: <see cref="PromotionKind.PercentOff"/> (<see cref="PercentBasisPoints"/> off every eligible line),
/// <see cref="PromotionKind.AmountOff"/> (<see cref="AmountOff"/> per currency off the order, spread over the lines),
/// <see cref="PromotionKind.FreeShipping"/>, and <see cref="PromotionKind.BuyXGetY"/> (of every <see cref="BuyQuantity"/>
/// + <see cref="GetQuantity"/> eligible units, the <see cref="GetQuantity"/> cheapest are free).
/// Conditions: <see cref="MinimumSubtotal"/> per currency, a validity window, total and per-customer usage limits,
/// optional <see cref="Skus"/> scope.
/// </summary>
public sealed record Promotion
{
    public const string Container = "promotions";

    public required string Code { get; init; }

    public required PromotionKind Kind { get; init; }

    public string? Description { get; init; }

    public int PercentBasisPoints { get; init; }

    public IReadOnlyDictionary<string, long> AmountOff { get; init; } = new Dictionary<string, long>();

    public int BuyQuantity { get; init; }

    public int GetQuantity { get; init; }

    /// <summary>Eligible SKUs (percent off and buy-X-get-Y); empty: every SKU.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];

    /// <summary>Subtotal (before discounts, minor units) the cart must reach, per currency; a currency not listed has no minimum.</summary>
    public IReadOnlyDictionary<string, long> MinimumSubtotal { get; init; } = new Dictionary<string, long>();

    public DateTimeOffset? ValidFrom { get; init; }

    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>Orders that may use the code in total; null: unlimited.</summary>
    public long? MaxUses { get; init; }

    /// <summary>Orders one customer may use the code for; null: unlimited.</summary>
    public long? MaxUsesPerCustomer { get; init; }

    /// <summary>Whether this discount combines with other discounts (free shipping always combines).</summary>
    public bool Stackable { get; init; }

    public bool IsDiscount => Kind != PromotionKind.FreeShipping;

    public bool AppliesTo(string sku) => Skus.Count == 0 || Skus.Contains(sku, StringComparer.Ordinal);

    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();
}

public enum PromotionKind
{
    PercentOff,
    AmountOff,
    FreeShipping,
    BuyXGetY,
}

/// <summary>How often a code was used when orders were placed: in total and by one customer.</summary>
public sealed record PromotionUsage(long Total, long ByCustomer);

/// <summary>
/// Stacking rule, stated once: free-shipping codes combine with anything; discount codes (percent, amount, buy-X-get-Y)
/// combine only when every one of them is <see cref="Promotion.Stackable"/>. Discounts apply in a fixed order whatever
/// order the codes were entered in: buy-X-get-Y first (free units), then percentages (each on what is left of each
/// line), then fixed amounts (on what is left of the order, never below zero).
/// </summary>
public static class PromotionStacking
{
    public static bool CanCombine(Promotion candidate, IEnumerable<Promotion> applied)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!candidate.IsDiscount)
        {
            return true;
        }

        var discounts = applied.Where(p => p.IsDiscount && p.Code != candidate.Code).ToList();
        return discounts.Count == 0 || (candidate.Stackable && discounts.All(p => p.Stackable));
    }

    public static int Order(PromotionKind kind) => kind switch
    {
        PromotionKind.BuyXGetY => 0,
        PromotionKind.PercentOff => 1,
        PromotionKind.AmountOff => 2,
        _ => 3,
    };
}
