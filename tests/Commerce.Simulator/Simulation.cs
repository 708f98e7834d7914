using System.Diagnostics;
using Commerce.Orders.Domain;
using Commerce.Testing;

namespace Commerce.Simulator;

/// <summary>
/// One run against a target: discover what it serves, stock SKUs through the warehouses, shop for the duration (with the
/// chaos shoppers under <c>--chaos</c>) while warehouses restock and ship, let in-flight checkouts settle, then read
/// every order and the stock back and check the invariants.
/// </summary>
public sealed class Simulation(SimulatorOptions options, HttpClient http, OpenApiContractHandler contract)
{
    static readonly TimeSpan SetupDeadline = TimeSpan.FromSeconds(120);

    public Metrics Metrics { get; } = new();

    public CheckoutLedger Ledger { get; } = new();

    public string Phase { get; private set; } = "starting";

    public Stopwatch Shopping { get; } = new();

    public async Task<Report> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        Phase = "discovering";
        var store = await Storefront.DiscoverAsync(http, contract, Metrics, cancellationToken);
        IWarehouseQueues queues = options.UsesStorageQueues ? await StorageWarehouseQueues.CreateAsync(options, Metrics, cancellationToken) : new AdminApiWarehouseQueues(http, Metrics);
        var warehouses = new Warehouses(queues, Ledger, Metrics, options.Seed);

        Phase = "waiting for the catalog";
        store.StockedSkus = await ChooseSkusAsync(store, cancellationToken);
        Phase = $"stocking {store.StockedSkus.Count} SKUs";
        await warehouses.StockAsync(store.StockedSkus, options.StockPerWarehouse, cancellationToken);
        await Eventually.UntilAsync(async () => (await ReadStockAsync(store, cancellationToken)).Values.All(s => s is not null), SetupDeadline, TimeSpan.FromMilliseconds(500), because: "the warehouses' stock levels to be applied", cancellationToken: cancellationToken);

        Phase = "shopping";
        Shopping.Start();
        using var stopShopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stopShopping.CancelAfter(options.Duration);
        using var stopWarehouses = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var warehouseRun = warehouses.RunAsync(store.StockedSkus, stopWarehouses.Token);
        var chaos = new ChaosRun(options.SeedsChaosPromotions);
        await Task.WhenAll(Enumerable.Range(0, options.Shoppers).Select(i => new Shopper(store, Ledger, options.WebhookSecret, options.Seed * 100_003 + i).RunAsync(stopShopping.Token))
            .Concat(Enumerable.Range(0, options.ChaosShoppers).Select(i => new ChaosShopper(store, Ledger, warehouses, chaos, options.WebhookSecret, options.Seed * 200_003 + i, i).RunAsync(stopShopping.Token))));
        var shoppingTime = Shopping.Elapsed;
        Shopping.Stop();

        Phase = "draining";
        var drainUntil = Stopwatch.GetTimestamp() + (long)(options.Drain.TotalSeconds * Stopwatch.Frequency);
        List<FinalOrderRead> reads;
        do
        {
            reads = await ReadOrdersAsync(store, cancellationToken);
        }
        while (Ledger.All.Any(c => !OrderStatuses.SagaEnded(c.Status)) && Stopwatch.GetTimestamp() < drainUntil && await Pause(cancellationToken));

        await stopWarehouses.CancelAsync();
        await warehouseRun;

        Phase = "reconciling";
        var inventory = await ReadStockAsync(store, cancellationToken);
        var sold = Ledger.UnitsSold();
        var snapshots = Snapshots.Of(Ledger.All, warehouses.ReturnsSent);
        (string Name, IReadOnlyList<string> Violations)[] checks =
        [
            ("no lost order", Invariants.CheckOrders(reads)),
            ("no oversell (on hand never negative)", [.. Invariants.CheckStock(inventory, warehouses.StockSupplied, sold), .. chaos.StockViolations]),
            ("at most one order per cart", Invariants.CheckOneOrderPerCart(snapshots)),
            ("promotions within limits", Invariants.CheckPromotionLimits(snapshots, ChaosPromotions.Limits(options.SeedsChaosPromotions))),
            ("refunds within captured", Invariants.CheckRefunds(snapshots)),
            ("every checkout terminal", Invariants.CheckTerminal(snapshots)),
            ("cancelled orders shipped nothing", Invariants.CheckCancels(snapshots)),
        ];
        foreach (var violation in checks.SelectMany(c => c.Violations))
        {
            Metrics.Violation(violation);
        }

