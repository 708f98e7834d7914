using System.Net;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Microsoft.Extensions.Options;
using Stripe;
using PaymentRecord = Commerce.Orders.Domain.PaymentRecord;

namespace Commerce.Orders.Adapters.Payments;

/// <summary>
/// The payment port on Stripe PaymentIntents with manual capture: authorize = create and confirm with the checkout's
/// payment method (the PaymentIntent's id is the authorization id, its metadata <c>order_id</c> names the order), capture,
/// cancel (void) and refunds. Every call carries an idempotency key derived from the order and the step
/// (<c>{orderId}:authorize</c>, <c>{intentId}:capture</c>, <c>{intentId}:void</c>, <c>{intentId}:refund:{refundKey}</c>;
/// the intent is the order's one payment), so the saga's retries never charge twice. Declines (card errors) are
/// <see cref="PaymentDeclinedException"/>; timeouts, network failures, 429/409 and 5xx are
/// <see cref="PaymentGatewayUnavailableException"/> (transient: the saga retries, then settles with
/// <see cref="FindByOrderAsync"/>); a refused capture is <see cref="PaymentCaptureFailedException"/>.
/// </summary>
public sealed class StripePaymentGateway : IPaymentGateway, IDisposable
{
    /// <summary>The Refund metadata key holding the caller's refund key (what makes a refund once-only past Stripe's 24-hour idempotency window).</summary>
    public const string RefundKeyKey = "refund_key";

    const string OrderIdKey = PaymentIntentSnapshot.OrderIdKey;
    const string LatestCharge = "latest_charge";
    readonly HttpClient http;
    readonly PaymentIntentService intents;
    readonly RefundService refunds;

