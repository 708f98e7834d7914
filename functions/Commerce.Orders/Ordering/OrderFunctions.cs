using Commerce.Cart.Auth;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Ordering;

/// <summary>
/// GET /api/orders/{orderId} and POST /api/orders/{orderId}/cancel (200 cancelled, 202 cancel asked of the warehouses, 409
/// too late), for the order's access token (header <see cref="OrderAccess.TokenHeader"/>), the owning customer's bearer
/// token or an admin's (see <see cref="OrderAccess"/>; locally the dev host's key is an admin's too, see <see cref="AdminAccess"/>); anyone else gets the 404 of an order that does not exist.
/// </summary>
public sealed class OrderFunctions(OrderService orders, CheckoutRequests requests, Checkout.CheckoutGate gate, ICustomerTokenValidator customers, AdminAccess admins, IPaymentGateway payments)
{
    [Function(nameof(GetOrder))]
    [OpenApiOperation("GetOrder", "Read an order (or its checkout's progress)")]
    [OrderAccess]
    public async Task<IActionResult> GetOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{orderId}")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var (refusal, order, record) = await AccessAsync(request, orderId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await FindAsync(orderId, order, record, durable, cancellationToken) is not { } view)
        {
            return NotFound(orderId);
        }

        if (view.InFlight)
        {
            PollAgain(request.HttpContext.Response);
        }

        return new OkObjectResult(await view.WithPaymentActionAsync(payments, cancellationToken));
    }

    /// <summary>Tells the storefront when to read a checkout in flight again (Retry-After, <see cref="OrderView.PollAgainAfter"/>).</summary>
    internal static void PollAgain(HttpResponse response)
        => response.Headers.RetryAfter = ((int)OrderView.PollAgainAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Function(nameof(CancelOrder))]
    [OpenApiOperation("CancelOrder", "Cancel an order")]
    [OrderAccess]
    [OpenApiResponse(StatusCodes.Status202Accepted, typeof(OrderView), Description = "The warehouses were asked to stop; the refund follows their confirmation.")]
    [OpenApiProblem(StatusCodes.Status409Conflict, "order-already-shipped", "order-not-placed")]
    public async Task<IActionResult> CancelOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/cancel")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if ((await AccessAsync(request, orderId, cancellationToken)).Refusal is { } refusal)
        {
            return refusal;
        }

        var outcome = await orders.CancelAsync(orderId, cancellationToken);
        return outcome switch
        {
            CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled => new OkObjectResult(await FindAsync(orderId, null, null, durable, cancellationToken)),
            // Fulfilment was requested: the warehouses were asked to stop; the refund follows their confirmation.
            CancelOutcome.CancelRequested => new AcceptedResult((string?)null, await FindAsync(orderId, null, null, durable, cancellationToken)),
            CancelOutcome.TooLate => Problems.Result(StatusCodes.Status409Conflict, "order-already-shipped", "The order can no longer be cancelled.", "It has shipped (or ended): once it is delivered, return it instead."),
            _ when await FindAsync(orderId, null, null, durable, cancellationToken) is { } pending => Problems.Result(StatusCodes.Status409Conflict, "order-not-placed", $"The checkout is {pending.Status}: there is no order to cancel yet."),
            _ => NotFound(orderId),
        };
    }

    /// <summary>
    /// The answer for a caller who may not see the order (the 404 of a missing order; a 503 while sign-in cannot be
    /// checked), or null, the order (null while its checkout runs) and its checkout's record for one who may.
    /// </summary>
    async Task<(IActionResult? Refusal, Order? Order, CheckoutRequestRecord? Record)> AccessAsync(HttpRequest request, string orderId, CancellationToken cancellationToken)
    {
        if (!IsOrderId(orderId))
        {
            return (NotFound(orderId), null, null);
        }

        var bearer = await customers.ValidateAsync(request.Headers.Authorization.ToString(), cancellationToken);

        var order = await orders.GetAsync(orderId, cancellationToken);
        var record = await requests.FindAsync(orderId, cancellationToken);
        var caller = new OrderCaller(request.Headers[OrderAccess.TokenHeader].ToString(), bearer.CustomerId, bearer.IsAdmin || admins.HoldsAdminKey(request));
        return OrderAccess.Allows(caller, record?.TokenHashes, order?.CustomerId ?? record?.CustomerId) ? (null, order, record) : (NotFound(orderId), null, null);
    }

    /// <summary>The order's view: the order, else its saga's state, else its admitted checkout's place (pending or queued); null when there is none.</summary>
    async Task<OrderView?> FindAsync(string orderId, Order? knownOrder, CheckoutRequestRecord? knownRecord, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var order = knownOrder ?? await orders.GetAsync(orderId, cancellationToken);
        return order is not null ? OrderView.Of(order)
            : OrderView.Of(orderId, await durable.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken))
            ?? ((knownRecord ?? await requests.GetAsync(orderId, cancellationToken)) is { IsAdmitted: true } accepted
                ? new OrderView(orderId, await gate.IsQueuedAsync(orderId, accepted.ReceivedAt, cancellationToken) ? OrderView.Queued : "pending")
                : null);
    }

    static bool IsOrderId(string orderId) => orderId.Length is > 4 and <= 64 && orderId.StartsWith("ord_", StringComparison.Ordinal) && orderId[4..].All(char.IsAsciiHexDigitLower);

    static ObjectResult NotFound(string orderId) => Problems.NotFound("order-not-found", "No such order.", $"There is no order '{orderId}'.");
}
