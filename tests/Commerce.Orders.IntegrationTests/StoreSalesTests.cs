using System.Collections.Concurrent;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.DevHost.Functions;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.Testing;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The dev host with two stores: one the retailer lets allocate online orders, one it does not (the default).</summary>
public sealed class StoresOrdersHost : OrdersHost
{
    public const string Online = "store-soho";
    public const string TillOnly = "store-mall";

    protected override IReadOnlyDictionary<string, string?> Settings => Stores;

    /// <summary>The two stores' settings (<c>Orders:Stores</c>).</summary>
    public static IReadOnlyDictionary<string, string?> Stores { get; } = new Dictionary<string, string?>
    {
        ["Orders:Stores:0:Id"] = Online,
        ["Orders:Stores:0:Location"] = "New York, NY",
        ["Orders:Stores:0:ShipmentCostMinor"] = "300",
        ["Orders:Stores:0:UnitCostMinor"] = "20",
        ["Orders:Stores:0:AllocateOnlineOrders"] = "true",
        ["Orders:Stores:1:Id"] = TillOnly,
        ["Orders:Stores:1:Location"] = "Paramus, NJ",
        ["Orders:Stores:1:ShipmentCostMinor"] = "100",
        ["Orders:Stores:1:UnitCostMinor"] = "10",
    };
}

