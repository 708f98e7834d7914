using System.Text.Json;
using Commerce.Orders.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.Checkout;

/// <summary>POST /api/checkout: admits the request once per Idempotency-Key and starts the saga under the key's order id.</summary>
public sealed class CheckoutFunction(CheckoutRequests requests, IOptions<OrdersOptions> options, TimeProvider clock, ILogger<CheckoutFunction> logger)
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

        if (admission == CheckoutAdmission.New || (clock.GetUtcNow() - record.ReceivedAt > OrphanAfter && await durable.GetInstanceAsync(record.OrderId, cancellationToken) is null))
        {
            await StartAsync(durable, record.OrderId, body!, cancellationToken);
        }

        var statusUrl = $"/api/orders/{record.OrderId}";
        return new AcceptedResult(statusUrl, new { orderId = record.OrderId, statusUrl });
    }

    async Task StartAsync(DurableTaskClient durable, string orderId, CheckoutRequest body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var input = new CheckoutInput(orderId, body.CartId!, body.CartToken!, body.Email!, body.ShippingAddress!, body.PaymentToken!, settings.ReservationHold, settings.PaymentActionTimeout);
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(nameof(CheckoutSaga), input, new StartOrchestrationOptions { InstanceId = orderId }, cancellationToken);
            logger.LogInformation("Checkout {OrderId} started", orderId);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Grpc.Core.RpcException)
        {
            // Another request for the same key started it first: the same order either way.
            logger.LogInformation(ex, "Checkout {OrderId} was already started", orderId);
        }
    }
}
