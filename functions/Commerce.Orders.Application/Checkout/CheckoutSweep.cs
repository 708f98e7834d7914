using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Commerce.Orders.Checkout;

/// <summary>
/// Makes every admitted checkout end. For each checkout in the <see cref="CheckoutsInFlight"/> register (point reads only):
/// a saga that ended is forgotten, after completing its order if the order stands but was not completed; an order that
/// stands without a saga (the engine forgot it: a dev host restart) is completed from what it records; a checkout whose
/// saga the engine never took (it was unavailable, or the process died between recording and starting) is started.
/// Only checkouts older than the grace period are looked at (younger ones are running or starting right now; starting
/// twice would be harmless anyway), so a pass costs nothing per healthy checkout in flight.
/// Runs on a timer in Azure (the orders app's <c>CheckoutSweepFunction</c>) and at start and every second in the dev host.
/// </summary>
public sealed partial class CheckoutSweep(
    CheckoutsInFlight inFlight,
    CheckoutGate gate,
    OrderService orders,
    OrderCompletion completion,
    TimeProvider clock,
    ILogger<CheckoutSweep> logger)
{
    /// <summary>How long a checkout may go without a saga before the sweep starts one for it.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);

    /// <summary>One pass over the register; returns how many checkouts it started or completed.</summary>
    public async Task<int> SweepAsync(DurableTaskClient durable, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var acted = 0;
        await foreach (var checkout in inFlight.AllAsync(cancellationToken))
        {
            try
            {
                acted += await SweepOneAsync(durable, checkout, grace, cancellationToken) ? 1 : 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One checkout that cannot be finished now must not stop the others; the next pass tries again.
                LogSweepFailed(logger, ex, checkout.OrderId);
            }
        }

        if (acted > 0)
        {
            LogSwept(logger, acted);
        }

        return acted;
    }

    async Task<bool> SweepOneAsync(DurableTaskClient durable, QueuedCheckout checkout, TimeSpan grace, CancellationToken cancellationToken)
    {
        // Younger than the grace period: its saga is most likely running or about to end (and to leave the register by
        // itself); reading it now would cost a point read per checkout in flight on every pass.
        if (clock.GetUtcNow() - checkout.ReceivedAt < grace)
        {
            return false;
        }

        var orderId = checkout.OrderId;
        var instance = await durable.GetInstanceAsync(orderId, cancellationToken);
        if (instance is { IsCompleted: false })
        {
            return false;
        }

        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is { Status: OrderStatus.Allocated })
        {
            // The order stands (payment captured, stock committed) but was never completed: finish it from what it
            // records; running the saga again would fail on the cart the order already cleared. Completion forgets it.
            await completion.CompleteAsync(CompleteOrderInput.Of(order), cancellationToken);
            return true;
        }

        if (instance is not null || order is { Status: not (OrderStatus.Pending or OrderStatus.Paid) })
        {
            await inFlight.ForgetAsync(orderId, cancellationToken);
            return false;
        }

        await gate.StartAsync(durable, checkout, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout sweep: started or completed {Count} checkout(s) that had no saga")]
    static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout sweep could not finish {OrderId}; the next pass retries")]
    static partial void LogSweepFailed(ILogger logger, Exception exception, string orderId);
}
