using Commerce.Cart.Auth;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Checkout;

/// <summary>
/// POST /api/checkout: binds the Idempotency-Key, the body, the caller (the cart's <c>cartToken</c>, or the customer's
/// bearer token) and what the shopper reviewed (<c>If-Match</c>, the cart's ETag, and <c>expectedTotal</c>), hands them to
/// <see cref="CheckoutAdmissions"/> (one order per cart, once per key, the saga started or queued), and maps its answer:
/// 202 with the order id and a fresh <c>orderToken</c>; an engine that cannot take the saga is a 503 (transient).
/// </summary>
public sealed class CheckoutFunction(CheckoutAdmissions admissions, ICustomerTokenValidator customers)
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
    [OpenApiResponse(StatusCodes.Status202Accepted, typeof(CheckoutAccepted), Headers = ["Location", "Retry-After"], Description = "Admitted: the order id, its status URL and a fresh order token; Retry-After says when to read the status URL.")]
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

        var reviewed = new ReviewedCart(ReviewedCart.VersionOf(EntityTagHeaders.IfMatch(request)), body!.ExpectedTotal);
        var answer = await admissions.AdmitAsync(durable, key, body, caller.CustomerId, reviewed, cancellationToken);
        return answer.Kind switch
        {
            CheckoutAnswerKind.CartUnavailable => Problems.NotFound("cart-unavailable", "No such cart.", "Check the cart id and the cartToken, or sign in as the cart's customer."),
            CheckoutAnswerKind.KeyReused => Problems.Result(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "This Idempotency-Key was used with a different request body."),
            _ => Accepted(request.HttpContext.Response, answer.OrderId!, answer.Status!, answer.OrderToken!),
        };
    }

    static AcceptedResult Accepted(HttpResponse response, string orderId, string status, string orderToken)
    {
        Ordering.OrderFunctions.PollAgain(response);
        var statusUrl = $"/api/orders/{orderId}";
        return new AcceptedResult(statusUrl, new CheckoutAccepted(orderId, status, statusUrl, orderToken));
    }
}

/// <summary>An admitted checkout: its order id, status (accepted or queued), where to read it, and a fresh order token (shown once).</summary>
public sealed record CheckoutAccepted(string OrderId, string Status, string StatusUrl, string OrderToken);
