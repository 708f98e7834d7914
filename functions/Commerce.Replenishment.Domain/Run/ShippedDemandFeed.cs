using Commerce.Contracts;

namespace Commerce.Replenishment.Domain;

/// <summary>A <see cref="ShippedUnits"/> message the feed refuses, with the reason (the host poisons it).</summary>
public sealed class MalformedShippedUnitsException(string reason) : Exception(reason);

/// <summary>
/// The demand history's feed from the orders context: each <see cref="ShippedUnits"/> message adds its lines to the
/// shipping warehouse's days (the UTC day of <see cref="ShippedUnits.ShippedAt"/>), once per message id.
/// </summary>
public sealed class ShippedDemandFeed(DemandHistory history)
{
    /// <summary>Records the message; the lines it counted (0 when it was counted before). Throws <see cref="MalformedShippedUnitsException"/> for a malformed message.</summary>
    public async Task<int> RecordAsync(string message, CancellationToken cancellationToken = default)
    {
        var shipped = Parse(message);
        var day = DateOnly.FromDateTime(shipped.ShippedAt.UtcDateTime);
        var counted = 0;
        foreach (var line in shipped.Lines.GroupBy(l => l.Sku, StringComparer.Ordinal))
        {
            if (await history.RecordAsync(line.Key, shipped.WarehouseId, day, line.Sum(l => l.Quantity), shipped.Id, cancellationToken))
            {
                counted++;
            }
        }

        return counted;
    }

    public static ShippedUnits Parse(string message)
    {
        var shipped = ContractMessages.Read<ShippedUnits>(message, ShippedUnits.Queue, reason => new MalformedShippedUnitsException(reason));
        if (shipped is not { Id.Length: > 0, WarehouseId.Length: > 0, Lines.Count: > 0 })
        {
            throw new MalformedShippedUnitsException("A shipped-units message names its id, its warehouse and at least one line.");
        }

        return shipped.Lines.FirstOrDefault(l => string.IsNullOrWhiteSpace(l.Sku) || l.Quantity <= 0) is { } bad
            ? throw new MalformedShippedUnitsException($"Line '{bad.Sku}': a line names a SKU and a positive quantity ({bad.Quantity}).")
            : shipped;
    }
}
