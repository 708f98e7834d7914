using Commerce.Documents;

namespace Commerce.Orders.Domain;

/// <summary>A reservation per order (container <see cref="Container"/>, id = pk = order id), expiring with its holds.</summary>
public sealed record ReservationRecord(string OrderId, IReadOnlyList<PlannedShipment> Shipments, DateTimeOffset ExpiresAt)
{
    public const string Container = "reservations";
}

/// <summary>
/// Stock of every SKU in one document (container <c>inventory</c>, id = pk = SKU): reserve, release, commit, restock,
/// ship, return and level are each one ETag-conditional write per SKU through
/// <see cref="DocumentContainerExtensions.UpdateAsync{T}"/>, so stock is never oversold, never counted below zero, and no
/// operation applies twice for the same order (or return). The counts follow <see cref="Commerce.Contracts.WarehouseStock"/>:
/// a warehouse's level includes the units it has not yet shipped, which stay committed until it confirms the shipment.
/// Every write marks each location with whether it sells online (<see cref="Commerce.Contracts.WarehouseStock.SellsOnline"/>),
/// so the published availability the storefront reads counts only what checkout can allocate.
/// </summary>
/// <param name="store">The document store.</param>
/// <param name="clock">The clock holds expire by.</param>
/// <param name="onlineLocations">The locations checkout allocates online orders from (<see cref="OrdersOptions.OnlineLocations"/>); null: every location.</param>
public sealed class InventoryService(IDocumentStore store, TimeProvider clock, IReadOnlySet<string>? onlineLocations = null)
{
    public const string Container = Commerce.Contracts.SkuInventory.Container;
    const int PlanAttempts = 8;

    IDocumentContainer<StockDocument> Stock => store.Container<StockDocument>(Container);

    IDocumentContainer<ReservationRecord> Reservations => store.Container<ReservationRecord>(ReservationRecord.Container);

    public async Task<StockDocument?> GetAsync(string sku, CancellationToken cancellationToken = default)
        => (await Stock.ReadAsync(sku, sku, cancellationToken))?.Value;

    /// <summary>
    /// Plans an allocation on current availability and holds it per SKU until <paramref name="holdFor"/> elapses; when
    /// another order took the stock meanwhile, undoes this order's holds and plans again. Throws
    /// <see cref="OutOfStockException"/> when the lines cannot be covered. Safe to repeat for the same order.
    /// </summary>
    public async Task<AllocationPlan> ReserveAsync(string orderId, IReadOnlyList<AllocationLine> lines, IReadOnlyList<Warehouse> warehouses, TimeSpan holdFor, CancellationToken cancellationToken = default)
    {
        var skus = lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        await ReleaseAsync(orderId, skus, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var docs = new Dictionary<string, StockDocument>(StringComparer.Ordinal);
            foreach (var sku in skus)
            {
                docs[sku] = InventoryRules.ExpireHolds((await Stock.ReadAsync(sku, sku, cancellationToken))?.Value ?? InventoryRules.Empty(sku), now);
            }

            var plan = Allocator.Allocate(lines, warehouses, (warehouse, sku) => docs[sku].AvailableAt(warehouse));
            if (!plan.Succeeded)
            {
                throw new OutOfStockException(plan.ShortSkus);
            }

            var expiresAt = now + holdFor;
            try
            {
                foreach (var sku in skus)
                {
                    var quantities = plan.Shipments
                        .SelectMany(s => s.Items.Where(i => i.Sku == sku).Select(i => (s.WarehouseId, i.Quantity)))
                        .ToDictionary(x => x.WarehouseId, x => x.Quantity, StringComparer.Ordinal);
                    await Stock.UpdateAsync(sku, sku, doc => Marked(InventoryRules.Reserve(doc ?? InventoryRules.Empty(sku), orderId, quantities, expiresAt, clock.GetUtcNow())), cancellationToken: cancellationToken);
                }
            }
            catch (StalePlanException) when (attempt < PlanAttempts)
            {
                await ReleaseAsync(orderId, skus, cancellationToken);
                continue;
            }
            catch (StalePlanException)
            {
                await ReleaseAsync(orderId, skus, cancellationToken);
                throw new OutOfStockException(skus);
            }

            await Reservations.UpsertAsync(orderId, orderId, new ReservationRecord(orderId, plan.Shipments, expiresAt), new DocumentWriteOptions { TimeToLive = holdFor }, cancellationToken);
            return plan;
        }
    }

    /// <summary>Returns the order's held units of <paramref name="skus"/> to available and drops its reservation record.</summary>
    public async Task ReleaseAsync(string orderId, IEnumerable<string> skus, CancellationToken cancellationToken = default)
    {
        foreach (var sku in skus)
        {
            await UpdateExistingAsync(sku, doc => InventoryRules.Release(doc, orderId), cancellationToken);
        }

        await Reservations.DeleteAsync(orderId, orderId, cancellationToken: cancellationToken);
    }

    /// <summary>The order buys its held units in one warehouse (committed until shipped); out of stock when a hold is gone.</summary>
    public async Task CommitAsync(string orderId, PlannedShipment shipment, CancellationToken cancellationToken = default)
    {
        foreach (var item in shipment.Items)
        {
            var sku = item.Sku;
            await Stock.UpdateAsync(sku, sku, doc => Marked(InventoryRules.Commit(doc ?? throw new OutOfStockException([sku]), orderId, shipment.WarehouseId, clock.GetUtcNow())), cancellationToken: cancellationToken);
        }
    }