        var fiveXx = Metrics.Violations.Count(v => v.StartsWith("5xx", StringComparison.Ordinal));
        var idempotency = Metrics.Violations.Count(v => v.StartsWith("idempotency", StringComparison.Ordinal));
        IReadOnlyList<InvariantResult> invariants =
        [
            new("no 5xx", fiveXx == 0, fiveXx),
            .. checks.Select(c => new InvariantResult(c.Name, c.Violations.Count == 0, c.Violations.Count)),
            new("idempotent checkout", idempotency == 0, idempotency),
        ];
        Phase = "done";
        return new Report(
            http.BaseAddress!.ToString(),
            startedAt,
            Math.Round(shoppingTime.TotalSeconds, 1),
            options.Shoppers,
            Metrics.Total,
            Metrics.Summarise(shoppingTime),
            Metrics.ErrorsByType,
            Ledger.Summarise(),
            Ledger.All.Count(c => !OrderStatuses.SagaEnded(c.Status)),
            warehouses.ShipmentsConfirmed,
            Invariants.Reconcile(inventory, warehouses.StockSupplied, sold),
            invariants,
            [.. Metrics.Violations])
        {
            Chaos = Metrics.ChaosCounts.ToDictionary(StringComparer.Ordinal),
        };
    }

    static async Task<bool> Pause(CancellationToken cancellationToken)
    {
        await Task.Delay(250, cancellationToken);
        return true;
    }

    /// <summary>The first <see cref="SimulatorOptions.Skus"/> SKUs of the catalog's first products, two per product, once the catalog has them.</summary>
    async Task<IReadOnlyList<string>> ChooseSkusAsync(Storefront store, CancellationToken cancellationToken)
    {
        var skus = new List<string>();
        await Eventually.UntilAsync(async () =>
        {
            skus.Clear();
            var page = await store.CallAsync("GET /api/products", call => store.Api.Products.GetAsync(c => { c.QueryParameters.PageSize = 100; call.Configure(c); }, cancellationToken), cancellationToken);
            if (page.Body?.Items is not { } items)
            {
                return false;
            }

            foreach (var item in items)
            {
                var product = await store.CallAsync("GET /api/products/{id}", call => store.Api.Products[item.Id!].GetAsync(call.Configure, cancellationToken), cancellationToken);
                store.Learn(item.Id, item.Name, item.CategoryId);
                skus.AddRange((product.Body?.Variants ?? []).Take(2).Select(v => v.Sku!));

                if (skus.Count >= options.Skus)
                {
                    return true;
                }
            }

            return false;
        }, SetupDeadline, TimeSpan.FromMilliseconds(500), because: $"the catalog to list products with {options.Skus} SKUs", cancellationToken: cancellationToken);
        return skus.Take(options.Skus).ToArray();
    }

    async Task<List<FinalOrderRead>> ReadOrdersAsync(Storefront store, CancellationToken cancellationToken)
    {
        var reads = new List<FinalOrderRead>();
        foreach (var checkout in Ledger.All)
        {
            var reply = await store.ReadOrderAsync(checkout, cancellationToken);
            if (reply.Body is { } view)
            {
                Ledger.Observe(checkout, view);
            }

            reads.Add(new FinalOrderRead(checkout.OrderId, reply.Status, reply.Body?.Status));
        }

        return reads;
    }

    async Task<Dictionary<string, StockDocument?>> ReadStockAsync(Storefront store, CancellationToken cancellationToken)
    {
        var stock = new Dictionary<string, StockDocument?>(StringComparer.Ordinal);
        foreach (var sku in store.StockedSkus)
        {
            stock[sku] = await store.ReadStockAsync(sku, cancellationToken);
        }

        return stock;
    }
}
