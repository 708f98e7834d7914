using System.Text.Json;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.Checkout;

/// <summary>POST /api/payments/webhook: a signed provider event; a completed customer action is raised on the checkout saga.</summary>
public sealed class PaymentWebhookFunction(IPaymentGateway payments, IOptions<OrdersOptions> options)
{
    const int MaxBodyBytes = 64 * 1024;

    [Function(nameof(PaymentWebhook))]
    public async Task<IActionResult> PaymentWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "payments/webhook")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await RequestBodies.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem.ToResult();
        }

        if (!WebhookSignature.Verify(options.Value.PaymentWebhookSecret, body.Span, request.Headers[WebhookSignature.Header]))
        {
            return Problems.Result(StatusCodes.Status401Unauthorized, "invalid-signature", "The webhook signature is missing or does not match.");
        }

        PaymentWebhookEvent? payload;
        try
        {
            payload = JsonSerializer.Deserialize<PaymentWebhookEvent>(body.Span, CommerceJson.Options);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest("malformed-json", "The body is not a payment event.", ex.Message);
        }

        if (payload is null || string.IsNullOrWhiteSpace(payload.OrderId) || string.IsNullOrWhiteSpace(payload.Type))
        {
            return Problems.BadRequest("malformed-event", "The payment event needs a type and an orderId.");
        }

        if (payload.Type != PaymentWebhookEvent.ActionCompleted)
        {
            return new OkResult();
        }

        if (payload.OrderId.Length > 64 || await durable.GetInstanceAsync(payload.OrderId, cancellationToken) is null)
        {
            return Problems.NotFound("checkout-not-found", "No checkout waits for this payment event.");
        }

        try
        {
            await payments.CompleteActionAsync(payload.AuthorizationId ?? string.Empty, payload.Approved, cancellationToken);
        }
        catch (CheckoutFailureException)
        {
            return Problems.NotFound("authorization-not-found", "The payment event names an unknown authorization.");
        }

        await durable.RaiseEventAsync(payload.OrderId, CheckoutSaga.PaymentActionEvent, payload, cancellationToken);
        return new AcceptedResult();
    }
}
