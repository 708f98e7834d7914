using System.Diagnostics;
using System.Globalization;
using Commerce.Analytics.Domain.Summary;
using Commerce.Analytics.Testing;
using Commerce.Benchmarks.Orders;
using Commerce.Cart.Domain;
using Commerce.Cart.Storage;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Orders.Domain;
using Commerce.Replenishment;
using Commerce.Replenishment.Domain;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Benchmarks.Replenishment;

/// <summary>
/// <c>replenishment-run</c>: the whole nightly replenishment run (the <c>NightlyReplenishmentRun</c> orchestration the
/// timer starts: train once, plan the 16 partitions of SKUs as activities, send the day's suggestions) on the dev host,
/// in process, with its embedded store (SQLite in a fresh data folder) and its durable engine. Seeded first (not timed),
/// through the writers and containers of the contexts that own each piece, for <c>--series</c> SKU x warehouse series
/// (two warehouses, so half as many SKUs): the shipped-units history (<see cref="DemandRecord"/>s as the feed stores them,
/// <c>--days</c> days of <see cref="DemandSimulation"/> demand), the catalog's <see cref="SkuSnapshot"/>s (20 categories),
/// the orders context's stock (<see cref="InventoryService.SeedAsync"/>), each SKU's supplier, the supply terms and
/// service levels (<see cref="ReplenishmentSettings"/>), the cart's promotions (<see cref="DocumentPromotionStore.SeedAsync"/>,
/// which publishes the calendar), analytics' published <see cref="ProductDemandDay"/>s for the last <c>--clickstream-days</c>
/// days, and open orders (earlier <see cref="Suggestion"/>s still outstanding, one SKU in ten). Then the run is timed until
/// the orchestration completes. The baseline is the same run over <c>--baseline-series</c> series in the same process.
/// </summary>
internal static class ReplenishmentRunCommand
{
    const string Usage = "usage: replenishment-run [--series 100000] [--baseline-series 10000] [--days 182] [--clickstream-days 28] [--promotions 26] [--seed-parallelism 4]";
    const int Categories = 20;
    const int Suppliers = 10;
    static readonly string[] Warehouses = ["wh-north", "wh-south"];

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new Dictionary<string, int> { ["--series"] = 100_000, ["--baseline-series"] = 10_000, ["--days"] = 182, ["--clickstream-days"] = 28, ["--promotions"] = 26, ["--seed-parallelism"] = 4 };
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!settings.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }

            settings[args[i]] = value;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nightly replenishment run on the dev host (SQLite store, dev host durable engine), {Environment.ProcessorCount} cores, {settings["--days"]} days of shipped history, {settings["--clickstream-days"]} days of clickstream, {settings["--promotions"]} promotions, load {OrdersCommand.LoadAverage()} (shared machine)"));
        var baseline = settings["--baseline-series"] > 0 ? await MeasureAsync(settings["--baseline-series"], settings) : null;
        var full = await MeasureAsync(settings["--series"], settings);
        if (baseline is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio, run wall time ({full.Series:N0} / {baseline.Series:N0} series): {full.Elapsed.TotalSeconds / baseline.Elapsed.TotalSeconds:F1}x for {(double)full.Series / baseline.Series:F0}x the series"));
        }

        Console.WriteLine(full.Series < 100_000 ? "target (100,000 series in <= 300 s): not measured (fewer series)" : full.Elapsed <= TimeSpan.FromSeconds(300) && full.Planned == full.Series ? "target (100,000 series in <= 300 s): met" : "target (100,000 series in <= 300 s): NOT met");
        return full.Planned > 0 ? 0 : 1;
    }

    sealed record Measurement(int Series, TimeSpan Elapsed, int Planned);

    static async Task<Measurement> MeasureAsync(int seriesCount, IReadOnlyDictionary<string, int> settings)
    {
        var origin = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        await using var host = await DevHostServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" });
        var seeding = Stopwatch.StartNew();
        var seeded = await SeedAsync(host.Services, seriesCount / Warehouses.Length, origin, settings);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {seeded:N0} series in {seeding.Elapsed.TotalSeconds:F1} s, load {OrdersCommand.LoadAverage()}"));

        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        var (run, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync("NightlyReplenishmentRun", new ReplenishmentRunRequest(origin));
        var state = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true);
        run.Stop();
        if (state.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The replenishment run ended {state.RuntimeStatus}: {state.FailureDetails?.ErrorMessage}");
        }

        var summary = state.ReadOutputAs<RunSummary>() ?? throw new InvalidOperationException("The replenishment run returned no summary.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {seeded:N0} series: run {run.Elapsed.TotalSeconds:F1} s ({summary.Planned:N0} of {summary.Series:N0} series planned, {summary.AtRisk:N0} at risk, {summary.PurchaseOrders:N0} purchase orders, {summary.Transfers:N0} transfers; {summary.Planned / run.Elapsed.TotalSeconds:N0} series/s), {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU, load {OrdersCommand.LoadAverage()}"));
        return new Measurement(seeded, run.Elapsed, summary.Planned);
    }

    static string ProductOf(string sku) => "P-" + sku;

    static string CategoryOf(int k) => "cat-" + (k % Categories).ToString("00", CultureInfo.InvariantCulture);

    static string SupplierOf(int k) => "supplier-" + (k % Suppliers).ToString(CultureInfo.InvariantCulture);

    /// <summary>Everything the run reads, for <paramref name="skus"/> SKUs at each warehouse; the number of series.</summary>
    static async Task<int> SeedAsync(IServiceProvider services, int skus, DateOnly origin, IReadOnlyDictionary<string, int> settings)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var replenishment = services.GetRequiredService<ReplenishmentSettings>();
        var inventory = services.GetRequiredService<InventoryService>();
        var days = settings["--days"];
        var start = origin.AddDays(1 - days);
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = skus, Warehouses = Warehouses, Days = days, Start = start, Seed = 11 });
        var bySku = series.GroupBy(s => s.Sku, StringComparer.Ordinal).ToArray();

        for (var s = 0; s < Suppliers; s++)
        {
            for (var w = 0; w < Warehouses.Length; w++)
            {
                await replenishment.SetSupplyTermsAsync(SupplierOf(s), Warehouses[w], new SupplyTermsInput(3 + ((s + (5 * w)) % 12), 7));
            }
        }

        for (var c = 0; c < Categories; c += 2)
        {
            await replenishment.SetServiceLevelAsync(CategoryOf(c), new ServiceLevelInput(0.90 + (c * 0.004)));
        }

        var promotions = new DocumentPromotionStore(store, TimeProvider.System);
        var count = settings["--promotions"];
        for (var p = 0; p < count; p++)
        {
            // A week-long promotion every week, each on every count-th SKU (a few on the whole catalog: no SKU list).
            var from = new DateTimeOffset(origin.AddDays(-7 * (count - p - 2)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            await promotions.SeedAsync(new Promotion
            {
                Code = "BENCH" + p.ToString("000", CultureInfo.InvariantCulture),
                Kind = PromotionKind.PercentOff,
                PercentBasisPoints = 1_500,
                Skus = p % 10 == 9 ? [] : [.. bySku.Where((_, k) => k % count == p).Select(g => g.Key)],
                ValidFrom = from,
                ValidUntil = from.AddDays(7),
            });
        }

        var demand = store.Container<DemandRecord>(DemandHistory.Container);
        var snapshots = store.Container<SkuSnapshot>(SkuSnapshot.Container);
        var clickstream = store.Container<ProductDemandDay>(ProductDemandDay.Container);
        var suggestions = store.Container<Suggestion>(ReplenishmentRuns.SuggestionContainer);
        var clickDays = Math.Min(settings["--clickstream-days"], days);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, bySku.Length),
            new ParallelOptions { MaxDegreeOfParallelism = settings["--seed-parallelism"] },
            async (k, ct) =>
            {
                var sku = bySku[k].Key;
                await snapshots.UpsertAsync(sku, sku, new SkuSnapshot
                {
                    Sku = sku,
                    ProductId = ProductOf(sku),
                    Name = "Item " + sku,
                    CategoryId = CategoryOf(k),
                    Status = SkuStatus.Active,
                    Prices = new Dictionary<string, long> { ["USD"] = 1_000 + (k % 50 * 100) },
                }, cancellationToken: ct);
                var supplier = await replenishment.SetSupplierAsync(sku, new SkuSupplierInput(SupplierOf(k)), ct);
                if (supplier.Value is null)
                {
                    throw new InvalidOperationException($"Supplier of {sku} refused: {supplier.Unknown}");
                }

                await inventory.SeedAsync(sku, Warehouses.Select((w, i) => (w, (long)((k * 37) + (i * 101)) % 240)), ct);
                foreach (var s in bySku[k])
                {
                    var history = s.Quantities.Select((q, d) => (Day: DemandHistory.DayKey(s.DateOf(d)), Units: (int)q)).Where(x => x.Units > 0).ToDictionary(x => x.Day, x => x.Units);
                    await demand.UpsertAsync(DemandHistory.IdOf(sku, s.Warehouse), DemandPartitions.Of(sku), new DemandRecord { Sku = sku, Warehouse = s.Warehouse, Days = history }, cancellationToken: ct);
                    if (k % 10 == 0)
                    {
                        var day = origin.AddDays(-3);
                        await suggestions.UpsertAsync(ReplenishmentRuns.SuggestionId(day, s.Warehouse), sku, new Suggestion { Sku = sku, Warehouse = s.Warehouse, Day = day, RunId = "earlier", Supplier = SupplierOf(k), PurchaseQuantity = 20, Sent = true }, cancellationToken: ct);
                    }
                }

                if (bySku[k].First().Clickstream is { } interest)
                {
                    for (var d = days - clickDays; d < days; d++)
                    {
                        var day = start.AddDays(d);
                        await clickstream.UpsertAsync(ProductDemandDay.IdOf(day), ProductOf(sku), new ProductDemandDay { ProductId = ProductOf(sku), Day = day, Views = (long)interest.Views[d], AddToCarts = (long)interest.AddToCarts[d] }, new DocumentWriteOptions { TimeToLive = ProductDemandPublisher.Retention }, ct);
                    }
                }
            });
        return series.Count;
    }
}