    public StripePaymentGateway(IOptions<PaymentsOptions> options)
    {
        var stripe = options.Value.Stripe;
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = stripe.Timeout };
        // No retries inside the client: the saga's retry policy is the one retry layer, and every retry reuses the key.
        var client = new StripeClient(new StripeClientOptions
        {
            ApiKey = stripe.ApiKey,
            ApiBase = stripe.ApiBase?.GetLeftPart(UriPartial.Authority),
            HttpClient = new SystemNetHttpClient(http, maxNetworkRetries: 0, enableTelemetry: false),
        });
        intents = new PaymentIntentService(client);
        refunds = new RefundService(client);
    }

    public async Task<PaymentAuthorization> AuthorizeAsync(string orderId, string paymentToken, Money amount, CancellationToken cancellationToken = default)
    {
        var create = new PaymentIntentCreateOptions
        {
            Amount = amount.Minor,
            Currency = amount.Currency.ToLowerInvariant(),
            CaptureMethod = "manual",
            Confirm = true,
            PaymentMethod = paymentToken,
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" }, // cards: no return URL needed
            Metadata = new Dictionary<string, string> { [OrderIdKey] = orderId },
        };
        var intent = await CallAsync(() => intents.CreateAsync(create, Key(orderId, "authorize"), cancellationToken), cancellationToken, refused: e => new PaymentDeclinedException(DeclineMessage(e)));
        var state = StateOf(intent);
        return state == PaymentState.Declined
            ? throw new PaymentDeclinedException("The payment was not authorized.")
            : new PaymentAuthorization(intent.Id, state);
    }

    /// <summary>Stripe already knows how the customer's action ended (the webhook only reports it): the intent's state is the answer.</summary>
    public async Task<PaymentAuthorization> CompleteActionAsync(string authorizationId, bool approved, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(authorizationId, cancellationToken) ?? throw new PaymentCaptureFailedException($"Unknown authorization {authorizationId}.");
        return new PaymentAuthorization(authorizationId, record.State);
    }

    public async Task VoidAsync(string authorizationId, CancellationToken cancellationToken = default)
    {
        try
        {
            await CallAsync(() => intents.CancelAsync(authorizationId, null, Key(authorizationId, "void"), cancellationToken), cancellationToken, refused: e => e);
        }
        catch (StripeException e) when (e.StripeError?.Code == "payment_intent_unexpected_state")
        {
            // Already voided, captured or never authorized: as with the simulated provider, nothing to void.
        }
    }

    public async Task CaptureAsync(string authorizationId, CancellationToken cancellationToken = default)
    {
        try
        {
            await CallAsync(() => intents.CaptureAsync(authorizationId, null, Key(authorizationId, "capture"), cancellationToken), cancellationToken, refused: e => e);
        }
        catch (StripeException e)
        {
            // A capture that already landed (its idempotent answer expired) is a capture; anything else is refused.
            if (e.StripeError?.Code == "payment_intent_unexpected_state" && await GetAsync(authorizationId, cancellationToken) is { State: PaymentState.Captured or PaymentState.Refunded })
            {
                return;
            }

            throw new PaymentCaptureFailedException($"The provider refused the capture ({e.StripeError?.Code ?? e.StripeError?.Type ?? "error"}).");
        }
    }

    public async Task RefundAsync(string authorizationId, Money amount, string refundKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refundKey);
        if (await GetAsync(authorizationId, cancellationToken) is not { State: PaymentState.Captured or PaymentState.Refunded } payment)
        {
            return;
        }

        var made = await CallAsync(() => refunds.ListAsync(new RefundListOptions { PaymentIntent = authorizationId, Limit = 100 }, null, cancellationToken), cancellationToken, refused: e => e);
        var remaining = payment.Amount - payment.Refunded;
        if (made.Data.Any(r => r.Metadata?.GetValueOrDefault(RefundKeyKey) == refundKey) || remaining.IsZero)
        {
            return;
        }

        var refund = new RefundCreateOptions
        {
            PaymentIntent = authorizationId,
            Amount = Money.Min(amount, remaining).Minor,
            Metadata = new Dictionary<string, string> { [RefundKeyKey] = refundKey },
        };
        await CallAsync(() => refunds.CreateAsync(refund, Key(authorizationId, "refund:" + refundKey), cancellationToken), cancellationToken, refused: e => e);
    }

    public async Task<PaymentRecord?> GetAsync(string authorizationId, CancellationToken cancellationToken = default)
    {
        try
        {
            var intent = await CallAsync(() => intents.GetAsync(authorizationId, new PaymentIntentGetOptions { Expand = [LatestCharge] }, null, cancellationToken), cancellationToken, refused: e => e);
            return RecordOf(intent);
        }
        catch (StripeException e) when (e.HttpStatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The order's PaymentIntent, found with Stripe's search API by the <c>order_id</c> metadata (the latest one when
    /// there are several). Search is eventually consistent: Stripe indexes a new intent within about a minute, so an
    /// authorization whose answer was lost moments ago may not be found yet; such an intent is never captured and Stripe
    /// cancels an uncaptured authorization by itself after 7 days.
    /// </summary>
    public async Task<PaymentRecord?> FindByOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var search = new PaymentIntentSearchOptions
        {
            Query = $"metadata['{OrderIdKey}']:'{orderId.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'",
            Expand = ["data." + LatestCharge],
        };
        var found = await CallAsync(() => intents.SearchAsync(search, null, cancellationToken), cancellationToken, refused: e => e);
        return found.Data.OrderByDescending(i => i.Created).FirstOrDefault() is { } intent ? RecordOf(intent) : null;
    }

    public void Dispose() => http.Dispose();

    static RequestOptions Key(string subject, string step) => new() { IdempotencyKey = $"{subject}:{step}" };

    static PaymentRecord RecordOf(PaymentIntent intent)
    {
        var currency = intent.Currency.ToUpperInvariant();
        var refunded = intent.LatestCharge?.AmountRefunded ?? 0;
        var state = StateOf(intent, refunded);
        return new PaymentRecord(
            intent.Metadata?.GetValueOrDefault(OrderIdKey) ?? string.Empty,
            intent.Id,
            Money.Of(intent.Amount, currency),
            state,
            Money.Of(refunded, currency),
            state == PaymentState.RequiresAction ? intent.ClientSecret : null);
    }

    static PaymentState StateOf(PaymentIntent intent, long refunded = 0) => intent.Status switch
    {
        "requires_capture" => PaymentState.Authorized,
        "requires_action" or "processing" => PaymentState.RequiresAction,
        "succeeded" => refunded > 0 && refunded >= intent.AmountReceived ? PaymentState.Refunded : PaymentState.Captured,
        "canceled" => PaymentState.Voided,
        _ => PaymentState.Declined, // requires_payment_method (declined, or the customer failed the action), requires_confirmation
    };

    static string DeclineMessage(StripeException e) => e.StripeError?.Type == "card_error"
        ? $"The card was declined ({e.StripeError.DeclineCode ?? e.StripeError.Code ?? "declined"})."
        : $"The payment method was refused ({e.StripeError?.Code ?? "invalid_request"}).";

    /// <summary>
    /// One call to Stripe. No answer in time, a network failure, throttling, an idempotent request still in flight (409)
    /// and server errors are transient; any other refusal is mapped by <paramref name="refused"/>.
    /// </summary>
    static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken, Func<StripeException, Exception> refused)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            throw new PaymentGatewayUnavailableException(e is StripeException { HttpStatusCode: var status } stripe && stripe.StripeError is null && status == 0
                ? $"Stripe did not answer ({e.InnerException?.GetType().Name ?? e.GetType().Name})."
                : $"Stripe did not answer in time or failed ({(e as StripeException)?.HttpStatusCode.ToString() ?? e.GetType().Name}: {(e as StripeException)?.StripeError?.Message ?? e.Message}).");
        }
        catch (StripeException e)
        {
            var mapped = refused(e);
            if (ReferenceEquals(mapped, e))
            {
                throw;
            }

            throw mapped;
        }
    }

    static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException => true,
        StripeException { HttpStatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict or >= HttpStatusCode.InternalServerError } => true,
        StripeException { InnerException: { } inner } => IsTransient(inner, cancellationToken),
        _ => false,
    };
}
