using System.Text.Json;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.Checkout;

/// <summary>
/// POST /api/payments/webhook: the payment provider's event, Stripe-signed (<see cref="WebhookSignature"/>). The size is
/// checked before the body is read; each event id is applied once (<see cref="PaymentEventLog"/>); an event that ends a
/// customer action is confirmed with the provider and raised on the order's checkout saga. Anything else is acknowledged.
/// </summary>
public sealed class PaymentWebhookFunction(IPaymentGateway payments, PaymentEventLog events, IOptions<PaymentsOptions> options, TimeProvider clock)
{
    public const int MaxBodyBytes = 64 * 1024;

    [Function(nameof(PaymentWebhook))]
    [OpenApiOperation("PaymentWebhook", "The payment provider's signed event")]
    [OpenApiSecurity(OpenApiCaller.PaymentProvider)]
    [OpenApiRequestBody(typeof(PaymentProviderEvent), MaxBodyBytes)]
    [OpenApiResponse(StatusCodes.Status200OK, Description = "Acknowledged (nothing to do, or already applied).")]
    [OpenApiResponse(StatusCodes.Status202Accepted, Description = "Raised on the order's checkout.")]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "malformed-event")]
    [OpenApiProblem(StatusCodes.Status401Unauthorized, "invalid-signature")]
    [OpenApiProblem(StatusCodes.Status404NotFound, "authorization-not-found")]
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

        if (!WebhookSignature.Verify(options.Value.WebhookSecret ?? string.Empty, body.Span, request.Headers[WebhookSignature.Header], clock.GetUtcNow()))
        {
            return Problems.Result(StatusCodes.Status401Unauthorized, "invalid-signature", "The webhook signature is missing, stale or does not match.");
        }

        PaymentProviderEvent? received;
        try
        {
            received = JsonSerializer.Deserialize<PaymentProviderEvent>(body.Span, CommerceJson.Options);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest("malformed-json", "The body is not a payment event.", ex.Message);
        }

        if (received is null || string.IsNullOrWhiteSpace(received.Id) || string.IsNullOrWhiteSpace(received.Type))
        {
            return Problems.BadRequest("malformed-event", "The payment event needs an id and a type.");
        }

        // Not an action's end, or not about one of our orders: acknowledged, nothing to do.
        if (received.ActionApproved is null || received.OrderId is not { Length: > 0 and <= 64 } orderId || received.Data?.Object?.Id is not { Length: > 0 } authorizationId)
        {
            return new OkResult();
        }

        if (!await events.TryTakeAsync(received, cancellationToken))
        {
            return new OkResult(); // a replay (or a duplicate delivery): already applied
        }

        try
        {
            if (await durable.GetInstanceAsync(orderId, cancellationToken) is not { IsRunning: true })
            {
                return new OkResult(); // no checkout waits for it (it ended, or never asked for an action)
            }

            // The provider's own state decides (events can arrive out of order); the event only says when to look.
            var state = (await payments.CompleteActionAsync(authorizationId, received.ActionApproved.Value, cancellationToken)).State;
            if (state == PaymentState.RequiresAction)
            {
                await events.ForgetAsync(received.Id, CancellationToken.None);
                return new OkResult(); // the provider has not settled it yet: a later event will
            }

            var outcome = state == PaymentState.Authorized ? "approved" : "declined";
            await durable.RaiseEventAsync(orderId, CheckoutSaga.PaymentActionEvent, new PaymentWebhookEvent(PaymentWebhookEvent.ActionCompleted, orderId, authorizationId, outcome), cancellationToken);
            return new AcceptedResult();
        }
        catch (CheckoutFailureException)
        {
            return Problems.NotFound("authorization-not-found", "The payment event names an unknown authorization.");
        }
        catch
        {
            await events.ForgetAsync(received.Id, CancellationToken.None); // so the provider's retry applies it
            throw;
        }
    }
}
