using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The warehouse queue flow on the embedded SQLite store.</summary>
public sealed class SqliteWarehouseQueueTests(OrdersHost host) : WarehouseQueueTests(host), IClassFixture<OrdersHost>;

/// <summary>The warehouse queue flow with every app on the Cosmos DB adapter (the Cosmos DB server from npm).</summary>
public sealed class CosmosWarehouseQueueTests(CosmosOrdersHost host) : WarehouseQueueTests(host), IClassFixture<CosmosOrdersHost>;

/// <summary>Warehouse queues through the dev host's queue triggers (the in-process broker, with the host's retry-then-poison semantics).</summary>
public abstract class WarehouseQueueTests(OrdersHost host)
{
    readonly HttpClient http = host.CreateShopperClient();

    static string Json(object value) => JsonSerializer.Serialize(value, CommerceJson.Options);

    [Fact]
    public void Every_app_runs_on_the_document_store_adapter_the_host_names()
    {
        var adapter = host.Services.GetRequiredKeyedService<Commerce.Documents.IDocumentStore>(DocumentStoreServiceCollectionExtensions.AdapterKey);

        Assert.Equal(host.Provider == DocumentProvider.Cosmos ? typeof(Commerce.Documents.Cosmos.CosmosDocumentStore) : typeof(Commerce.Documents.Sqlite.SqliteDocumentStore), adapter.GetType());
    }

