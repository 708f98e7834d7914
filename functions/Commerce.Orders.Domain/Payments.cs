using System.Collections.Concurrent;
using Commerce.Contracts;

namespace Commerce.Orders.Domain;

public enum PaymentState
{
    RequiresAction,
    Authorized,
    Declined,
    Voided,
    Captured,
    Refunded,
}

/// <summary>An authorization; <see cref="PaymentState.RequiresAction"/> means the customer must act (3-D Secure style) and a webhook will tell the outcome.</summary>
public sealed record PaymentAuthorization(string AuthorizationId, PaymentState State);

/// <summary>
/// What the provider knows about an order's payment. <paramref name="ClientSecret"/> is what the storefront needs to let
/// the customer complete a required action (Stripe's PaymentIntent client secret): set only while the state is
/// <see cref="PaymentState.RequiresAction"/>, handed to the order's buyer and never stored.
/// </summary>
public sealed record PaymentRecord(string OrderId, string AuthorizationId, Money Amount, PaymentState State, Money Refunded, string? ClientSecret = null);

/// <summary>The payment provider port. Every call is idempotent per order / authorization.</summary>
public interface IPaymentGateway
{
    Task<PaymentAuthorization> AuthorizeAsync(string orderId, string paymentToken, Money amount, CancellationToken cancellationToken = default);

    /// <summary>Records the outcome of a customer action the provider reported through its webhook.</summary>
    Task<PaymentAuthorization> CompleteActionAsync(string authorizationId, bool approved, CancellationToken cancellationToken = default);

    Task VoidAsync(string authorizationId, CancellationToken cancellationToken = default);

    Task CaptureAsync(string authorizationId, CancellationToken cancellationToken = default);

    /// <summary>Refunds <paramref name="amount"/> once per <paramref name="refundKey"/> (the provider's idempotency key): a repeat with the same key refunds nothing more.</summary>
    Task RefundAsync(string authorizationId, Money amount, string refundKey, CancellationToken cancellationToken = default);

    Task<PaymentRecord?> GetAsync(string authorizationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The order's payment as the provider knows it, found by the idempotency key the authorization was created under
    /// (the order id), the way a Stripe PaymentIntent is found again when the answer to its creation was lost; null when
    /// no authorization landed. This is how an uncertain outcome (a timeout) is settled before deciding what to undo.
    /// </summary>
    Task<PaymentRecord?> FindByOrderAsync(string orderId, CancellationToken cancellationToken = default);
}

/// <summary>The provider declined the payment (or the customer failed the action).</summary>
public sealed class PaymentDeclinedException(string message) : CheckoutFailureException(CheckoutFailureCodes.PaymentDeclined, message);

/// <summary>The provider refused to capture an authorized payment.</summary>
public sealed class PaymentCaptureFailedException(string message) : CheckoutFailureException(CheckoutFailureCodes.CaptureFailed, message);

/// <summary>The provider did not answer in time: transient, worth retrying.</summary>
public sealed class PaymentGatewayUnavailableException(string message) : Exception(message);

/// <summary>
/// A local payment provider whose behaviour is chosen by the token: <c>tok_approve</c>, <c>tok_decline</c>,
/// <c>tok_timeout</c> (every call times out), <c>tok_requires_action</c> (authorization waits for the customer),
/// <c>tok_capture_fails</c>, <c>tok_authorize_answer_lost</c> and <c>tok_capture_answer_lost</c> (the call lands at the
/// provider but every answer times out: the caller cannot tell it worked). State lives in memory, keyed by authorization
/// id (= "auth_" + order id, the order id being the idempotency key).
/// </summary>
public sealed class SimulatedPaymentGateway : IPaymentGateway
{
    public const string Approve = "tok_approve";
    public const string Decline = "tok_decline";
    public const string Timeout = "tok_timeout";
    public const string RequiresAction = "tok_requires_action";
    public const string CaptureFails = "tok_capture_fails";
    public const string AuthorizeAnswerLost = "tok_authorize_answer_lost";
    public const string CaptureAnswerLost = "tok_capture_answer_lost";

    sealed record Entry(PaymentRecord Record, string Token)
    {
        public IReadOnlyList<string> RefundKeys { get; init; } = [];

        /// <summary>What landed on the authorization after it was made (a capture, a void, each refund), in order.</summary>
        public IReadOnlyList<PaymentState> Changes { get; init; } = [];
    }

    readonly ConcurrentDictionary<string, Entry> payments = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    int timeouts;

    /// <summary>How many times authorization was attempted for an order (retries included).</summary>
    public int AuthorizeAttempts(string orderId) => attempts.GetValueOrDefault(orderId);

    /// <summary>How many calls timed out (each one a transient failure the caller may retry).</summary>
    public int TimeoutCount => Volatile.Read(ref timeouts);

    public static string AuthorizationIdFor(string orderId) => "auth_" + orderId;

    /// <summary>The state changes that landed on an authorization after it was made (each capture, void and refund), in order.</summary>
    public IReadOnlyList<PaymentState> ChangesOf(string authorizationId) => payments.TryGetValue(authorizationId, out var e) ? e.Changes : [];

