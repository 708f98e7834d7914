using Commerce.Orders.Domain;
using Microsoft.DurableTask;

namespace Commerce.Orders.Checkout;

/// <summary>
/// Allocation sub-orchestration: commits each warehouse's shipment of the reserved plan in parallel; if any commit
/// fails (out of stock when a hold expired or the warehouse's level dropped below it meanwhile), puts back what the
/// others committed and fails with the cause.
/// </summary>
public static class AllocationSaga
{
    [Function(nameof(AllocationSaga))]
    public static async Task Run([OrchestrationTrigger] TaskOrchestrationContext context, AllocateOrderInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        CheckoutTelemetry.Step(input.OrderId);
        await CommitAllAsync(context, input.OrderId, input.Shipments);
    }

    /// <summary>
    /// Commits every shipment in parallel; if any commit fails, restocks them all and throws the business failure
    /// (out of stock) or an internal one. Runs inside this sub-orchestration, or inline in the checkout saga when the
    /// plan has a single shipment.
    /// </summary>
    public static async Task CommitAllAsync(TaskOrchestrationContext context, string orderId, IReadOnlyList<PlannedShipment> shipments)
    {
        try
        {
            await Task.WhenAll(shipments.Select(s =>
                context.CallActivityAsync(nameof(CheckoutActivities.CommitShipment), new ShipmentInput(orderId, s), CheckoutSaga.Retry)));
        }
        catch (TaskFailedException ex)
        {
            await RestockAllAsync(context, orderId, shipments);
            var (code, reason) = CheckoutSaga.Classify(ex.FailureDetails);
            throw code == CheckoutFailureCodes.OutOfStock
                ? new OutOfStockException([.. shipments.SelectMany(s => s.Items).Select(i => i.Sku).Distinct()])
                : new CheckoutFailureException(CheckoutFailureCodes.Internal, $"Allocation failed: {reason}");
        }
    }

    /// <summary>Compensation: every warehouse's committed units go back on hand (a no-op where nothing was committed).</summary>
    public static Task RestockAllAsync(TaskOrchestrationContext context, string orderId, IReadOnlyList<PlannedShipment> shipments)
        => Task.WhenAll(shipments.Select(s =>
            context.CallActivityAsync(nameof(CheckoutActivities.RestockShipment), new ShipmentInput(orderId, s), CheckoutSaga.Retry)));
}
