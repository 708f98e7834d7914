using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Checkout;

/// <summary>Queue <c>checkout-admission</c>: each message nudges this instance to drain the admission lane in arrival order.</summary>
public sealed class CheckoutAdmissionFunction(CheckoutGate gate)
{
    [Function(nameof(DrainCheckoutAdmissions))]
    public Task DrainCheckoutAdmissions(
        [QueueTrigger(CheckoutGate.Queue)] string message,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
        => gate.DrainAsync(durable, cancellationToken);
}