    PaymentGatewayUnavailableException TimedOut()
    {
        Interlocked.Increment(ref timeouts);
        return new PaymentGatewayUnavailableException("The payment provider did not answer in time.");
    }

    public Task<PaymentAuthorization> AuthorizeAsync(string orderId, string paymentToken, Money amount, CancellationToken cancellationToken = default)
    {
        var id = AuthorizationIdFor(orderId);
        attempts.AddOrUpdate(orderId, 1, (_, n) => n + 1);
        switch (paymentToken)
        {
            case Timeout:
                throw TimedOut();
            case Decline:
                payments[id] = new Entry(new PaymentRecord(orderId, id, amount, PaymentState.Declined, Money.Zero(amount.Currency)), paymentToken);
                throw new PaymentDeclinedException("The card was declined.");
            case Approve or RequiresAction or CaptureFails or AuthorizeAnswerLost or CaptureAnswerLost:
                var entry = payments.GetOrAdd(id, _ => new Entry(new PaymentRecord(orderId, id, amount, paymentToken == RequiresAction ? PaymentState.RequiresAction : PaymentState.Authorized, Money.Zero(amount.Currency)), paymentToken));
                return paymentToken == AuthorizeAnswerLost ? throw TimedOut() : Task.FromResult(new PaymentAuthorization(id, entry.Record.State));
            default:
                throw new PaymentDeclinedException("Unknown payment token.");
        }
    }

    public Task<PaymentAuthorization> CompleteActionAsync(string authorizationId, bool approved, CancellationToken cancellationToken = default)
    {
        var entry = Update(authorizationId, e => e.Record.State == PaymentState.RequiresAction
            ? e with { Record = e.Record with { State = approved ? PaymentState.Authorized : PaymentState.Declined } }
            : e);
        return Task.FromResult(new PaymentAuthorization(authorizationId, entry.Record.State));
    }

    public Task VoidAsync(string authorizationId, CancellationToken cancellationToken = default)
    {
        Update(authorizationId, e => e.Record.State is PaymentState.Authorized or PaymentState.RequiresAction ? Changed(e, e.Record with { State = PaymentState.Voided }, PaymentState.Voided) : e);
        return Task.CompletedTask;
    }

    public Task CaptureAsync(string authorizationId, CancellationToken cancellationToken = default)
    {
        var entry = Update(authorizationId, e => e.Record.State switch
        {
            PaymentState.Captured => e,
            PaymentState.Authorized when e.Token == CaptureFails => throw new PaymentCaptureFailedException("The provider refused the capture."),
            PaymentState.Authorized => Changed(e, e.Record with { State = PaymentState.Captured }, PaymentState.Captured),
            _ => throw new PaymentCaptureFailedException($"Cannot capture a payment that is {e.Record.State}."),
        });
        return entry.Token == CaptureAnswerLost ? throw TimedOut() : Task.CompletedTask;
    }

    /// <summary>The refund keys applied to an authorization, one per refund actually made.</summary>
    public IReadOnlyList<string> RefundsOf(string authorizationId) => payments.TryGetValue(authorizationId, out var e) ? e.RefundKeys : [];

    public Task RefundAsync(string authorizationId, Money amount, string refundKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refundKey);
        Update(authorizationId, e =>
        {
            if (e.Record.State is not (PaymentState.Captured or PaymentState.Refunded) || e.RefundKeys.Contains(refundKey))
            {
                return e;
            }

            var refunded = Money.Min(e.Record.Amount, e.Record.Refunded + amount);
            return Changed(e, e.Record with { Refunded = refunded, State = refunded == e.Record.Amount ? PaymentState.Refunded : PaymentState.Captured }, PaymentState.Refunded) with
            {
                RefundKeys = [.. e.RefundKeys, refundKey],
            };
        });
        return Task.CompletedTask;
    }

    public Task<PaymentRecord?> GetAsync(string authorizationId, CancellationToken cancellationToken = default)
        => Task.FromResult(payments.TryGetValue(authorizationId, out var e) ? e.Record : null);

    public Task<PaymentRecord?> FindByOrderAsync(string orderId, CancellationToken cancellationToken = default)
        => GetAsync(AuthorizationIdFor(orderId), cancellationToken);

    /// <param name="change">What landed: <see cref="PaymentState.Refunded"/> for every refund, partial ones included.</param>
    static Entry Changed(Entry entry, PaymentRecord record, PaymentState change) => entry with { Record = record, Changes = [.. entry.Changes, change] };

    Entry Update(string authorizationId, Func<Entry, Entry> change)
    {
        while (true)
        {
            if (!payments.TryGetValue(authorizationId, out var current))
            {
                throw new PaymentCaptureFailedException($"Unknown authorization {authorizationId}.");
            }

            var next = change(current);
            if (ReferenceEquals(next, current) || payments.TryUpdate(authorizationId, next, current))
            {
                return next;
            }
        }
    }
}

/// <summary>The outcome of a customer's payment action, raised on the checkout saga (the webhook translates the provider's event into it).</summary>
public sealed record PaymentWebhookEvent(string Type, string OrderId, string AuthorizationId, string Outcome)
{
    public const string ActionCompleted = "payment.action_completed";

    public bool Approved => string.Equals(Outcome, "approved", StringComparison.OrdinalIgnoreCase);
}
