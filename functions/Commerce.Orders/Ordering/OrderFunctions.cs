using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Ordering;

/// <summary>GET /api/orders/{orderId} and POST /api/orders/{orderId}/cancel (200 cancelled, 202 cancel asked of the warehouses, 409 too late).</summary>
public sealed class OrderFunctions(OrderService orders, CheckoutRequests requests, Checkout.CheckoutGate gate, IPaymentGateway payments)
{
    [Function(nameof(GetOrder))]
    public async Task<IActionResult> GetOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{orderId}")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var view = await FindAsync(orderId, durable, cancellationToken);
        return view is null ? NotFound(orderId) : new OkObjectResult(await view.WithPaymentActionAsync(payments, cancellationToken));
    }

    [Function(nameof(CancelOrder))]
    public async Task<IActionResult> CancelOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{orderId}/cancel")] HttpRequest request,
        string orderId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        if (!IsOrderId(orderId))
        {
            return NotFound(orderId);
        }

        var outcome = await orders.CancelAsync(orderId, cancellationToken);
        return outcome switch
        {
            CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled => new OkObjectResult(await FindAsync(orderId, durable, cancellationToken)),
            // Fulfilment was requested: the warehouses were asked to stop; the refund follows their confirmation.
            CancelOutcome.CancelRequested => new AcceptedResult((string?)null, await FindAsync(orderId, durable, cancellationToken)),
            CancelOutcome.TooLate => Problems.Result(StatusCodes.Status409Conflict, "order-already-shipped", "The order can no longer be cancelled.", "It has shipped (or ended): once it is delivered, return it instead."),
            _ when await FindAsync(orderId, durable, cancellationToken) is { } pending => Problems.Result(StatusCodes.Status409Conflict, "order-not-placed", $"The checkout is {pending.Status}: there is no order to cancel yet."),
            _ => NotFound(orderId),
        };
    }

    async Task<OrderView?> FindAsync(string orderId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (!IsOrderId(orderId))
        {
            return null;
        }

        var order = await orders.GetAsync(orderId, cancellationToken);
        return order is not null ? OrderView.Of(order)
            : OrderView.Of(orderId, await durable.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken))
            ?? (await requests.GetAsync(orderId, cancellationToken) is { } accepted
                ? new OrderView(orderId, await gate.IsQueuedAsync(orderId, accepted.ReceivedAt, cancellationToken) ? OrderView.Queued : "pending")
                : null);
    }

    static bool IsOrderId(string orderId) => orderId.Length is > 4 and <= 64 && orderId.StartsWith("ord_", StringComparison.Ordinal) && orderId[4..].All(char.IsAsciiHexDigitLower);

    static ObjectResult NotFound(string orderId) => Problems.NotFound("order-not-found", "No such order.", $"There is no order '{orderId}'.");
}
