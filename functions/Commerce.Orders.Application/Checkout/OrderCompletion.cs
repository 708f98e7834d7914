using Commerce.Orders.Domain;
using Microsoft.Extensions.Logging;

namespace Commerce.Orders.Checkout;

/// <summary>A standing order's remaining parts did not all complete; the step retries, repeating only what is not done.</summary>
public sealed class OrderCompletionFailedException(IReadOnlyList<string> failures) : Exception(string.Join("; ", failures));

/// <summary>
/// What follows once an order stands: settle the promotion uses claimed before payment, tell the cart context the cart is checked out (its app removes it), drop the
/// reservation record, request fulfilment from each warehouse and mark the order fulfilling; once all of that is done
/// the checkout leaves the in-flight register. Every part is idempotent per order and each runs even when another
/// fails; fulfilment is requested only while the order is still allocated, recorded on the order with the requests it
/// owes in one write (<see cref="OrderService.RequestFulfilmentAsync"/>), so a repeat sends only what a crash left unsent
/// and a cancel is never overtaken by a request.
/// </summary>
public sealed class OrderCompletion(ICheckoutCart carts, InventoryService inventory, OrderService orders, CheckoutsInFlight inFlight, ILogger<OrderCompletion> logger)
{
    /// <summary>Runs every part; throws <see cref="OrderCompletionFailedException"/> when any failed.</summary>
    public async Task CompleteAsync(CompleteOrderInput input, CancellationToken cancellationToken = default)
    {
        var failures = await TryCompleteAsync(input, cancellationToken);
        if (failures.Count > 0)
        {
            throw new OrderCompletionFailedException(failures);
        }
    }

    /// <summary>Runs every part; returns what failed (empty when the order is complete).</summary>
    public async Task<IReadOnlyList<string>> TryCompleteAsync(CompleteOrderInput input, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        async Task Part(string name, Func<Task> run)
        {
            try
            {
                await run();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Order {OrderId}: {Step} failed", input.OrderId, name);
                failures.Add($"{name} failed: {ex.Message}");
            }
        }

        if (input.PromoCodes.Count > 0)
        {
            await Part("settle promotion uses", () => carts.ConsumePromotionUsageAsync(input.PromoCodes, input.CustomerId, input.OrderId, cancellationToken));
        }

        await Part("clear cart", () => carts.ClearAsync(input.CartId, input.OrderId, cancellationToken));
        await Part("finalize stock", () => inventory.FinalizeAsync(input.OrderId, cancellationToken));
        await Part("request fulfilment", () => RequestFulfilmentAsync(input, cancellationToken));
        if (failures.Count == 0)
        {
            await Part("leave the in-flight register", () => inFlight.ForgetAsync(input.OrderId, cancellationToken));
        }

        return failures;
    }

    async Task RequestFulfilmentAsync(CompleteOrderInput input, CancellationToken cancellationToken)
        => _ = await orders.RequestFulfilmentAsync(input.OrderId, cancellationToken)
            ?? throw new InvalidOperationException($"Order {input.OrderId} does not exist.");
}
