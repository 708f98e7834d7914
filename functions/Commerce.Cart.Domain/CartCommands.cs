namespace Commerce.Cart.Domain;

/// <summary>A change a client asks for; validated against the catalog and the rules by <see cref="CartService"/>.</summary>
public abstract record CartCommand;

/// <summary>Adds <see cref="Quantity"/> units of a SKU (to its line when there is one).</summary>
public sealed record AddLine(string Sku, int Quantity) : CartCommand;

public sealed record SetQuantity(string Sku, int Quantity) : CartCommand;

public sealed record RemoveLine(string Sku) : CartCommand;

public sealed record ApplyPromotionCode(string Code) : CartCommand;

public sealed record RemovePromotionCode(string Code) : CartCommand;

public sealed record SetDestination(ShippingDestination Destination) : CartCommand;

/// <summary>A line's quantity changed by <see cref="Delta"/> units (positive: added); published to the clickstream.</summary>
public sealed record CartLineChanged(string CartId, string? CustomerId, string Sku, int Delta, long UnitPrice, string Currency);

/// <summary>The outcome of a command or merge: the cart now (priced), whether it was written, and what changed.</summary>
public sealed record CartResult(StoredCart Cart, PricedCart Priced, bool Stale, IReadOnlyList<CartLineChanged> Changes, IReadOnlyList<string>? DroppedPromotionCodes = null);