    [Fact]
    public async Task A_thousand_stock_messages_with_duplicates_reordering_and_malformed_ones_leave_the_newest_level_and_poison_every_bad_one()
    {
        var random = new Random(42);
        var skus = Enumerable.Range(0, 5).Select(i => $"stockq-{i}-{Guid.NewGuid():N}"[..20]).ToArray();
        string[] warehouses = ["wh-east", "wh-central", "wh-west"];
        var expected = new Dictionary<(string Sku, string Warehouse), (long Sequence, long Level)>();
        var good = new List<string>();
        for (var i = 0; good.Count < 900; i++)
        {
            var (sku, warehouse) = (skus[random.Next(skus.Length)], warehouses[random.Next(warehouses.Length)]);
            var sequence = (long)random.Next(1, 400);
            var level = (long)random.Next(0, 1000);
            if (expected.TryGetValue((sku, warehouse), out var seen) && seen.Sequence == sequence)
            {
                level = seen.Level; // a duplicate is the same message again
            }

            if (!expected.TryGetValue((sku, warehouse), out var newest) || sequence > newest.Sequence)
            {
                expected[(sku, warehouse)] = (sequence, level);
            }

            var message = Json(new StockLevelMessage(warehouse, sku, level, sequence));
            good.Add(message);
            if (random.Next(10) == 0)
            {
                good.Add(message);
            }
        }

        good = [.. good.Take(900)];
        expected.Clear();
        foreach (var m in good.Select(m => JsonSerializer.Deserialize<StockLevelMessage>(m, CommerceJson.Options)!))
        {
            if (!expected.TryGetValue((m.Sku, m.WarehouseId), out var newest) || m.Sequence > newest.Sequence)
            {
                expected[(m.Sku, m.WarehouseId)] = (m.Sequence, m.OnHand);
            }
        }

        string Malformed(int i) => (i % 6) switch
        {
            0 => $"not json at all #{i}",
            1 => Json(new { warehouseId = "wh-nowhere", sku = skus[0], onHand = 5, sequence = 9, n = i }),
            2 => Json(new { warehouseId = "wh-east", onHand = 5, sequence = 9, n = i }),
            3 => Json(new { warehouseId = "wh-east", sku = skus[0], onHand = -5, sequence = 9, n = i }),
            4 => Json(new { warehouseId = "wh-east", sku = skus[0], onHand = 5, sequence = 0, n = i }),
            _ => Json(new { warehouseId = "wh-east", sku = skus[0], onHand = "many", sequence = 1, n = i }),
        };
        var malformed = Enumerable.Range(0, 100).Select(Malformed).ToList();

        var all = good.Concat(malformed).OrderBy(_ => random.Next()).ToList();
        Assert.Equal(1000, all.Count);
        foreach (var message in all)
        {
            await host.Broker.SendAsync(WarehouseQueues.StockLevels, message, TestContext.Current.CancellationToken);
        }

        await Eventually.UntilAsync(() => host.Broker.Poisoned.Count(p => p.Queue == WarehouseQueues.StockLevels) >= malformed.Count, OrdersHost.Deadline, because: "every malformed message to be poisoned", cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.UntilAsync(async () =>
        {
            foreach (var ((sku, warehouse), (sequence, level)) in expected)
            {
                var stock = await host.Inventory.GetAsync(sku, TestContext.Current.CancellationToken);
                var at = stock?.Warehouses.FirstOrDefault(w => w.WarehouseId == warehouse);
                if (at is null || at.Sequence != sequence || at.OnHand != level)
                {
                    return false;
                }
            }

            return true;
        }, OrdersHost.Deadline, because: "every warehouse's newest level to be applied", cancellationToken: TestContext.Current.CancellationToken);

        var poisoned = host.Broker.Poisoned.Where(p => p.Queue == WarehouseQueues.StockLevels).ToList();
        Assert.Equal(malformed.Order(), poisoned.Select(p => p.Body).Order());
        Assert.All(poisoned, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));
        Assert.Contains(poisoned, p => p.Reason.Contains("not a known warehouse", StringComparison.Ordinal));
        Assert.Contains(poisoned, p => p.Reason.Contains("not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shipment_confirmations_advance_the_order_to_shipped_then_delivered()
    {
        var (a, b) = ("ship-a-" + Guid.NewGuid().ToString("N")[..6], "ship-b-" + Guid.NewGuid().ToString("N")[..6]);
        await host.SeedAsync(a, ("wh-east", 1));
        await host.SeedAsync(b, ("wh-west", 1));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (a, 1), (b, 1));
        await OrdersHost.WaitForOutcomeAsync(http, orderId);

        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, Json(new ShipmentConfirmationMessage("s1", "wh-east", orderId, ShipmentStatus.Shipped, "T-1")), TestContext.Current.CancellationToken);
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "partiallyShipped");

        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, Json(new ShipmentConfirmationMessage("s2", "wh-west", orderId, ShipmentStatus.Shipped, "T-2")), TestContext.Current.CancellationToken);
        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, Json(new ShipmentConfirmationMessage("s2", "wh-west", orderId, ShipmentStatus.Shipped, "T-2")), TestContext.Current.CancellationToken);
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "shipped");

        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, Json(new ShipmentConfirmationMessage("d1", "wh-east", orderId, ShipmentStatus.Delivered, null)), TestContext.Current.CancellationToken);
        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, Json(new ShipmentConfirmationMessage("d2", "wh-west", orderId, ShipmentStatus.Delivered, null)), TestContext.Current.CancellationToken);
        var delivered = await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "delivered");

        var statuses = delivered.GetProperty("order").GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("status").GetString()).ToList();
        Assert.Equal(["pending", "paid", "allocated", "fulfilling", "partiallyShipped", "shipped", "delivered"], statuses);

        await host.Broker.SendAsync(WarehouseQueues.Returns, Json(new ReturnReceivedMessage("r1", "wh-east", orderId, [new AllocatedItem(a, 1), new AllocatedItem(b, 1)])), TestContext.Current.CancellationToken);
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "refunded");

        // The order records the refund it owes before paying it (so a crash in between finishes it): the payment follows.
        async Task<PaymentState?> Payment() => (await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), TestContext.Current.CancellationToken))?.State;
        await Eventually.UntilAsync(async () => await Payment() == PaymentState.Refunded, OrdersHost.Deadline, because: "the return's refund to be paid", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(PaymentState.Refunded, await Payment());
    }

    [Fact]
    public async Task A_shipment_confirmation_for_an_unknown_order_is_poisoned_with_the_reason()
    {
        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, Json(new ShipmentConfirmationMessage("x1", "wh-east", "ord_ffff", ShipmentStatus.Shipped, null)), TestContext.Current.CancellationToken);

        await Eventually.UntilAsync(() => host.Broker.Poisoned.Any(p => p.Queue == WarehouseQueues.ShipmentConfirmations && p.Reason.Contains("ord_ffff", StringComparison.Ordinal)), OrdersHost.Deadline, cancellationToken: TestContext.Current.CancellationToken);
    }
}
