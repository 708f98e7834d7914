using System.Text.Json;
using Commerce.Cart.Auth;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Checkout;

/// <summary>
/// POST /api/checkout: the caller proves the cart is theirs (its <c>cartToken</c>, or the customer's bearer token), the
/// cart is claimed for one order (<see cref="CheckoutCartClaims"/>: a second checkout of it under another key is
/// answered with that order), the request is admitted once per Idempotency-Key under a random order id minted for the
/// key's first request, and the saga starts under it (or is queued, see <see cref="CheckoutGate"/>). Every 202 carries a
/// fresh <c>orderToken</c> for the order (see <see cref="OrderAccess"/>; only its hash is kept), so a client whose answer
/// was lost, or a second tab, can read its order. <c>If-Match</c> (the cart's ETag) and <c>expectedTotal</c> name what
/// the shopper reviewed. An engine that cannot take the saga is a 503: the checkout is kept, and the same request again,
/// or the sweep, starts it.
/// </summary>
public sealed class CheckoutFunction(CheckoutRequests requests, CheckoutCartClaims claims, CheckoutGate checkouts, ICustomerTokenValidator customers, OrderService orders, PaymentTokenSeal seal)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Largest checkout body (ids, an email, an address, a payment token: well under 2 KB in practice).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    [Function(nameof(Checkout))]
    [OpenApiOperation("Checkout", "Check a cart out: admits the order once per Idempotency-Key and starts its saga")]
    [OpenApiSecurity(OpenApiCaller.Anyone, OpenApiCaller.Customer)]
    [OpenApiHeader(OpenApiHeader.IdempotencyKey, Required = true)]
    [OpenApiHeader(OpenApiHeader.IfMatch)]
    [OpenApiRequestBody(typeof(CheckoutRequest), MaxBodyBytes, Description = "The cart (its id and, for a guest, its cartToken), contact, address and payment token.")]
    [OpenApiResponse(StatusCodes.Status202Accepted, typeof(CheckoutAccepted), Headers = ["Location"], Description = "Admitted: the order id, its status URL and a fresh order token.")]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "idempotency-key-required", "validation")]
    [OpenApiProblem(StatusCodes.Status401Unauthorized, "unauthorized")]
    [OpenApiProblem(StatusCodes.Status404NotFound, "cart-unavailable")]
    [OpenApiProblem(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused")]
    [OpenApiLink(StatusCodes.Status202Accepted, "GetOrder", "GetOrder", "orderId=$response.body#/orderId", "header.Order-Token=$response.body#/orderToken")]
    [OpenApiLink(StatusCodes.Status202Accepted, "CancelOrder", "CancelOrder", "orderId=$response.body#/orderId", "header.Order-Token=$response.body#/orderToken")]
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

        var caller = await customers.ValidateAsync(request.Headers.Authorization.ToString(), cancellationToken);

        if (caller.Status == CustomerAuthStatus.Invalid)
        {
            return Problems.Result(StatusCodes.Status401Unauthorized, "unauthorized", "The bearer token is not valid.");
        }

        var errors = body?.Validate(signedIn: caller.CustomerId is not null) ?? new() { ["body"] = ["A JSON body is required."] };
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var reviewed = new ReviewedCart(ReviewedCart.VersionOf(EntityTags.IfMatch(request)), body!.ExpectedTotal);
        var orderId = await requests.OrderIdOfAsync(key, cancellationToken) ?? CheckoutRequests.NewOrderId();
        var claim = await claims.ClaimAsync(durable, orderId, body, caller.CustomerId, reviewed, cancellationToken);
        if (claim.Outcome == CartClaimOutcome.Unavailable)
        {
            return Problems.NotFound("cart-unavailable", "No such cart.", "Check the cart id and the cartToken, or sign in as the cart's customer.");
        }

        var orderToken = OrderAccess.NewToken();
        if (claim.Outcome == CartClaimOutcome.HeldByAnother)
        {
            // The same shopper (they proved the cart is theirs) in another tab: the holder's order, readable by them too.
            await requests.AddTokenAsync(claim.OrderId!, OrderAccess.HashOf(orderToken), cancellationToken);
            return Accepted(claim.OrderId!, "accepted", orderToken);
        }

        var bodyHash = CheckoutRequests.HashOf(JsonSerializer.Serialize(body, CommerceJson.Options), caller.CustomerId, reviewed.ETag);
        var (admission, record) = await requests.AdmitAsync(key, orderId, bodyHash, caller.CustomerId, OrderAccess.HashOf(orderToken), cancellationToken);
        if (admission == CheckoutAdmission.Mismatch)
        {
            return Problems.Result(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "This Idempotency-Key was used with a different request body.");
        }

        // The saga proves ownership from the cart's claim: the plaintext cart token goes no further than this function,
        // and the payment token goes on sealed (the lane, the in-flight register and the saga's input store it).
        var admitted = body with { CartToken = null, PaymentToken = seal.Seal(record.OrderId, body.PaymentToken!) };
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

        return Accepted(record.OrderId, status, orderToken);
    }

    static AcceptedResult Accepted(string orderId, string status, string orderToken)
    {
        var statusUrl = $"/api/orders/{orderId}";
        return new AcceptedResult(statusUrl, new CheckoutAccepted(orderId, status, statusUrl, orderToken));
    }

    async Task<string> AdmitAsync(DurableTaskClient durable, CheckoutRequestRecord record, CheckoutRequest body, CancellationToken cancellationToken)
        => await checkouts.AdmitAsync(durable, record.OrderId, body, record.ReceivedAt, cancellationToken) == AdmissionResult.Queued ? "queued" : "accepted";
}

/// <summary>An admitted checkout: its order id, status (accepted or queued), where to read it, and a fresh order token (shown once).</summary>
public sealed record CheckoutAccepted(string OrderId, string Status, string StatusUrl, string OrderToken);
