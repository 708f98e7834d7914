using System.Collections.Concurrent;
using System.Text.Json;
using Commerce.Orders.Domain;

namespace Commerce.Simulator;

/// <summary>
/// The virtual warehouses: they stock the chosen SKUs, push restocks as absolute, rising, numbered levels (a level never
/// goes below the last one pushed, so reserved units can never exceed on-hand ones), and confirm shipments (shipped,
/// then sometimes delivered) of the orders the shoppers' checkouts created. Every level pushed is kept for the
/// end-of-run reconciliation.
/// </summary>
public sealed class Warehouses(IWarehouseQueues queues, CheckoutLedger ledger, Metrics metrics, int seed)
{
    readonly Random random = new(seed);
    readonly ConcurrentDictionary<(string Sku, string Warehouse), (long Level, long Sequence)> levels = new();
    readonly ConcurrentDictionary<string, long> pushedTotal = new(StringComparer.Ordinal);
    int shipmentsConfirmed;

    public static IReadOnlyList<string> Ids { get; } = [.. OrdersOptions.DefaultWarehouses.Select(w => w.Id)];

    public int ShipmentsConfirmed => Volatile.Read(ref shipmentsConfirmed);

    /// <summary>Per SKU, the sum of every level pushed: the most stock that could ever have been sold.</summary>
    public IReadOnlyDictionary<string, long> StockSupplied => pushedTotal;

    public async Task StockAsync(IReadOnlyList<string> skus, int maxPerWarehouse, CancellationToken ct)
    {
        foreach (var sku in skus)
        {
            foreach (var warehouse in Ids)
            {
                await PushLevelAsync(sku, warehouse, random.Next(0, maxPerWarehouse + 1), ct);
            }
        }
    }

    public async Task RunAsync(IReadOnlyList<string> skus, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(200, ct);
                if (random.Next(4) == 0 && skus.Count > 0)
                {
                    var (sku, warehouse) = (skus[random.Next(skus.Count)], Ids[random.Next(Ids.Count)]);
                    var current = levels.GetValueOrDefault((sku, warehouse)).Level;
                    await PushLevelAsync(sku, warehouse, current + random.Next(1, 4), ct);
                }

                while (ledger.TryTakeShippable(out var order))
                {
                    await ShipAsync(order, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    async Task PushLevelAsync(string sku, string warehouse, long level, CancellationToken ct)
    {
        var sequence = levels.GetValueOrDefault((sku, warehouse)).Sequence + 1;
        levels[(sku, warehouse)] = (level, sequence);
        pushedTotal.AddOrUpdate(sku, level, (_, total) => total + level);
        await SendAsync(WarehouseQueues.StockLevels, new StockLevelMessage(warehouse, sku, level, sequence), ct);
    }

    async Task ShipAsync(TrackedCheckout order, CancellationToken ct)
    {
        foreach (var warehouse in order.Warehouses)
        {
            var tracking = $"TRK{random.Next(1_000_000):D6}";
            await SendAsync(WarehouseQueues.ShipmentConfirmations, new ShipmentConfirmationMessage($"{order.OrderId}-{warehouse}-shipped", warehouse, order.OrderId, ShipmentStatus.Shipped, tracking), ct);
            if (random.Next(2) == 0)
            {
                await SendAsync(WarehouseQueues.ShipmentConfirmations, new ShipmentConfirmationMessage($"{order.OrderId}-{warehouse}-delivered", warehouse, order.OrderId, ShipmentStatus.Delivered, tracking), ct);
            }

            Interlocked.Increment(ref shipmentsConfirmed);
        }
    }

    async Task SendAsync<T>(string queue, T message, CancellationToken ct)
    {
        try
        {
            await queues.SendAsync(queue, JsonSerializer.Serialize(message, Commerce.ServiceDefaults.CommerceJson.Options), ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Azure.RequestFailedException or HttpRequestException)
        {
            metrics.Error($"warehouse {queue}: {ex.GetType().Name}");
        }
    }
}
