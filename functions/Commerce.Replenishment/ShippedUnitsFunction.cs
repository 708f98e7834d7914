using Commerce.Contracts;

namespace Commerce.Replenishment;

/// <summary>
/// The demand history's feed: the orders app publishes what left a warehouse for an order on <see cref="ShippedUnits.Queue"/>
/// (on its own account, <see cref="ShippedUnits.Connection"/>); this app counts it into the warehouse's day. A malformed
/// message throws <see cref="MalformedShippedUnitsException"/> with the reason, so the host poisons it.
/// </summary>
public sealed class ShippedUnitsFunction(ShippedDemandFeed feed, ILogger<ShippedUnitsFunction> logger)
{
    [Function(nameof(RecordShippedUnits))]
    public async Task RecordShippedUnits([QueueTrigger(ShippedUnits.Queue, Connection = ShippedUnits.Connection)] string message, CancellationToken cancellationToken)
    {
        var counted = await feed.RecordAsync(message, cancellationToken);
        logger.LogInformation("Shipped units: {Counted} SKU lines counted into the demand history", counted);
    }
}
