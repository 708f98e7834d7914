namespace Commerce.Contracts;

/// <summary>
/// Checkout's word to the cart context that an order stands for a cart: sent by the orders app on the <see cref="Queue"/>
/// queue once the order is placed; the cart app, the only writer of carts, removes the cart. Removing a cart that is gone
/// already is a no-op, so a message delivered twice changes nothing. The order, not the cart, keeps "one order per cart":
/// until the message is handled, a second checkout of the cart is answered with the order that holds its claim.
/// </summary>
public sealed record CartCheckedOut(string CartId, string OrderId)
{
    /// <summary>Storage queue on the orders app's runtime account (orders sends, the cart app's trigger receives).</summary>
    public const string Queue = "checked-out-carts";

    /// <summary>The cart app's setting prefix naming that account (<c>CheckedOutCarts__queueServiceUri</c>, …) for its trigger.</summary>
    public const string Connection = "CheckedOutCarts";
}
