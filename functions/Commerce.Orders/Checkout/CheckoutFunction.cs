using System.Text.Json;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Checkout;

/// <summary>POST /api/checkout: admits the request once per Idempotency-Key and starts the saga under the key's order id (or queues it, see <see cref="CheckoutGate"/>); an engine that cannot take it is a 503 (the checkout is kept: a retry, or the sweep, starts it).</summary>
public sealed class CheckoutFunction(CheckoutRequests requests, CheckoutGate checkouts, OrderService orders)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

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

        CheckoutRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CheckoutRequest>(request.Body, CommerceJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest("malformed-json", "The body is not valid JSON.", ex.Message);
        }

        var errors = body?.Validate() ?? new() { ["body"] = ["A JSON body is required."] };
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (admission, record) = await requests.AdmitAsync(key, CheckoutRequests.HashOf(JsonSerializer.Serialize(body, CommerceJson.Options)), cancellationToken);
        if (admission == CheckoutAdmission.Mismatch)
        {
            return Problems.Result(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "This Idempotency-Key was used with a different request body.");
        }

        var status = "accepted";
        if (admission == CheckoutAdmission.New)
        {
            status = await AdmitAsync(durable, record, body!, cancellationToken);
        }
        else if (await durable.GetInstanceAsync(record.OrderId, cancellationToken) is null)
        {
            // No saga yet: waiting in the lane, or its start failed (the engine was unavailable: this is the client's
            // retry) or is still under way in another request. Admitting again is safe: a saga runs once per order.
            status = await checkouts.IsQueuedAsync(record.OrderId, record.ReceivedAt, cancellationToken) ? "queued"
                : await orders.GetAsync(record.OrderId, cancellationToken) is null ? await AdmitAsync(durable, record, body!, cancellationToken)
                : status;
        }

        var statusUrl = $"/api/orders/{record.OrderId}";
        return new AcceptedResult(statusUrl, new { orderId = record.OrderId, status, statusUrl });
    }

    async Task<string> AdmitAsync(DurableTaskClient durable, CheckoutRequestRecord record, CheckoutRequest body, CancellationToken cancellationToken)
        => await checkouts.AdmitAsync(durable, record.OrderId, body, record.ReceivedAt, cancellationToken) == AdmissionResult.Queued ? "queued" : "accepted";
}