    /// <summary>Puts the order's committed, unshipped units in one warehouse back on sale (compensation of <see cref="CommitAsync"/>, or a cancel).</summary>
    public async Task RestockAsync(string orderId, PlannedShipment shipment, CancellationToken cancellationToken = default)
    {
        foreach (var item in shipment.Items)
        {
            await UpdateExistingAsync(item.Sku, doc => InventoryRules.Restock(doc, orderId, shipment.WarehouseId), cancellationToken);
        }
    }

    /// <summary>The warehouse shipped the order's units: they leave its level and its committed units (once).</summary>
    public async Task ShipAsync(string orderId, PlannedShipment shipment, CancellationToken cancellationToken = default)
    {
        foreach (var sku in shipment.Items.Select(i => i.Sku).Distinct(StringComparer.Ordinal))
        {
            await UpdateExistingAsync(sku, doc => InventoryRules.Ship(doc, orderId, shipment.WarehouseId), cancellationToken);
        }
    }

    /// <summary>Returned units are back on the shelves of the warehouse that received them, once per <paramref name="key"/>: a repeat with the same key is a no-op.</summary>
    public async Task ReturnToStockAsync(string key, PlannedShipment shipment, CancellationToken cancellationToken = default)
    {
        foreach (var item in shipment.Items.GroupBy(i => i.Sku, StringComparer.Ordinal))
        {
            var quantity = item.Sum(i => i.Quantity);
            await UpdateExistingAsync(item.Key, doc => InventoryRules.ReturnToStock(doc, key, shipment.WarehouseId, quantity, clock.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>The order stands: its reservation record goes (its committed units stay on the stock documents until shipped).</summary>
    public Task FinalizeAsync(string orderId, CancellationToken cancellationToken = default)
        => Reservations.DeleteAsync(orderId, orderId, cancellationToken: cancellationToken);

    /// <summary>
    /// Applies an absolute stock level from a warehouse (its physical units, those committed and not yet shipped
    /// included) unless a newer (or the same) sequence was applied already.
    /// </summary>
    public async Task<bool> ApplyStockLevelAsync(string sku, string warehouseId, long level, long sequence, CancellationToken cancellationToken = default)
    {
        var applied = false;
        await Stock.UpdateAsync(sku, sku, doc =>
        {
            var next = InventoryRules.ApplyLevel(doc ?? InventoryRules.Empty(sku), warehouseId, level, sequence, out var changed);
            applied = changed;
            return Marked(next);
        }, cancellationToken: cancellationToken);
        return applied;
    }

    /// <summary>
    /// A store's till sold units of a SKU (see <see cref="InventoryRules.SellAtStore"/>): applied with its shortfall (units
    /// sold that its on hand did not cover), or a redelivery of a sale applied already (nothing changes). A SKU no
    /// location has stock of is unknown, and a stale sequence or one applied to another sale is refused: both throw
    /// <see cref="MalformedWarehouseMessageException"/>, nothing changed.
    /// </summary>
    public async Task<StoreSaleOutcome> SellAtStoreAsync(Commerce.Contracts.StoreSale sale, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sale);
        StoreSaleOutcome outcome = default;
        await Stock.UpdateIfAsync(sale.Sku, sale.Sku, doc =>
        {
            var now = clock.GetUtcNow();
            var current = doc ?? throw new MalformedWarehouseMessageException($"sku '{sale.Sku}' is not a known SKU: no location has stock of it.");
            var next = InventoryRules.SellAtStore(InventoryRules.ExpireHolds(current, now), sale, now, out outcome);
            return outcome.Redelivery ? null : Marked(next);
        }, cancellationToken: cancellationToken);
        return outcome;
    }

    /// <summary>Sets stock directly (seeding, tests): absolute levels, sequence kept.</summary>
    public Task SeedAsync(string sku, IEnumerable<(string WarehouseId, long OnHand)> levels, CancellationToken cancellationToken = default)
        => Stock.UpsertAsync(sku, sku, Marked(new StockDocument
        {
            Sku = sku,
            Warehouses = [.. levels.Select(l => new Commerce.Contracts.WarehouseStock(l.WarehouseId, l.OnHand, 0))],
        }), cancellationToken: cancellationToken);

    async Task UpdateExistingAsync(string sku, Func<StockDocument, StockDocument> mutate, CancellationToken cancellationToken)
    {
        var current = await Stock.ReadAsync(sku, sku, cancellationToken);
        if (current is null)
        {
            return;
        }

        var next = mutate(InventoryRules.ExpireHolds(current.Value, clock.GetUtcNow()));
        if (ReferenceEquals(next, current.Value))
        {
            return;
        }

        await Stock.UpdateAsync(sku, sku, doc => Marked(mutate(InventoryRules.ExpireHolds(doc ?? InventoryRules.Empty(sku), clock.GetUtcNow()))), cancellationToken: cancellationToken);
    }

    /// <summary>The document as written: each location marked with whether checkout allocates online orders from it.</summary>
    StockDocument Marked(StockDocument doc)
    {
        if (onlineLocations is null || doc.Warehouses.All(w => w.SellsOnline == onlineLocations.Contains(w.WarehouseId)))
        {
            return doc;
        }

        return doc with { Warehouses = [.. doc.Warehouses.Select(w => w with { SellsOnline = onlineLocations.Contains(w.WarehouseId) })] };
    }
}
