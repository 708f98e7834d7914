using System.Text.Json;
using Commerce.Cart.Domain;
using Commerce.Contracts;
using Microsoft.Extensions.Logging;

namespace Commerce.Cart;

/// <summary>
/// The cart's side of checkout: the orders app names a cart an order now stands for on <see cref="CartCheckedOut.Queue"/>
/// (on its own account, <see cref="CartCheckedOut.Connection"/>); the cart app, the only writer of carts, removes it.
/// A message that is not a <see cref="CartCheckedOut"/> throws, so the host retries it and then moves it to the poison queue.
/// </summary>
public sealed class CheckedOutCartFunction(CartService carts, ILogger<CheckedOutCartFunction> logger)
{
    [Function(nameof(RemoveCheckedOutCart))]
    public async Task RemoveCheckedOutCart([QueueTrigger(CartCheckedOut.Queue, Connection = CartCheckedOut.Connection)] string message, CancellationToken cancellationToken)
    {
        var checkedOut = JsonSerializer.Deserialize<CartCheckedOut>(message, CommerceJson.Options);
        if (checkedOut is not { CartId.Length: > 0, OrderId.Length: > 0 })
        {
            throw new JsonException("A checked-out cart message names a cart and an order.");
        }

        await carts.RemoveCheckedOutAsync(checkedOut.CartId, cancellationToken);
        logger.LogInformation("Removed cart {CartId}: order {OrderId} stands for it", checkedOut.CartId, checkedOut.OrderId);
    }
}
