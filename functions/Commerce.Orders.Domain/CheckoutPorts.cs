using System.Collections.Concurrent;
using Commerce.Contracts;

namespace Commerce.Orders.Domain;

/// <summary>A cart line as priced for checkout.</summary>
public sealed record PricedCartLine(string Sku, int Quantity, Money UnitPrice, Money LineTotal);

/// <summary>The cart re-priced at checkout: what the order will charge.</summary>
public sealed record PricedCheckoutCart(
    string CartId,
    string Currency,
    IReadOnlyList<PricedCartLine> Lines,
    Money Discounts,
    Money Tax,
    Money Shipping,
    Money GrandTotal,
    IReadOnlyList<string> PromoCodes,
    string? CustomerId);

/// <summary>The promotion codes an order uses, and who uses them (the signed-in customer, else the checkout's email).</summary>
public sealed record OrderPromotionCodes(string OrderId, IReadOnlyList<string> Codes, string? CustomerId, string Email);

/// <summary>What checkout needs from the cart context (the cart app provides the adapter).</summary>
public interface ICheckoutCart
{
    /// <summary>The cart validated against <paramref name="cartToken"/> and re-priced; null when it does not exist or the token does not match.</summary>
    Task<PricedCheckoutCart?> GetForCheckoutAsync(string cartId, string cartToken, CancellationToken cancellationToken = default);

    Task ClearAsync(string cartId, CancellationToken cancellationToken = default);

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

/// <summary>An in-memory <see cref="ICheckoutCart"/> for local runs and tests until the cart adapter is wired.</summary>
public sealed class InMemoryCheckoutCarts : ICheckoutCart
{
    readonly ConcurrentDictionary<string, (string Token, PricedCheckoutCart Cart)> carts = new(StringComparer.Ordinal);
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

    public void Put(string cartToken, PricedCheckoutCart cart) => carts[cart.CartId] = (cartToken, cart);

    public bool Contains(string cartId) => carts.ContainsKey(cartId);

    public Task<PricedCheckoutCart?> GetForCheckoutAsync(string cartId, string cartToken, CancellationToken cancellationToken = default)
        => Task.FromResult(carts.TryGetValue(cartId, out var entry) && entry.Token == cartToken ? entry.Cart : null);

    public Task ClearAsync(string cartId, CancellationToken cancellationToken = default)
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
