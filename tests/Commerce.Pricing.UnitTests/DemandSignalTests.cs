namespace Commerce.Pricing.UnitTests;

public sealed class DemandSignalTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static SkuSnapshot Snapshot => new() { Sku = "SKU-1", ProductId = "P-1", Name = "Crew", Status = SkuStatus.Active, Prices = new Dictionary<string, long> { ["EUR"] = 2_000 } };

    [Fact]
    public async Task Signals_add_the_products_and_the_skus_demand_over_the_window_and_cover_stock_at_the_sell_through()
    {
        using var pricing = new PricingStore(new PricingOptions { SignalDays = 10 });
        var demand = pricing.Store.Container<ProductDemandDay>(ProductDemandDay.Container);
        var yesterday = pricing.Demand.LastWholeDay;
        for (var back = 0; back < 12; back++)
        {
            var day = yesterday.AddDays(-back);
            // Product views and purchases under the product id; the cart's add-to-carts under the SKU.
            await demand.UpsertAsync(ProductDemandDay.IdOf(day), "P-1", new ProductDemandDay { ProductId = "P-1", Day = day, Views = 100, Purchases = 2 }, cancellationToken: Cancel);
            await demand.UpsertAsync(ProductDemandDay.IdOf(day), "SKU-1", new ProductDemandDay { ProductId = "SKU-1", Day = day, AddToCarts = 10 }, cancellationToken: Cancel);
        }

        var today = yesterday.AddDays(1);
        await demand.UpsertAsync(ProductDemandDay.IdOf(today), "P-1", new ProductDemandDay { ProductId = "P-1", Day = today, Views = 1_000_000 }, cancellationToken: Cancel);
        await pricing.Store.Container<SkuInventory>(SkuInventory.Container).UpsertAsync("SKU-1", "SKU-1", new SkuInventory { Sku = "SKU-1", Warehouses = [new WarehouseStock("wh-1", 50, 10)] }, cancellationToken: Cancel);

        var signal = await pricing.Demand.SignalAsync(Snapshot, Cancel);

        // Ten whole days (today's partial day and the days before the window left out).
        Assert.Equal((10, 1_000L, 100L, 20L, 40L), (signal.Days, signal.Views, signal.AddToCarts, signal.Purchases, signal.Available));
        Assert.Equal((0.1, 0.02, 2.0), (signal.AddToCartRate, signal.ConversionRate, signal.UnitsPerDay));
        Assert.Equal(20.0, signal.StockCoverDays);
    }

    [Fact]
    public async Task Without_sales_the_stock_cover_is_unknown()
    {
        using var pricing = new PricingStore();

        var signal = await pricing.Demand.SignalAsync(Snapshot, Cancel);

        Assert.Equal((0L, 0.0, null, null), (signal.Views, signal.ConversionRate, signal.Available, signal.StockCoverDays));
    }
}
