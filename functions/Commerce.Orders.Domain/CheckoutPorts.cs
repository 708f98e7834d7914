using System.Collections.Concurrent;
using Commerce.Contracts;

namespace Commerce.Orders.Domain;

/// <summary>A cart line as priced for checkout.</summary>
public sealed record PricedCartLine(string Sku, int Quantity, Money UnitPrice, Money LineTotal);

/// <summary>
/// The cart re-priced at checkout: what the order will charge. <see cref="Subtotal"/>: the lines before discounts (their
/// sum when null); <see cref="ETag"/>: the version of the cart that was priced; <see cref="Shopper"/>: who price
/// experiments saw in the cart (its purchase event names them, so the experiment counts the conversion).
/// </summary>
public sealed record PricedCheckoutCart(
    string CartId,
    string Currency,
    IReadOnlyList<PricedCartLine> Lines,
    Money Discounts,
    Money Tax,
    Money Shipping,
    Money GrandTotal,
    IReadOnlyList<string> PromoCodes,
    string? CustomerId,
    Money? Subtotal = null,
    string? ETag = null,
    string? Shopper = null)
{
    public Money LinesSubtotal => Subtotal ?? Lines.Aggregate(Money.Zero(Currency), (sum, l) => sum + l.LineTotal);
}

/// <summary>A cart as checkout admits it: who owns it, its version (ETag) and its generation (a customer's next cart reuses the id).</summary>
public sealed record CheckoutCartRef(string CartId, CartOwner Owner, string Generation, string ETag);

/// <summary>The promotion codes an order uses, and who uses them (the signed-in customer, else the checkout's email).</summary>
public sealed record OrderPromotionCodes(string OrderId, IReadOnlyList<string> Codes, string? CustomerId, string Email);

/// <summary>What checkout needs from the cart context: reads of its carts and promotions, and its word that a cart became an order.</summary>
public interface ICheckoutCart
{
    /// <summary>The cart's owner, version and generation, without pricing it; null when there is no such cart.</summary>
    Task<CheckoutCartRef?> FindAsync(string cartId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The cart re-priced for delivery to <paramref name="shipTo"/> (tax and shipping of that address), when it still
    /// belongs to <paramref name="owner"/>; null when it is gone or not theirs.
    /// </summary>
    Task<PricedCheckoutCart?> GetForCheckoutAsync(string cartId, CartOwner owner, ShippingAddress shipTo, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells the cart context that <paramref name="orderId"/> stands for the cart, so the cart's owner removes it
    /// (idempotent; the cart may still be readable for a moment after).
    /// </summary>
    Task ClearAsync(string cartId, string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims one use of each code for the order, atomically against the codes' limits and all or nothing; false when a
    /// code can no longer be redeemed (nothing stays claimed then). Idempotent per order.
    /// </summary>
    Task<bool> ClaimPromotionsAsync(OrderPromotionCodes promotions, CancellationToken cancellationToken = default);

    /// <summary>Gives back the uses the order claimed (its checkout failed); idempotent.</summary>
    Task ReleasePromotionsAsync(OrderPromotionCodes promotions, CancellationToken cancellationToken = default);

    /// <summary>The order stands: its claimed uses are kept for good (idempotent).</summary>
    Task ConsumePromotionUsageAsync(IReadOnlyList<string> codes, string? customerId, string orderId, CancellationToken cancellationToken = default);
}

/// <summary>
/// An in-memory <see cref="ICheckoutCart"/> of pre-priced carts for tests and benchmarks (the ship-to address does not
/// re-price them): a cart opens with its token, or for its customer.
/// </summary>
public sealed class InMemoryCheckoutCarts : ICheckoutCart
{
    readonly ConcurrentDictionary<string, (CartOwner Owner, PricedCheckoutCart Cart, string Generation)> carts = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<(string Code, string OrderId)> consumed = new();
    readonly ConcurrentDictionary<string, long> limits = new(StringComparer.Ordinal);
    readonly Dictionary<string, HashSet<string>> claims = new(StringComparer.Ordinal);

    public IReadOnlyCollection<(string Code, string OrderId)> ConsumedPromotions => consumed.ToArray();

    /// <summary>Orders that may use <paramref name="code"/> in total (codes without a limit are unlimited).</summary>
    public void LimitPromotion(string code, long maxUses) => limits[code] = maxUses;

    /// <summary>The orders holding a use of <paramref name="code"/>.</summary>
    public IReadOnlyCollection<string> PromotionClaims(string code)
    {
        lock (claims)
        {
            return claims.TryGetValue(code, out var orders) ? [.. orders] : [];
        }
    }


    public void Put(string cartToken, PricedCheckoutCart cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        var generation = Guid.NewGuid().ToString("N");
        carts[cart.CartId] = (new CartOwner(CartOwner.HashToken(cartToken), cart.CustomerId), cart with { ETag = cart.ETag ?? $"\"{generation}\"" }, generation);
    }

    public bool Contains(string cartId) => carts.ContainsKey(cartId);

    public Task<CheckoutCartRef?> FindAsync(string cartId, CancellationToken cancellationToken = default)
        => Task.FromResult(carts.TryGetValue(cartId, out var entry) ? new CheckoutCartRef(cartId, entry.Owner, entry.Generation, entry.Cart.ETag!) : null);

    public Task<PricedCheckoutCart?> GetForCheckoutAsync(string cartId, CartOwner owner, ShippingAddress shipTo, CancellationToken cancellationToken = default)
        => Task.FromResult(carts.TryGetValue(cartId, out var entry) && entry.Owner == owner ? entry.Cart : null);

    public Task ClearAsync(string cartId, string orderId, CancellationToken cancellationToken = default)
    {
        carts.TryRemove(cartId, out _);
        return Task.CompletedTask;
    }

    public Task<bool> ClaimPromotionsAsync(OrderPromotionCodes promotions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotions);
        lock (claims)
        {
            var holders = promotions.Codes.Select(code => claims.TryGetValue(code, out var orders) ? orders : claims[code] = new HashSet<string>(StringComparer.Ordinal)).ToList();
            var refused = promotions.Codes.Zip(holders).Any(c => !c.Second.Contains(promotions.OrderId) && c.Second.Count >= limits.GetValueOrDefault(c.First, long.MaxValue));
            if (!refused)
            {
                holders.ForEach(h => h.Add(promotions.OrderId));
            }

            return Task.FromResult(!refused);
        }
    }

    public Task ReleasePromotionsAsync(OrderPromotionCodes promotions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotions);
        lock (claims)
        {
            foreach (var code in promotions.Codes)
            {
                claims.GetValueOrDefault(code)?.Remove(promotions.OrderId);
            }
        }

        return Task.CompletedTask;
    }

    public Task ConsumePromotionUsageAsync(IReadOnlyList<string> codes, string? customerId, string orderId, CancellationToken cancellationToken = default)
    {
        foreach (var code in codes)
        {
            if (!consumed.Any(c => c.Code == code && c.OrderId == orderId))
            {
                consumed.Enqueue((code, orderId));
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Sends a message to a named queue (Azure Storage queues in Azure, the dev host's broker locally).</summary>
public interface IQueueSender
{
    Task SendAsync(string queue, string body, CancellationToken cancellationToken = default);
}
