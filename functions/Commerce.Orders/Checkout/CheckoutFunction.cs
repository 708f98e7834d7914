using System.Text.Json;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Checkout;

/// <summary>POST /api/checkout: admits the request once per Idempotency-Key and starts the saga under the key's order id (or queues it, see <see cref="CheckoutGate"/>).</summary>
public sealed class CheckoutFunction(CheckoutRequests requests, CheckoutGate checkouts, TimeProvider clock)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    static readonly TimeSpan OrphanAfter = TimeSpan.FromSeconds(30);

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
        if (admission == CheckoutAdmission.New || (clock.GetUtcNow() - record.ReceivedAt > OrphanAfter && await durable.GetInstanceAsync(record.OrderId, cancellationToken) is null))
        {
            // An orphan (accepted, never started) goes back through admission too, so it cannot jump the lane.
            status = await checkouts.AdmitAsync(durable, record.OrderId, body!, record.ReceivedAt, cancellationToken) == AdmissionResult.Queued ? "queued" : status;
        }
        else if (await durable.GetInstanceAsync(record.OrderId, cancellationToken) is null && await checkouts.IsQueuedAsync(record.OrderId, record.ReceivedAt, cancellationToken))
        {
            status = "queued";
        }

        var statusUrl = $"/api/orders/{record.OrderId}";
        return new AcceptedResult(statusUrl, new { orderId = record.OrderId, status, statusUrl });
    }
}
