using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Orders.Domain;

/// <summary>
/// The one checkout a cart is going to (container <see cref="Container"/>, id = pk = cart id), written when a checkout
/// is admitted: which order holds the cart, for which owner, which generation of the cart (a customer's next cart reuses
/// the id) and what the shopper reviewed. <see cref="Released"/>: the holder's checkout failed and the cart is free.
/// </summary>
public sealed record CartClaim(string CartId, string OrderId, CartOwner Owner, string Generation, DateTimeOffset ClaimedAt, ReviewedCart Reviewed, bool Released = false)
{
    public const string Container = "cart-claims";

    /// <summary>Claims outlive any checkout by far; they only answer late duplicates once the order stands.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(7);
}

public enum CartClaimOutcome
{
    /// <summary>The cart is this checkout's (newly, or again for the same order).</summary>
    Claimed,

    /// <summary>Another checkout of the same owner holds the cart: answer with its order.</summary>
    HeldByAnother,

    /// <summary>No such cart, or not the caller's: nothing is revealed.</summary>
    Unavailable,
}

public sealed record CartClaimResult(CartClaimOutcome Outcome, string? OrderId = null);

/// <summary>
/// One cart, at most one order: a checkout claims its cart with a create-if-absent, and takes over only a claim that is
/// released, of an older generation of the cart, or whose checkout is over without an order (asked of the caller),
/// with an ETag-conditional replace, so of any number of concurrent checkouts exactly one holds the cart.
/// </summary>
public sealed class CartClaims(IDocumentStore store, ICheckoutCart carts, TimeProvider clock)
{
    const int Attempts = 10;

    IDocumentContainer<CartClaim> Claims => store.Container<CartClaim>(CartClaim.Container);

    /// <summary>
    /// Claims <paramref name="cartId"/> for <paramref name="orderId"/> when the caller (a cart token or a signed-in
    /// customer) owns it; a cart already gone is answered from its claim, so a late duplicate still finds its order.
    /// </summary>
    public async Task<CartClaimResult> ClaimAsync(
        string cartId,
        string orderId,
        string? cartToken,
        string? customerId,
        ReviewedCart reviewed,
        Func<CartClaim, CancellationToken, Task<bool>> isOverWithoutOrder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isOverWithoutOrder);
        var cart = await carts.FindAsync(cartId, cancellationToken);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = await Claims.ReadAsync(cartId, cartId, cancellationToken);
            if ((cart?.Owner ?? current?.Value.Owner) is not { } owner || !owner.Admits(cartToken, customerId))
            {
                return new(CartClaimOutcome.Unavailable);
            }

            if (current?.Value is { } held && held.OrderId == orderId)
            {
                return new(CartClaimOutcome.Claimed, orderId);
            }

            if (cart is null)
            {
                return current!.Value.Released ? new(CartClaimOutcome.Unavailable) : new(CartClaimOutcome.HeldByAnother, current.Value.OrderId);
            }

            var claim = new CartClaim(cartId, orderId, cart.Owner, cart.Generation, clock.GetUtcNow(), reviewed);
            try
            {
                if (current is null)
                {
                    await Claims.CreateAsync(cartId, cartId, claim, new DocumentWriteOptions { TimeToLive = CartClaim.TimeToLive }, cancellationToken);
                    return new(CartClaimOutcome.Claimed, orderId);
                }

                var holder = current.Value;
                if (!holder.Released && holder.Generation == cart.Generation && !await isOverWithoutOrder(holder, cancellationToken))
                {
                    return new(CartClaimOutcome.HeldByAnother, holder.OrderId);
                }

                await Claims.ReplaceAsync(cartId, cartId, claim, current.ETag, new DocumentWriteOptions { TimeToLive = CartClaim.TimeToLive }, cancellationToken);
                return new(CartClaimOutcome.Claimed, orderId);
            }
            catch (Exception ex) when (ex is DocumentConflictException or DocumentConcurrencyException or DocumentNotFoundException)
            {
                // Another checkout wrote first: read again and decide against what it wrote.
            }
        }

        throw new DocumentStoreUnavailableException($"The claim on cart {cartId} kept changing.");
    }

    /// <summary>The claim <paramref name="orderId"/> holds on the cart; null when it holds none (released or taken over).</summary>
    public async Task<CartClaim?> HeldByAsync(string cartId, string orderId, CancellationToken cancellationToken = default)
        => (await Claims.ReadAsync(cartId, cartId, cancellationToken))?.Value is { Released: false } claim && claim.OrderId == orderId ? claim : null;

    /// <summary>Frees the cart after <paramref name="orderId"/>'s checkout failed; a claim another checkout holds by now is left alone.</summary>
    public async Task ReleaseAsync(string cartId, string orderId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await Claims.ReadAsync(cartId, cartId, cancellationToken) is not { } current || current.Value.OrderId != orderId || current.Value.Released)
            {
                return;
            }

            try
            {
                await Claims.ReplaceAsync(cartId, cartId, current.Value with { Released = true }, current.ETag, new DocumentWriteOptions { TimeToLive = CartClaim.TimeToLive }, cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is DocumentConcurrencyException or DocumentNotFoundException)
            {
                // Changed meanwhile: look again.
            }
        }

        throw new DocumentStoreUnavailableException($"The claim on cart {cartId} kept changing.");
    }
}
