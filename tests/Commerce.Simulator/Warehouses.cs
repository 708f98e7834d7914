using System.Collections.Concurrent;
using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;

namespace Commerce.Simulator;

/// <summary>
/// The virtual warehouses: they stock the chosen SKUs, push restocks as absolute, rising, numbered levels, and confirm
/// shipments (shipped, then sometimes delivered) of the orders the shoppers' checkouts created. Under <c>--chaos</c>
/// they also drop a level below what checkouts hold, receive returns (partial and full, sometimes the same message
/// twice), and answer requests to cancel a shipment. Every level pushed and every return sent is kept for the end-of-run
/// checks.
/// </summary>
public sealed class Warehouses(IWarehouseQueues queues, CheckoutLedger ledger, Metrics metrics, int seed)
{
    /// <summary>Where a warehouse answers a request to stop a shipment (issue 13.9); a target without it refuses the message.</summary>
    public const string CancellationConfirmationsQueue = "cancellation-confirmations";

    readonly Random random = new(seed);
    readonly Lock gate = new();
    readonly ConcurrentDictionary<(string Sku, string Warehouse), (long Level, long Sequence)> levels = new();
    readonly ConcurrentDictionary<string, long> pushedTotal = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, ReturnSent> returns = new(StringComparer.Ordinal);
    int shipmentsConfirmed;

    public static IReadOnlyList<string> Ids { get; } = [.. OrdersOptions.DefaultWarehouses.Select(w => w.Id)];

    public int ShipmentsConfirmed => Volatile.Read(ref shipmentsConfirmed);

    /// <summary>Per SKU, the sum of every level pushed and every unit returned: the most stock that could ever have been sold.</summary>
    public IReadOnlyDictionary<string, long> StockSupplied => pushedTotal;

    /// <summary>Every return message sent, by message id.</summary>
    public IReadOnlyDictionary<string, ReturnSent> ReturnsSent => returns;

