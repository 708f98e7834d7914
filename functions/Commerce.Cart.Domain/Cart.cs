using Commerce.Contracts;

namespace Commerce.Cart.Domain;

/// <summary>
/// A cart as stored (container <see cref="Container"/>, id = partition key = <see cref="Id"/>). It records what the
/// shopper chose and the unit price each line had when it was added; every read re-prices it (see <see cref="CartPricer"/>).
/// A guest cart carries the SHA-256 of its access token, never the token; a customer cart carries the customer id.
/// </summary>
public sealed record ShoppingCart
{
    public const string Container = "carts";

    public required string Id { get; init; }

    public required string Currency { get; init; }

    public string? CustomerId { get; init; }

    public string? TokenHash { get; init; }

    /// <summary>A guest cart's storefront session id (<see cref="ExperimentShoppers.SessionHeader"/> at its creation): the shopper price experiments know.</summary>
    public string? SessionId { get; init; }

    /// <summary>Who price experiments see in this cart (<see cref="ExperimentShoppers.Of"/>): the customer, else the guest's session; null: no experiment applies.</summary>
    public string? ShopperId => ExperimentShoppers.Of(CustomerId, SessionId);

    public IReadOnlyList<CartLine> Lines { get; init; } = [];

    public IReadOnlyList<string> PromotionCodes { get; init; } = [];

    public ShippingDestination? Destination { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsGuest => CustomerId is null;

    public CartLine? Line(string sku) => Lines.FirstOrDefault(l => string.Equals(l.Sku, sku, StringComparison.Ordinal));

    public int TotalQuantity => Lines.Sum(l => l.Quantity);
}

/// <summary>One line: a SKU, how many, and its unit price (minor units of the cart currency) when it was added.</summary>
public sealed record CartLine(string Sku, int Quantity, long UnitPriceWhenAdded, DateTimeOffset AddedAt);

/// <summary>Where the cart ships: ISO 3166-1 alpha-2 country, optional region (state/province code) and postal code.</summary>
public sealed record ShippingDestination(string Country, string? Region, string? PostalCode);

/// <summary>A stored cart with its concurrency token.</summary>
public sealed record StoredCart(ShoppingCart Cart, string ETag);

/// <summary>A business rule the request broke; <see cref="Type"/> is the stable problem type (suffix of the problem URI).</summary>
public sealed class CartRuleException(string type, string title, string? detail = null, int status = 400) : Exception(detail ?? title)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    /// <summary>Field errors (a 400 validation problem naming each field), when the rule is about input fields.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}

/// <summary>Stable problem types of the cart rules.</summary>
public static class CartProblems
{
    public const string CartNotFound = "cart/not-found";
    public const string QuantityLimit = "cart/quantity-limit";
    public const string SkuUnavailable = "cart/sku-unavailable";
    public const string LineNotFound = "cart/line-not-found";
    public const string PromotionUnknown = "cart/promotion-unknown";
    public const string PromotionNotApplicable = "cart/promotion-not-applicable";
    public const string PromotionNotCombinable = "cart/promotion-not-combinable";
    public const string DestinationNotServed = "cart/destination-not-served";
    public const string CurrencyUnsupported = "cart/currency-unsupported";
}

/// <summary>Mutations of a cart that enforce the limits that need no catalog (pure functions: they return a new cart).</summary>
public static class CartRules
{
    public static ShoppingCart WithQuantity(this ShoppingCart cart, string sku, int quantity, long unitPriceNow, DateTimeOffset now, CartLimits limits)
    {
        if (quantity < 1 || quantity > limits.MaxQuantityPerLine)
        {
            throw new CartRuleException(CartProblems.QuantityLimit, "The quantity is out of range.", $"A line holds 1 to {limits.MaxQuantityPerLine} units.");
        }

        var existing = cart.Line(sku);
        if (existing is null && cart.Lines.Count >= limits.MaxLines)
        {
            throw new CartRuleException(CartProblems.QuantityLimit, "The cart is full.", $"A cart holds at most {limits.MaxLines} lines.");
        }

        var total = cart.TotalQuantity - (existing?.Quantity ?? 0) + quantity;
        if (total > limits.MaxQuantityPerCart)
        {
            throw new CartRuleException(CartProblems.QuantityLimit, "The cart would hold too many units.", $"A cart holds at most {limits.MaxQuantityPerCart} units.");
        }

        var lines = existing is null
            ? [.. cart.Lines, new CartLine(sku, quantity, unitPriceNow, now)]
            : cart.Lines.Select(l => l == existing ? l with { Quantity = quantity } : l).ToList();
        return cart with { Lines = lines, UpdatedAt = now };
    }

    public static ShoppingCart WithoutLine(this ShoppingCart cart, string sku, DateTimeOffset now)
    {
        var existing = cart.Line(sku) ?? throw new CartRuleException(CartProblems.LineNotFound, "The cart has no line for this SKU.", status: 404);
        return cart with { Lines = cart.Lines.Where(l => l != existing).ToList(), UpdatedAt = now };
    }

    public static ShippingDestination NormalizeDestination(string? country, string? region, string? postalCode)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        AddressLimits.CheckDestination(errors, string.Empty, country, region, postalCode);
        if (errors.Count > 0)
        {
            throw new CartRuleException("validation", "The destination is not valid.", "Send an ISO 3166-1 alpha-2 country code and the address limits.") { Errors = errors };
        }

        var r = string.IsNullOrWhiteSpace(region) ? null : region.Trim().ToUpperInvariant();
        var p = string.IsNullOrWhiteSpace(postalCode) ? null : postalCode.Trim();
        return new ShippingDestination(country!.Trim().ToUpperInvariant(), r, p);
    }
}