/// <summary>Stores as locations: the <c>store-sales</c> queue through the dev host's trigger, and online allocation from stores.</summary>
public sealed class StoreSalesTests(StoresOrdersHost host) : IClassFixture<StoresOrdersHost>
{
    const string Online = StoresOrdersHost.Online;
    const string TillOnly = StoresOrdersHost.TillOnly;
    static readonly DateTimeOffset SoldAt = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string NewSku(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    static string Json(object value) => JsonSerializer.Serialize(value, CommerceJson.Options);

    static string Sale(string store, string sku, int quantity, long sequence) => Json(new StoreSale(store, sku, quantity, sequence, $"till-{sequence}", SoldAt));

    Task SendAsync(string body) => host.Broker.SendAsync(StoreSale.Queue, body, Ct).AsTask();

    async Task<StoreSalesMark?> MarkAsync(string sku, string store) => (await host.StockAsync(sku)).StoreSales.FirstOrDefault(m => m.StoreId == store);

    Task WaitForSaleAsync(string sku, string store, long sequence) => Eventually.UntilAsync(
        async () => (await MarkAsync(sku, store))?.Sequence == sequence, OrdersHost.Deadline, because: $"sale {sequence} of {store} to be applied", cancellationToken: Ct);

    async Task SellAsync(string store, string sku, int quantity, long sequence)
    {
        await SendAsync(Sale(store, sku, quantity, sequence));
        await WaitForSaleAsync(sku, store, sequence);
    }

    static long OnHandAt(StockDocument stock, string location) => stock.Warehouses.FirstOrDefault(w => w.WarehouseId == location)?.OnHand ?? 0;

    [Fact]
    public async Task A_store_sale_takes_its_units_off_that_stores_on_hand_and_nowhere_else()
    {
        var sku = NewSku("till");
        await host.SeedAsync(sku, ("wh-east", 4), (Online, 5), (TillOnly, 3));

        await SellAsync(Online, sku, 2, 1);

        var stock = await host.StockAsync(sku);
        Assert.Equal((4L, 3L, 3L), (OnHandAt(stock, "wh-east"), OnHandAt(stock, Online), OnHandAt(stock, TillOnly)));
        Assert.Equal(new StoreSalesMark(Online, 1, 0), Assert.Single(stock.StoreSales));
    }

    [Fact]
    public async Task A_store_sale_beyond_on_hand_stops_at_zero_and_records_the_shortfall()
    {
        var sku = NewSku("short");
        await host.SeedAsync(sku, ("wh-east", 4), (TillOnly, 2));

        await SellAsync(TillOnly, sku, 5, 7);
        await SellAsync(TillOnly, sku, 1, 8);

        var stock = await host.StockAsync(sku);
        Assert.Equal((0L, 4L), (OnHandAt(stock, TillOnly), OnHandAt(stock, "wh-east")));
        Assert.Equal(new StoreSalesMark(TillOnly, 8, 4), Assert.Single(stock.StoreSales));
        Assert.All(stock.Warehouses, w => Assert.True(w.OnHand >= 0 && w.Backordered == 0));
    }

    [Fact]
    public async Task An_exact_redelivery_of_an_applied_store_sale_completes_as_done_and_its_units_leave_on_hand_once()
    {
        var sku = NewSku("again");
        await host.SeedAsync(sku, ("wh-east", 4), (Online, 9));
        string[] sales = [Sale(Online, sku, 2, 1), Sale(Online, sku, 3, 2)];
        var completions = new ConcurrentQueue<string>();
        void Record(object? sender, CompletedMessage message)
        {
            if (message.Queue == StoreSale.Queue)
            {
                completions.Enqueue(message.Body);
            }
        }

        host.Broker.Completed += Record;
        try
        {
            await SendAsync(sales[0]);
            await WaitForSaleAsync(sku, Online, 1);
            await SendAsync(sales[1]);
            await WaitForSaleAsync(sku, Online, 2);

            // The queue delivers both again, as when a host handled a message and stopped before deleting it: the latest
            // sale and one a newer sale has followed.
            foreach (var sale in sales)
            {
                await SendAsync(sale);
            }

            await Eventually.UntilAsync(
                () => sales.All(s => completions.Count(c => c == s) == 2 || host.Broker.Poisoned.Any(p => p.Body == s)),
                OrdersHost.Deadline,
                because: "each redelivered sale to be handled or poisoned",
                cancellationToken: Ct);
        }
        finally
        {
            host.Broker.Completed -= Record;
        }

        Assert.Empty(host.Broker.Poisoned.Where(p => sales.Contains(p.Body)).Select(p => p.Reason));
        var stock = await host.StockAsync(sku);
        Assert.Equal((4L, 4L), (OnHandAt(stock, "wh-east"), OnHandAt(stock, Online)));
        Assert.Equal(new StoreSalesMark(Online, 2, 0), Assert.Single(stock.StoreSales));
    }

    [Fact]
    public async Task Store_sales_with_an_unknown_store_or_sku_a_quantity_below_one_a_stale_sequence_or_a_sequence_applied_to_another_sale_are_poisoned_with_the_reason_and_change_nothing()
    {
        var sku = NewSku("bad");
        await host.SeedAsync(sku, ("wh-east", 4), (Online, 5));
        await SellAsync(Online, sku, 1, 4);
        await SellAsync(Online, sku, 1, 5);
        var before = await host.StockAsync(sku);

        (string Body, string Reason)[] bad =
        [
            (Sale("store-nowhere", sku, 1, 6), "storeId 'store-nowhere' is not a known store"),
            (Sale("wh-east", sku, 1, 6), "storeId 'wh-east' is not a known store"),
            (Sale(Online, NewSku("unknown"), 1, 6), "is not a known SKU"),
            (Sale(Online, sku, 0, 6), "quantity must be positive"),
            (Sale(Online, sku, -3, 6), "quantity must be positive"),
            (Sale(Online, sku, 1, 0), "sequence must be positive"),
            (Sale(Online, sku, 2, 5), $"sequence 5 of store '{Online}' for {sku} was applied already to another sale"),
            (Json(new StoreSale(Online, sku, 1, 5, "till-other", SoldAt)), $"sequence 5 of store '{Online}' for {sku} was applied already to another sale"),
            (Sale(Online, sku, 3, 4), $"sequence 4 of store '{Online}' for {sku} was applied already to another sale"),
            (Sale(Online, sku, 1, 3), "is stale: 5 was applied already"),
            (Json(new { storeId = Online, sku, quantity = 1, sequence = 6, saleId = "till-6" }), "not valid JSON"),
            ("a till receipt, not JSON", "not valid JSON"),
        ];
        foreach (var (body, _) in bad)
        {
            await SendAsync(body);
        }

        await Eventually.UntilAsync(() => host.Broker.Poisoned.Count(p => p.Queue == StoreSale.Queue) >= bad.Length, OrdersHost.Deadline, because: "every bad store sale to be poisoned", cancellationToken: Ct);

        var poisoned = host.Broker.Poisoned.Where(p => p.Queue == StoreSale.Queue).ToDictionary(p => p.Body, p => p.Reason);
        Assert.All(bad, b => Assert.Contains(b.Reason, poisoned[b.Body], StringComparison.Ordinal));
        var after = await host.StockAsync(sku);
        Assert.Equal(before.Warehouses, after.Warehouses);
        Assert.Equal(before.StoreSales, after.StoreSales);
        Assert.Null(await host.Inventory.GetAsync(JsonSerializer.Deserialize<StoreSale>(bad[2].Body, CommerceJson.Options)!.Sku, Ct));
    }

    [Fact]
    public async Task Checkout_allocates_from_a_store_only_where_the_retailer_lets_it_allocate_online_orders()
    {
        var (tillOnly, online) = (NewSku("mall"), NewSku("soho"));
        await host.SeedAsync(tillOnly, (TillOnly, 3));
        await host.SeedAsync(online, (Online, 3));

        var refused = await OrdersHost.WaitForOutcomeAsync(http, await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (tillOnly, 1)));
        var allocated = await OrdersHost.WaitForOutcomeAsync(http, await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (online, 1)));

