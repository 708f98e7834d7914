using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Checkout;

/// <summary>How a checkout request was answered.</summary>
public enum CheckoutAnswerKind
{
    /// <summary>Admitted (now or before): <see cref="CheckoutAnswer.OrderId"/>, its status, and a fresh order token.</summary>
    Accepted,

    /// <summary>No such cart, or not the caller's: nothing is revealed.</summary>
    CartUnavailable,

    /// <summary>The Idempotency-Key was used with a different request.</summary>
    KeyReused,
}

/// <summary>A checkout's answer: for <see cref="CheckoutAnswerKind.Accepted"/>, the order, its status (accepted or queued) and a fresh order token (shown once).</summary>
public sealed record CheckoutAnswer(CheckoutAnswerKind Kind, string? OrderId = null, string? Status = null, string? OrderToken = null)
{
    public static CheckoutAnswer Accepted(string orderId, string status, string orderToken) => new(CheckoutAnswerKind.Accepted, orderId, status, orderToken);
}

/// <summary>
/// A checkout request the caller proved to be theirs, admitted: the cart is claimed for one order
/// (<see cref="CheckoutCartClaims"/>: a second checkout of it under another key is answered with that order), the request
/// is admitted once per Idempotency-Key under a random order id minted for the key's first request, and the saga starts
/// under it (or is queued, see <see cref="CheckoutGate"/>). Every answer carries a fresh order token for the order (see
/// <see cref="OrderAccess"/>; only its hash is kept), so a client whose answer was lost, or a second tab, can read its
/// order. An engine that cannot take the saga throws <see cref="CheckoutEngineUnavailableException"/>: the checkout is
/// kept, and the same request again, or the sweep, starts it.
/// </summary>
public sealed class CheckoutAdmissions(CheckoutRequests requests, CheckoutCartClaims claims, CheckoutGate checkouts, OrderService orders, PaymentTokenSeal seal)
{
    public const string Accepted = "accepted";
    public const string Queued = "queued";

    /// <summary>Admits <paramref name="body"/> (validated) under <paramref name="idempotencyKey"/> for the caller (<paramref name="customerId"/> when signed in).</summary>
    public async Task<CheckoutAnswer> AdmitAsync(DurableTaskClient durable, string idempotencyKey, CheckoutRequest body, string? customerId, ReviewedCart reviewed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(reviewed);
        var orderId = await requests.OrderIdOfAsync(idempotencyKey, cancellationToken) ?? CheckoutRequests.NewOrderId();
        var claim = await claims.ClaimAsync(durable, orderId, body, customerId, reviewed, cancellationToken);
        if (claim.Outcome == CartClaimOutcome.Unavailable)
        {
            return new CheckoutAnswer(CheckoutAnswerKind.CartUnavailable);
        }

        var orderToken = OrderAccess.NewToken();
        if (claim.Outcome == CartClaimOutcome.HeldByAnother)
        {
            // The same shopper (they proved the cart is theirs) in another tab: the holder's order, readable by them too.
            await requests.AddTokenAsync(claim.OrderId!, OrderAccess.HashOf(orderToken), cancellationToken);
            return CheckoutAnswer.Accepted(claim.OrderId!, Accepted, orderToken);
        }

        var bodyHash = CheckoutRequests.HashOf(JsonSerializer.Serialize(body, CommerceJson.Options), customerId, reviewed.ETag);
        var (admission, record) = await requests.AdmitAsync(idempotencyKey, orderId, bodyHash, customerId, OrderAccess.HashOf(orderToken), cancellationToken);
        if (admission == CheckoutAdmission.Mismatch)
        {
            return new CheckoutAnswer(CheckoutAnswerKind.KeyReused);
        }

        // The saga proves ownership from the cart's claim: the plaintext cart token goes no further than admission, and
        // the payment token goes on sealed (the lane, the in-flight register and the saga's input store it).
        var admitted = body with { CartToken = null, PaymentToken = seal.Seal(record.OrderId, body.PaymentToken!) };
        var status = Accepted;
        if (admission == CheckoutAdmission.New)
        {
            status = await StartAsync(durable, record, admitted, cancellationToken);
        }
        else if (await durable.GetInstanceAsync(record.OrderId, cancellationToken) is null)
        {
            // No saga yet: waiting in the lane, or its start failed (the engine was unavailable: this is the client's
            // retry) or is still under way in another request. Admitting again is safe: a saga runs once per order.
            status = await checkouts.IsQueuedAsync(record.OrderId, record.ReceivedAt, cancellationToken) ? Queued
                : await orders.GetAsync(record.OrderId, cancellationToken) is null ? await StartAsync(durable, record, admitted, cancellationToken)
                : status;
        }

        return CheckoutAnswer.Accepted(record.OrderId, status, orderToken);
    }

    async Task<string> StartAsync(DurableTaskClient durable, CheckoutRequestRecord record, CheckoutRequest body, CancellationToken cancellationToken)
        => await checkouts.AdmitAsync(durable, record.OrderId, body, record.ReceivedAt, cancellationToken) == AdmissionResult.Queued ? Queued : Accepted;
}
