namespace Commerce.Cart.Http;

public sealed record CreateCartRequest(string? Currency);

public sealed record AddItemRequest(string? Sku, int? Quantity);

public sealed record QuantityRequest(int? Quantity);

public sealed record PromotionCodeRequest(string? Code);

public sealed record DestinationRequest(string? Country, string? Region, string? PostalCode);

/// <summary>A new cart: its id, the guest token (shown once; null for a customer cart) and the cart.</summary>
public sealed record CartCreated(string CartId, string? CartToken, CartView Cart);

/// <summary>The customer's cart after a merge, and the guest codes that could not come along.</summary>
public sealed record CartMerged(CartView Cart, IReadOnlyList<string> DroppedPromotionCodes);