        Assert.Equal("failed", refused.GetProperty("status").GetString());
        Assert.Equal(CheckoutFailureCodes.OutOfStock, refused.GetProperty("failure").GetProperty("code").GetString());
        Assert.Equal((3L, 0L), (OnHandAt(await host.StockAsync(tillOnly), TillOnly), (await host.StockAsync(tillOnly)).Warehouses.Sum(w => w.Committed)));
        Assert.Equal("fulfilling", allocated.GetProperty("status").GetString());
        var store = Assert.Single((await host.StockAsync(online)).Warehouses);
        Assert.Equal((Online, 2L, 1L), (store.WarehouseId, store.OnHand, store.Committed));
    }

    [Fact]
    public async Task A_till_selling_while_twelve_online_buyers_race_for_five_store_units_never_oversells_or_counts_below_zero()
    {
        var sku = NewSku("race");
        await host.SeedAsync(sku, (Online, 5));

        var checkouts = Task.WhenAll(Enumerable.Range(0, 12).Select(async _ => await OrdersHost.WaitForOutcomeAsync(http, await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (sku, 1)))));
        var seen = new List<StockDocument>();
        for (var sequence = 1; sequence <= 8; sequence++)
        {
            await SellAsync(Online, sku, 1, sequence);
            seen.Add(await host.StockAsync(sku));
        }

        var outcomes = await checkouts;
        var stock = await host.StockAsync(sku);
        seen.Add(stock);

        var bought = outcomes.Count(o => o.GetProperty("status").GetString() == "fulfilling");
        Assert.All(outcomes.Where(o => o.GetProperty("status").GetString() != "fulfilling"), o => Assert.Equal(CheckoutFailureCodes.OutOfStock, o.GetProperty("failure").GetProperty("code").GetString()));
        var tillSold = 8 - Assert.Single(stock.StoreSales).Shortfall;
        var store = Assert.Single(stock.Warehouses);
        Assert.Equal(5, bought + tillSold + store.OnHand); // every unit is bought online, sold at the till or still there: none twice
        Assert.Equal(bought, store.Committed);
        Assert.All(seen.SelectMany(s => s.Warehouses), w => Assert.True(w.OnHand >= 0 && w.Reserved <= w.OnHand && w.Backordered == 0, $"{w}"));
    }
}
