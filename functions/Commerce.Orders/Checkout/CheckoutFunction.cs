using System.Text.Json;
using Commerce.Cart.Auth;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Checkout;

/// <summary>
/// POST /api/checkout: the caller proves the cart is theirs (its <c>cartToken</c>, or the customer's bearer token), the
/// cart is claimed for one order (<see cref="CheckoutCartClaims"/>: a second checkout of it under another key is
/// answered with that order), the request is admitted once per Idempotency-Key and the saga starts under the key's order
/// id (or is queued, see <see cref="CheckoutGate"/>). <c>If-Match</c> (the cart's ETag) and <c>expectedTotal</c> name
/// what the shopper reviewed. An engine that cannot take the saga is a 503: the checkout is kept, and the same request
/// again, or the sweep, starts it.
/// </summary>
public sealed class CheckoutFunction(CheckoutRequests requests, CheckoutCartClaims claims, CheckoutGate checkouts, ICustomerTokenValidator customers, OrderService orders)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Largest checkout body (ids, an email, an address, a payment token: well under 2 KB in practice).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    [Function(nameof(Checkout))]
    public async Task<IActionResult> Checkout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "checkout")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var key = request.Headers[IdempotencyKeyHeader].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > CheckoutRequests.MaxKeyLength)
        {
            return Problems.BadRequest("idempotency-key-required", "An Idempotency-Key header (1 to 255 characters) is required.");
        }

        var (body, bodyProblem) = await RequestBodies.ReadJsonAsync<CheckoutRequest>(request, MaxBodyBytes, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem.ToResult();
        }

        CustomerAuthResult caller;
        try
        {
            caller = await customers.ValidateAsync(request.Headers.Authorization.ToString(), cancellationToken);
        }
        catch (CustomerAuthUnavailableException)
        {
            return Problems.ServiceUnavailable("Sign-in cannot be checked right now.", "Retry shortly.");
        }

        if (caller.Status == CustomerAuthStatus.Invalid)
        {
            return Problems.Result(StatusCodes.Status401Unauthorized, "unauthorized", "The bearer token is not valid.");
        }

        var errors = body?.Validate(signedIn: caller.CustomerId is not null) ?? new() { ["body"] = ["A JSON body is required."] };
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var reviewed = new ReviewedCart(ReviewedCart.NormalizeETag(request.Headers.IfMatch.ToString()), body!.ExpectedTotal);
        var orderId = CheckoutRequests.OrderIdFor(key);
        var claim = await claims.ClaimAsync(durable, orderId, body, caller.CustomerId, reviewed, cancellationToken);
        if (claim.Outcome == CartClaimOutcome.Unavailable)
        {
            return Problems.NotFound("cart-unavailable", "No such cart.", "Check the cart id and the cartToken, or sign in as the cart's customer.");
        }

        if (claim.Outcome == CartClaimOutcome.HeldByAnother)
        {
            return Accepted(claim.OrderId!, "accepted");
        }

        var (admission, record) = await requests.AdmitAsync(key, CheckoutRequests.HashOf(JsonSerializer.Serialize(body, CommerceJson.Options), caller.CustomerId, reviewed.ETag), cancellationToken);
        if (admission == CheckoutAdmission.Mismatch)
        {
            return Problems.Result(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "This Idempotency-Key was used with a different request body.");
        }

        // The saga proves ownership from the cart's claim: the plaintext cart token goes no further than this function.
        var admitted = body with { CartToken = null };
        var status = "accepted";
        if (admission == CheckoutAdmission.New)
        {
            status = await AdmitAsync(durable, record, admitted, cancellationToken);
        }
        else if (await durable.GetInstanceAsync(record.OrderId, cancellationToken) is null)
        {
            // No saga yet: waiting in the lane, or its start failed (the engine was unavailable: this is the client's
            // retry) or is still under way in another request. Admitting again is safe: a saga runs once per order.
            status = await checkouts.IsQueuedAsync(record.OrderId, record.ReceivedAt, cancellationToken) ? "queued"
                : await orders.GetAsync(record.OrderId, cancellationToken) is null ? await AdmitAsync(durable, record, admitted, cancellationToken)
                : status;
        }

        return Accepted(record.OrderId, status);
    }

    static AcceptedResult Accepted(string orderId, string status)
    {
        var statusUrl = $"/api/orders/{orderId}";
        return new AcceptedResult(statusUrl, new { orderId, status, statusUrl });
    }

    async Task<string> AdmitAsync(DurableTaskClient durable, CheckoutRequestRecord record, CheckoutRequest body, CancellationToken cancellationToken)
        => await checkouts.AdmitAsync(durable, record.OrderId, body, record.ReceivedAt, cancellationToken) == AdmissionResult.Queued ? "queued" : "accepted";
}
