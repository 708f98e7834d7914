using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Orders.Domain;
using Commerce.Replenishment.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Replenishment.IntegrationTests;

/// <summary>The dev host with the replenishment-orders queue recorded (what a warehouse or ERP would receive).</summary>
public sealed class RecordedOrdersHost : ReplenishmentHostBase
{
    public ConcurrentQueue<ReplenishmentOrder> Sent { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IReplenishmentOrderSender>(new Recorder(Sent)));
    }

    sealed class Recorder(ConcurrentQueue<ReplenishmentOrder> sent) : IReplenishmentOrderSender
    {
        public Task SendAsync(ReplenishmentOrder order, CancellationToken cancellationToken = default)
        {
            sent.Enqueue(order);
            return Task.CompletedTask;
        }
    }
}

/// <summary>The nightly run on the dev host's durable engine over a seeded demand history (one host, one history, runs in order).</summary>
public sealed class ReplenishmentRunTests(RecordedOrdersHost host) : IClassFixture<RecordedOrdersHost>
{
    static readonly string[] Warehouses = ["wh-north", "wh-south"];
    const int Skus = 10;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static DateOnly Origin => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    static string SkuName(string prefix, int k) => $"{prefix}-{k:D2}";

    /// <summary>
    /// 200 days of simulated demand (at least 5 units a day) per SKU × warehouse up to <see cref="Origin"/>, each SKU bought from "acme" (lead
    /// time 5 days to both warehouses); SKU 0 is empty in wh-north and overstocked in wh-south, the rest hold nothing.
    /// </summary>
    async Task<string> SeedAsync()
    {
        var prefix = "R" + Guid.NewGuid().ToString("N")[..6];
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var demand = store.Container<DemandRecord>(DemandHistory.Container);
        var start = Origin.AddDays(-199);
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = Skus, Warehouses = Warehouses, Days = 200, Start = start, Seed = 3 });
        foreach (var s in series)
        {
            var sku = SkuName(prefix, int.Parse(s.Sku[4..], System.Globalization.CultureInfo.InvariantCulture));
            var days = s.Quantities.Select((q, d) => (Key: DemandHistory.DayKey(start.AddDays(d)), Units: 5 + (int)q)).ToDictionary(x => x.Key, x => x.Units);
            await demand.UpsertAsync(DemandHistory.IdOf(sku, s.Warehouse), DemandPartitions.Of(sku), new DemandRecord { Sku = sku, Warehouse = s.Warehouse, Days = days }, cancellationToken: Cancel);
        }

        using var staff = host.CreateStaffClient();
        foreach (var warehouse in Warehouses)
        {
            (await staff.PutAsJsonAsync($"/api/admin/replenishment/suppliers/acme/warehouses/{warehouse}", new { leadTimeDays = 5, reviewDays = 7 }, Cancel)).EnsureSuccessStatusCode();
        }

        var catalog = store.Container<SkuSnapshot>(SkuSnapshot.Container);
        for (var k = 0; k < Skus; k++)
        {
            var sku = SkuName(prefix, k);
            await catalog.UpsertAsync(sku, sku, new SkuSnapshot { Sku = sku, ProductId = "p-" + sku, Name = "Item " + sku, Status = SkuStatus.Active, Prices = new Dictionary<string, long> { ["USD"] = 1_000 } }, cancellationToken: Cancel);
            (await staff.PutAsJsonAsync($"/api/admin/replenishment/skus/{SkuName(prefix, k)}/supplier", new { supplier = "acme" }, Cancel)).EnsureSuccessStatusCode();
        }

        await host.Services.GetRequiredService<InventoryService>().SeedAsync(SkuName(prefix, 0), [("wh-north", 0), ("wh-south", 5_000)], Cancel);
        return prefix;
    }

    async Task<RunSummary> RunAsync()
    {
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync("NightlyReplenishmentRun", new { origin = Origin }, Cancel);
        var run = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Cancel);
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        return run.ReadOutputAs<RunSummary>()!;
    }

    [Fact]
    public async Task A_nightly_run_forecasts_and_sets_levels_for_every_sku_and_warehouse_and_sends_each_suggestion_once()
    {
        var prefix = await SeedAsync();

        var first = await RunAsync();

        Assert.Equal((Skus * Warehouses.Length, Skus * Warehouses.Length), (first.Series, first.Planned));
        using var staff = host.CreateStaffClient();
        for (var k = 0; k < Skus; k++)
        {
            var read = await staff.GetFromJsonAsync<JsonElement>($"/api/admin/replenishment/{SkuName(prefix, k)}", Cancel);
            var warehouses = read.GetProperty("warehouses").EnumerateArray().ToList();
            Assert.Equal(Warehouses, warehouses.Select(w => w.GetProperty("warehouse").GetString()));
            foreach (var w in warehouses)
            {
                Assert.Equal(7, w.GetProperty("forecast").GetArrayLength());
                Assert.Equal(Origin.AddDays(1), DateOnly.Parse(w.GetProperty("forecast")[0].GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(ReplenishmentReads.ActualDays, w.GetProperty("actuals").GetArrayLength());
                Assert.InRange(w.GetProperty("reorderPoint").GetInt32(), 1, int.MaxValue);
                Assert.True(w.GetProperty("orderUpTo").GetInt32() >= w.GetProperty("reorderPoint").GetInt32(), w.ToString());
            }
        }

        // SKU 0: wh-north is filled from wh-south's surplus, not bought; every other SKU × warehouse holds nothing and is bought from acme.
        var sent = host.Sent.ToList();
        var transfer = Assert.Single(sent, o => o.Kind == ReplenishmentOrderKind.Transfer);
        Assert.Equal(("wh-south", "wh-north", SkuName(prefix, 0)), (transfer.FromWarehouse, transfer.Warehouse, Assert.Single(transfer.Lines).Sku));
        var purchases = sent.Where(o => o.Kind == ReplenishmentOrderKind.Purchase).ToList();
        Assert.Equal(Warehouses, purchases.Select(o => o.Warehouse).Order(StringComparer.Ordinal));
        Assert.All(purchases, o => Assert.Equal("acme", o.Supplier));
        Assert.Equal(Enumerable.Range(1, Skus - 1).Select(k => SkuName(prefix, k)), purchases.Single(o => o.Warehouse == "wh-north").Lines.Select(l => l.Sku));
        Assert.Equal(Enumerable.Range(1, Skus - 1).Select(k => SkuName(prefix, k)), purchases.Single(o => o.Warehouse == "wh-south").Lines.Select(l => l.Sku));
        Assert.All(purchases.SelectMany(o => o.Lines), l => Assert.InRange(l.Quantity, 1, int.MaxValue));

        // The same day's run again: every decision is already sent, nothing goes out twice; the SKU read shows them open.
        var second = await RunAsync();

        Assert.Equal((0, 0), (second.PurchaseOrders, second.Transfers));
        Assert.Equal(sent.Count, host.Sent.Count);
        var north = (await staff.GetFromJsonAsync<JsonElement>($"/api/admin/replenishment/{SkuName(prefix, 1)}", Cancel)).GetProperty("warehouses")[0];
        var open = Assert.Single(north.GetProperty("openOrders").EnumerateArray());
        Assert.Equal(purchases.Single(o => o.Warehouse == "wh-north").Lines[0].Quantity, open.GetProperty("purchaseQuantity").GetInt32());

        // The risk list: every SKU × warehouse without stock is at risk (its cover is 0 days against a 5-day lead time).
        var risks = await staff.GetFromJsonAsync<JsonElement>("/api/admin/replenishment/risks?pageSize=200", Cancel);
        var ours = risks.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("sku").GetString()!.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(Skus * Warehouses.Length - 1, ours.Count);
        Assert.All(ours, r => Assert.Equal(5, r.GetProperty("daysShort").GetInt32()));
    }

    [Fact]
    public async Task The_risk_list_refuses_a_page_size_outside_1_to_200_with_a_problem()
    {
        using var staff = host.CreateStaffClient();

        using var zero = await staff.GetAsync("/api/admin/replenishment/risks?pageSize=0", Cancel);
        using var words = await staff.GetAsync("/api/admin/replenishment/risks?pageSize=many", Cancel);
        using var huge = await staff.GetAsync("/api/admin/replenishment/risks?pageSize=201", Cancel);

        AssertProblems(HttpStatusCode.BadRequest, zero, words, huge);
    }

    static void AssertProblems(HttpStatusCode status, params HttpResponseMessage[] responses) => Assert.All(responses, response =>
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    });

    [Fact]
    public async Task Replenishment_reads_are_not_found_for_anyone_but_staff_and_an_unknown_sku_is_a_not_found_problem()
    {
        using var anonymous = host.CreateClient();
        using var staff = host.CreateStaffClient();

        using var sku = await anonymous.GetAsync("/api/admin/replenishment/SKU-1", Cancel);
        using var risks = await anonymous.GetAsync("/api/admin/replenishment/risks", Cancel);
        using var unknown = await staff.GetAsync("/api/admin/replenishment/NO-SUCH-SKU", Cancel);

        AssertProblems(HttpStatusCode.NotFound, sku, risks, unknown);

        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.EndsWith("/replenishment-unknown-sku", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }
}
