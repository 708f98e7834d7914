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

/// <summary>What checkout needs from the cart context (the cart app provides the adapter).</summary>
public interface ICheckoutCart
{
    /// <summary>The cart validated against <paramref name="cartToken"/> and re-priced; null when it does not exist or the token does not match.</summary>
    Task<PricedCheckoutCart?> GetForCheckoutAsync(string cartId, string cartToken, CancellationToken cancellationToken = default);

    Task ClearAsync(string cartId, CancellationToken cancellationToken = default);

    Task ConsumePromotionUsageAsync(IReadOnlyList<string> codes, string? customerId, string orderId, CancellationToken cancellationToken = default);
}

/// <summary>An in-memory <see cref="ICheckoutCart"/> for local runs and tests until the cart adapter is wired.</summary>
public sealed class InMemoryCheckoutCarts : ICheckoutCart
{
    readonly ConcurrentDictionary<string, (string Token, PricedCheckoutCart Cart)> carts = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<(string Code, string OrderId)> consumed = new();

    public IReadOnlyCollection<(string Code, string OrderId)> ConsumedPromotions => consumed.ToArray();

    public void Put(string cartToken, PricedCheckoutCart cart) => carts[cart.CartId] = (cartToken, cart);

    public bool Contains(string cartId) => carts.ContainsKey(cartId);

    public Task<PricedCheckoutCart?> GetForCheckoutAsync(string cartId, string cartToken, CancellationToken cancellationToken = default)
        => Task.FromResult(carts.TryGetValue(cartId, out var entry) && entry.Token == cartToken ? entry.Cart : null);

    public Task ClearAsync(string cartId, CancellationToken cancellationToken = default)
    {
        carts.TryRemove(cartId, out _);
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
