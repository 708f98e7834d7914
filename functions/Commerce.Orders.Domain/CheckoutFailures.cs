namespace Commerce.Orders.Domain;

/// <summary>Stable codes of business failures: they end a checkout and are never retried.</summary>
public static class CheckoutFailureCodes
{
    public const string CartUnavailable = "cart_unavailable";

    /// <summary>The re-priced total is not the reviewed one, or the cart changed since the reviewed version: nothing was charged.</summary>
    public const string PriceChanged = "price_changed";

    /// <summary>The cart cannot ship to the checkout's address.</summary>
    public const string DestinationNotServed = "destination_not_served";
    public const string OutOfStock = "out_of_stock";
    public const string PaymentDeclined = "payment_declined";
    public const string PaymentActionTimedOut = "payment_action_timed_out";
    public const string PaymentUnavailable = "payment_unavailable";
    public const string CaptureFailed = "capture_failed";
    public const string PromotionUnavailable = "promotion_unavailable";
    public const string Cancelled = "cancelled";
    public const string Internal = "internal_error";
}

/// <summary>A business failure of a checkout step (declined, out of stock, ...): final, compensated, never retried.</summary>
public class CheckoutFailureException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>A promotion code of the cart can no longer be redeemed (a usage limit is reached): nothing is charged.</summary>
public sealed class PromotionUnavailableException(string message) : CheckoutFailureException(CheckoutFailureCodes.PromotionUnavailable, message);

/// <summary>The cart is gone, not the caller's, empty, or cannot be priced.</summary>
public sealed class CartUnavailableException(string message) : CheckoutFailureException(CheckoutFailureCodes.CartUnavailable, message);

/// <summary>The cart cannot be shipped (or priced for shipping) to the checkout's address.</summary>
public sealed class DestinationNotServedException(string message) : CheckoutFailureException(CheckoutFailureCodes.DestinationNotServed, message);

/// <summary>The amount to charge is not the amount the shopper reviewed.</summary>
public sealed class PriceChangedException(string message) : CheckoutFailureException(CheckoutFailureCodes.PriceChanged, message);