    public async Task StockAsync(IReadOnlyList<string> skus, int maxPerWarehouse, CancellationToken ct)
    {
        foreach (var sku in skus)
        {
            foreach (var warehouse in Ids)
            {
                await PushLevelAsync(sku, warehouse, Next(0, maxPerWarehouse + 1), ct);
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
                if (Next(4) == 0 && skus.Count > 0)
                {
                    var (sku, warehouse) = (skus[Next(skus.Count)], Ids[Next(Ids.Count)]);
                    var current = levels.GetValueOrDefault((sku, warehouse)).Level;
                    await PushLevelAsync(sku, warehouse, current + Next(1, 4), ct);
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

    /// <summary>
    /// A late level drop while a checkout holds units: each warehouse that reserves some of <paramref name="sku"/> counts
    /// between one unit and all it reserves plus one fewer on its shelves, as after a stock take that found breakage among
    /// the units no order has bought yet (the level it reports still covers the units orders bought and it has not
    /// shipped: this warehouse ships every order, so it never loses units it owes).
    /// </summary>
    public async Task DropLevelAsync(StockDocument stock, CancellationToken ct)
    {
        foreach (var warehouse in stock.Warehouses.Where(w => w.Reserved > 0 && Ids.Contains(w.WarehouseId)))
        {
            await PushLevelAsync(stock.Sku, warehouse.WarehouseId, Math.Max(warehouse.Committed, warehouse.Level - Next(1, (int)Math.Min(warehouse.Reserved, 10) + 2)), ct);
            metrics.Chaos("level drops");
        }
    }

    async Task PushLevelAsync(string sku, string warehouse, long level, CancellationToken ct)
    {
        long sequence;
        lock (gate)
        {
            sequence = levels.GetValueOrDefault((sku, warehouse)).Sequence + 1;
            levels[(sku, warehouse)] = (level, sequence);
        }

        pushedTotal.AddOrUpdate(sku, level, (_, total) => total + level);
        await SendAsync(WarehouseQueues.StockLevels, new StockLevelMessage(warehouse, sku, level, sequence), ct);
    }

    /// <summary>Every warehouse of the order confirms its shipment left (and sometimes arrived).</summary>
    public async Task ShipAsync(TrackedCheckout order, CancellationToken ct)
    {
        foreach (var warehouse in order.Warehouses)
        {
            var tracking = $"TRK{Next(1_000_000):D6}";
            order.Shipped(warehouse);
            await SendAsync(WarehouseQueues.ShipmentConfirmations, new ShipmentConfirmationMessage($"{order.OrderId}-{warehouse}-shipped", warehouse, order.OrderId, ShipmentStatus.Shipped, tracking), ct);
            if (Next(2) == 0)
            {
                await SendAsync(WarehouseQueues.ShipmentConfirmations, new ShipmentConfirmationMessage($"{order.OrderId}-{warehouse}-delivered", warehouse, order.OrderId, ShipmentStatus.Delivered, tracking), ct);
            }

            Interlocked.Increment(ref shipmentsConfirmed);
        }
    }

    /// <summary>
    /// Goods of a shipped order come back to the warehouses that shipped them: everything, or one unit of one line (then,
    /// sometimes, the rest in a second return); a message is sometimes delivered twice. Returns the messages sent.
    /// </summary>
    public async Task<int> ReturnAsync(TrackedCheckout order, CancellationToken ct)
    {
        var shipments = ShipmentsOf(order);
        if (shipments.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        var (warehouse, items) = shipments[Next(shipments.Count)];
        if (Next(2) == 0)
        {
            sent += await SendReturnAsync(order.OrderId, warehouse, items, "full", ct);
            metrics.Chaos("returns: full");
            return sent;
        }

        var first = items[0];
        sent += await SendReturnAsync(order.OrderId, warehouse, [first with { Quantity = 1 }], "partial-1", ct);
        metrics.Chaos("returns: partial");
        var rest = items.Select(i => i.Sku == first.Sku ? i with { Quantity = i.Quantity - 1 } : i).Where(i => i.Quantity > 0).ToArray();
        switch (Next(3))
        {
            case 0 when rest.Length > 0:
                sent += await SendReturnAsync(order.OrderId, warehouse, rest, "partial-2", ct);
                metrics.Chaos("returns: partial, then the rest");
                break;
            case 1:
                // The warehouse's system reports the whole parcel again under a new id, the unit already returned included.
                sent += await SendReturnAsync(order.OrderId, warehouse, items, "parcel", ct);
                metrics.Chaos("returns: partial, then the whole parcel reported again");
                break;
        }

        return sent;
    }

    async Task<int> SendReturnAsync(string orderId, string warehouse, IReadOnlyList<AllocatedItem> items, string part, CancellationToken ct)
    {
        var message = new ReturnReceivedMessage($"{orderId}-{warehouse}-return-{part}", warehouse, orderId, items);
        returns[message.MessageId] = new ReturnSent(message.MessageId, orderId, warehouse, items);
        foreach (var item in items)
        {
            // Returned units are back on the shelves, sellable again: supply (an upper bound, since the orders app
            // restocks at most what the order bought and each message once).
            pushedTotal.AddOrUpdate(item.Sku, item.Quantity, (_, total) => total + item.Quantity);
        }

        await SendAsync(WarehouseQueues.Returns, message, ct);
        if (Next(3) != 0)
        {
            return 1;
        }

        await SendAsync(WarehouseQueues.Returns, message, ct);
        metrics.Chaos("returns: delivered twice");
        return 2;
    }

    /// <summary>
    /// Each warehouse of the order answers the platform's request to stop its shipment: stopped, or too late (then the
    /// goods leave). False when the target takes no such answers (its orders app refunds a cancel without asking).
    /// </summary>
    public async Task<bool> AnswerCancellationAsync(TrackedCheckout order, bool alreadyShipped, CancellationToken ct)
    {
        foreach (var warehouse in order.Warehouses)
        {
            var answer = new CancellationAnswer($"{order.OrderId}-{warehouse}-cancel-answer", warehouse, order.OrderId, alreadyShipped ? CancellationAnswer.AlreadyShipped : CancellationAnswer.Cancelled);
            if (!await SendAsync(CancellationConfirmationsQueue, answer, ct))
            {
                return false;
            }
        }

        if (alreadyShipped)
        {
            await ShipAsync(order, ct);
        }

        return true;
    }

    /// <summary>Per warehouse, the units the order's shipment from it carries (from the last order view).</summary>
    static List<(string Warehouse, AllocatedItem[] Items)> ShipmentsOf(TrackedCheckout order)
        => [.. (order.Order?.Shipments ?? [])
                .Select(s => (s.WarehouseId!, (s.Items ?? []).Select(i => new AllocatedItem(i.Sku!, i.Quantity ?? 0)).ToArray()))
                .Where(s => s.Item2.Length > 0)];

    async Task<bool> SendAsync<T>(string queue, T message, CancellationToken ct)
    {
        try
        {
            await queues.SendAsync(queue, JsonSerializer.Serialize(message, CommerceJson.Options), ct);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Azure.RequestFailedException or HttpRequestException)
        {
            metrics.Error($"warehouse {queue}: {ex.GetType().Name}");
            return false;
        }
    }

    /// <summary>The shared random source, used by the warehouses' loop and the chaos shoppers at once.</summary>
    int Next(int maxExclusive)
    {
        lock (gate)
        {
            return random.Next(maxExclusive);
        }
    }

    int Next(int minInclusive, int maxExclusive)
    {
        lock (gate)
        {
            return random.Next(minInclusive, maxExclusive);
        }
    }
}

/// <summary>A return message a warehouse sent: which order, where the goods came back, and what.</summary>
public sealed record ReturnSent(string MessageId, string OrderId, string WarehouseId, IReadOnlyList<AllocatedItem> Items);

/// <summary>
/// A warehouse's answer on <see cref="Warehouses.CancellationConfirmationsQueue"/> to a request to stop its shipment of an
/// order: <c>cancelled</c> (stopped) or <c>alreadyShipped</c>.
/// </summary>
public sealed record CancellationAnswer(string MessageId, string WarehouseId, string OrderId, string Outcome)
{
    public const string Cancelled = "cancelled";
    public const string AlreadyShipped = "alreadyShipped";
}
