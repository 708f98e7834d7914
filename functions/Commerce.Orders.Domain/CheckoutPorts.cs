using System.Collections.Concurrent;
using Commerce.Contracts;

namespace Commerce.Orders.Domain;

/// <summary>A cart line as priced for checkout.</summary>
public sealed record PricedCartLine(string Sku, int Quantity, Money UnitPrice, Money LineTotal);

/// <summary>
/// The cart re-priced at checkout: what the order will charge. <see cref="Subtotal"/>: the lines before discounts (their
/// sum when null); <see cref="ETag"/>: the version of the cart that was priced.
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
    string? ETag = null)
{
    public Money LinesSubtotal => Subtotal ?? Lines.Aggregate(Money.Zero(Currency), (sum, l) => sum + l.LineTotal);
}

/// <summary>A cart as checkout admits it: who owns it, its version (ETag) and its generation (a customer's next cart reuses the id).</summary>
public sealed record CheckoutCartRef(string CartId, CartOwner Owner, string Generation, string ETag);

/// <summary>What checkout needs from the cart context (the cart app provides the adapter).</summary>
public interface ICheckoutCart
{
    /// <summary>The cart's owner, version and generation, without pricing it; null when there is no such cart.</summary>
    Task<CheckoutCartRef?> FindAsync(string cartId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The cart re-priced for delivery to <paramref name="shipTo"/> (tax and shipping of that address), when it still
    /// belongs to <paramref name="owner"/>; null when it is gone or not theirs.
    /// </summary>
    Task<PricedCheckoutCart?> GetForCheckoutAsync(string cartId, CartOwner owner, ShippingAddress shipTo, CancellationToken cancellationToken = default);

    Task ClearAsync(string cartId, CancellationToken cancellationToken = default);

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

    public IReadOnlyCollection<(string Code, string OrderId)> ConsumedPromotions => consumed.ToArray();

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
