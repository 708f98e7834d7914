using System.Text;
using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;

namespace Commerce.Orders.IntegrationTests;

/// <summary>
/// The queue equivalent of the HTTP fuzz test: thousands of malformed warehouse messages (broken JSON, wrong types, huge
/// numbers, unknown warehouses and orders, negative quantities, deep nesting, oversize) on all three warehouse queues,
/// mixed with valid stock levels, through the dev host's queue triggers. Every malformed one ends in the poison queue with
/// a reason, none is lost or applied, and every valid one is applied.
/// </summary>
public sealed class WarehouseQueueFuzzTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    const int Seed = 20261125;
    const int MalformedPerQueue = 1_200;
    const int ValidStockLevels = 300;

    static string Json(object value) => JsonSerializer.Serialize(value, CommerceJson.Options);

    static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    static string Garbage(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(1, 0x2FF);
        }

        return new string(chars);
    }

    /// <summary>The <paramref name="i"/>th malformed message for <paramref name="queue"/>: each unique, each broken in one of many ways.</summary>
    static string Malformed(string queue, int i, Random random)
    {
        var id = $"fz-{i}";
        var valid = queue switch
        {
            WarehouseQueues.StockLevels => Json(new { warehouseId = "wh-east", sku = id, onHand = 5, sequence = 1 }),
            WarehouseQueues.ShipmentConfirmations => Json(new { messageId = id, warehouseId = "wh-east", orderId = "ord_0", status = "shipped" }),
            _ => Json(new { messageId = id, warehouseId = "wh-east", orderId = "ord_0", items = new[] { new { sku = "s", quantity = 1 } } }),
        };
        return (i % 16) switch
        {
            0 => valid[..random.Next(1, valid.Length - 1)] + $" /*{i}*/",                       // truncated JSON
            1 => $"{i}:" + Garbage(random, random.Next(1, 200)),                                  // not JSON at all
            2 => $"{{\"warehouseId\": 5, \"sku\": [{i}], \"onHand\": \"many\", \"sequence\": true, \"messageId\": {{}}, \"orderId\": 1.5, \"items\": \"x\", \"status\": 3}}",
            3 => $"{{\"warehouseId\": \"wh-east\", \"sku\": \"{id}\", \"onHand\": 1e400, \"sequence\": 99999999999999999999999, \"messageId\": \"{id}\", \"orderId\": \"ord_1\", \"status\": \"shipped\", \"items\": [{{\"sku\": \"s\", \"quantity\": 99999999999}}]}}",
            4 => valid.Replace("wh-east", "wh-nowhere-" + i, StringComparison.Ordinal),          // unknown warehouse
            5 => $"{{\"warehouseId\": \"wh-west\", \"sku\": \"{id}\", \"onHand\": -{i + 1}, \"sequence\": 1, \"messageId\": \"{id}\", \"orderId\": \"ord_1\", \"status\": \"returned\", \"items\": [{{\"sku\": \"s\", \"quantity\": -3}}]}}",
            6 => $"{{\"n\": {i}, \"warehouseId\": " + Nested(random.Next(65, 2_000)) + "}",      // deeper than the parser allows
            7 => valid.Replace(id, id + new string('x', 200), StringComparison.Ordinal),          // identifier too long
            8 => valid + new string(' ', WarehouseMessageParser.MaxMessageLength) + $"/*{i}*/",  // oversize body
            9 => i % 32 == 9 ? $"null /*{i}*/" : $"[{i}]",
            10 => $"{{\"n\": {i}}}",                                                              // every field missing
            11 => valid.Replace("\"wh-east\"", "null", StringComparison.Ordinal),
            12 => valid.Replace("\"shipped\"", "\"teleported\"", StringComparison.Ordinal).Replace("\"onHand\":5", "\"onHand\":5.5", StringComparison.Ordinal).Replace("\"quantity\":1", "\"quantity\":0", StringComparison.Ordinal),
            13 => queue == WarehouseQueues.StockLevels
                ? valid.Replace("\"sequence\":1", "\"sequence\":" + (i % 2 == 0 ? "0" : "-7"), StringComparison.Ordinal)
                : valid.Replace("ord_0", "ord_unknown" + i, StringComparison.Ordinal),           // valid schema, no such order
            14 => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(valid).Select((b, k) => k == valid.Length / 2 ? (byte)'}' : b).ToArray()) + i,
            _ => $"  \"{id}\"  ",
        };
    }

    [Fact]
    public async Task Thousands_of_malformed_warehouse_messages_all_land_in_poison_with_a_reason_and_valid_ones_are_applied()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(Seed);
        string[] queues = [WarehouseQueues.StockLevels, WarehouseQueues.ShipmentConfirmations, WarehouseQueues.Returns];
        var malformed = queues.ToDictionary(q => q, q => Enumerable.Range(0, MalformedPerQueue).Select(i => Malformed(q, i, random)).ToList());
        Assert.All(malformed.Values, list => Assert.Equal(list.Count, list.Distinct().Count()));

        var skus = Enumerable.Range(0, 10).Select(i => $"fuzzq-{i}-{Guid.NewGuid():N}"[..24]).ToArray();
        var valid = Enumerable.Range(1, ValidStockLevels)
            .Select(n => new StockLevelMessage(n % 3 == 0 ? "wh-west" : "wh-east", skus[n % skus.Length], n * 2L, n))
            .ToList();
        var sends = malformed.SelectMany(kv => kv.Value.Select(body => (Queue: kv.Key, Body: body)))
            .Concat(valid.Select(m => (Queue: WarehouseQueues.StockLevels, Body: Json(m))))
            .OrderBy(_ => random.Next())
            .ToList();
        Assert.True(sends.Count >= 3_000);

        foreach (var (queue, body) in sends)
        {
            await host.Broker.SendAsync(queue, body, ct);
        }

        var expectedPoison = malformed.Sum(kv => kv.Value.Count);
        await Eventually.UntilAsync(() => host.Broker.Poisoned.Count >= expectedPoison, TimeSpan.FromMinutes(3), because: "every malformed message to be poisoned", cancellationToken: ct);

        var expectedLevels = valid.GroupBy(m => (m.Sku, m.WarehouseId)).ToDictionary(g => g.Key, g => g.MaxBy(m => m.Sequence)!);
        await Eventually.UntilAsync(async () =>
        {
            foreach (var ((sku, warehouse), newest) in expectedLevels)
            {
                var at = (await host.Inventory.GetAsync(sku, ct))?.Warehouses.FirstOrDefault(w => w.WarehouseId == warehouse);
                if (at is null || at.Sequence != newest.Sequence || at.OnHand != newest.OnHand)
                {
                    return false;
                }
            }

            return true;
        }, OrdersHost.Deadline, because: "every valid stock level to be applied", cancellationToken: ct);

        var poisoned = host.Broker.Poisoned.ToList();
        Assert.Equal(expectedPoison, poisoned.Count);
        foreach (var queue in queues)
        {
            Assert.Equal(malformed[queue].Order(StringComparer.Ordinal), poisoned.Where(p => p.Queue == queue).Select(p => p.Body).Order(StringComparer.Ordinal));
        }

        Assert.All(poisoned, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));
        Assert.All(poisoned, p => Assert.Equal(5, p.DequeueCount));
        string[] reasons = ["not valid JSON", "not a known warehouse", "must not be negative", "must be at most", "longer than", "does not exist", "sequence must be positive"];
        Assert.All(reasons, reason => Assert.Contains(poisoned, p => p.Reason.Contains(reason, StringComparison.Ordinal)));

        // Nothing a malformed message named was applied.
        Assert.Null(await host.Inventory.GetAsync("fz-4", ct));
        Assert.Null(await host.Inventory.GetAsync("fz-7" + new string('x', 200), ct));
    }
}
