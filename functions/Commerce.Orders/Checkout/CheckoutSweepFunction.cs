using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Checkout;

/// <summary>Timer: every admitted checkout reaches an end in Azure too (see <see cref="CheckoutSweep"/>).</summary>
public sealed class CheckoutSweepFunction(CheckoutSweep sweep)
{
    [Function(nameof(SweepCheckouts))]
    public Task SweepCheckouts(
        [TimerTrigger("*/30 * * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
        => sweep.SweepAsync(durable, CheckoutSweep.DefaultGrace, cancellationToken);
}
