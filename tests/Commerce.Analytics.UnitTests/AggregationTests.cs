using Commerce.Analytics.Domain.Aggregation;
using Commerce.Analytics.Domain.Summary;
using Commerce.Contracts;
using static Commerce.Analytics.UnitTests.TestEvents;

namespace Commerce.Analytics.UnitTests;

public sealed class AggregationTests
{
    readonly ClickstreamAggregator aggregator = new(Options, Clock());

    static WindowAggregate Total(Dictionary<WindowKey, WindowAggregate> windows)
    {
        var total = new WindowAggregate();
        foreach (var window in windows.Values)
        {
            total.Merge(window);
        }

        return total;
    }

    [Fact]
    public void Duplicate_events_in_a_batch_are_counted_once()
    {
        var windows = new Dictionary<WindowKey, WindowAggregate>();
        var e = Event("e1", StorefrontEventTypes.PageView, Now);
        var counted = aggregator.Aggregate([e, e, e with { Device = "desktop" }], windows);
        Assert.Equal(1, counted);
        Assert.Equal(1, Total(windows).Totals.PageViews);
        Assert.False(Total(windows).ByDevice.ContainsKey("desktop"));
    }

    [Fact]
    public void An_orders_purchase_counts_the_units_of_each_sku_it_bought_and_add_to_carts_count_per_sku()
    {
        var windows = new Dictionary<WindowKey, WindowAggregate>();
        aggregator.Aggregate(
        [
            Event("o1", StorefrontEventTypes.Purchase, Now) with { Items = [new PurchasedItem("SKU-1", 2, 1_000), new PurchasedItem("SKU-2", 1, 500)] },
            Event("o2", StorefrontEventTypes.Purchase, Now) with { Items = [new PurchasedItem("SKU-1", 3, 1_000)] },
            Event("c1", StorefrontEventTypes.AddToCart, Now, product: "SKU-2"),
        ], windows);

        var total = Total(windows);
        Assert.Equal((5L, 1L), (total.ProductPurchases["SKU-1"], total.ProductPurchases["SKU-2"]));
        Assert.Equal(1L, total.ProductAddToCarts["SKU-2"]);
        Assert.Equal(2L, total.Totals.Purchases);
    }

    [Fact]
    public void Replaying_a_batch_changes_nothing()
    {
        var windows = new Dictionary<WindowKey, WindowAggregate>();
        StorefrontEvent[] batch =
        [
            Event("e1", StorefrontEventTypes.PageView, Now),
            Event("e2", StorefrontEventTypes.ProductView, Now),
            Event("e3", StorefrontEventTypes.Purchase, Now.AddMinutes(-3)),
        ];
        Assert.Equal(3, aggregator.Aggregate(batch, windows));
        var before = System.Text.Json.JsonSerializer.Serialize(windows.Values);
        Assert.Equal(0, aggregator.Aggregate(batch, windows));
        Assert.Equal(before, System.Text.Json.JsonSerializer.Serialize(windows.Values));
    }

    [Fact]
    public void A_late_event_lands_in_the_window_of_its_own_timestamp()
    {
        var windows = new Dictionary<WindowKey, WindowAggregate>();
        var late = Now.AddHours(-5).AddSeconds(-10);
        aggregator.Aggregate([Event("now", StorefrontEventTypes.PageView, Now), Event("late", StorefrontEventTypes.Purchase, late)], windows);
        var lateWindow = Assert.Single(windows.Values, w => w.Totals.Purchases == 1);
        Assert.Equal(TimeWindows.Floor(late, Granularity.Minute), lateWindow.WindowStart);
        Assert.Equal(0, lateWindow.Totals.PageViews);
    }

    [Fact]
    public void Events_beyond_the_late_horizon_or_ahead_of_the_clock_are_dropped()
    {
        var windows = new Dictionary<WindowKey, WindowAggregate>();
        var counted = aggregator.Aggregate(
            [
                Event("old", StorefrontEventTypes.PageView, Now - Options.LateEventHorizon - TimeSpan.FromSeconds(1)),
                Event("future", StorefrontEventTypes.PageView, Now + Options.MaxClockSkew + TimeSpan.FromSeconds(1)),
                Event("edge", StorefrontEventTypes.PageView, Now - Options.LateEventHorizon),
            ],
            windows);
        Assert.Equal(1, counted);
        Assert.Equal(1, Total(windows).Totals.PageViews);
    }

    [Fact]
    public void A_window_counts_revenue_per_currency_products_searches_and_splits()
    {
        var windows = new Dictionary<WindowKey, WindowAggregate>();
        aggregator.Aggregate(
            [
                Event("p1", StorefrontEventTypes.Purchase, Now),
                Event("p2", StorefrontEventTypes.Purchase, Now) with { Currency = "EUR", Value = 1_000, Country = "DE", ProductId = "sku-9" },
                Event("p3", StorefrontEventTypes.Purchase, Now, session: "s2"),
                Event("v1", StorefrontEventTypes.ProductView, Now, product: "sku-9"),
                Event("v2", StorefrontEventTypes.ProductView, Now, product: "sku-9"),
                Event("q1", StorefrontEventTypes.Search, Now),
                Event("q2", StorefrontEventTypes.Search, Now) with { Query = " boots ", ResultCount = 3 },
            ],
            windows);
        var total = Total(windows);
        Assert.Equal(5_198, total.Revenue["GBP"]);
        Assert.Equal(1_000, total.Revenue["EUR"]);
        Assert.Equal(2, total.ProductViews["sku-9"]);
        Assert.Equal(1, total.ProductPurchases["sku-9"]);
        Assert.Equal(2, total.Searches["boots"]);
        Assert.Equal(1, total.ZeroResultSearches["boots"]);
        Assert.Equal(1, total.ByCountry["DE"].Purchases);
        Assert.Equal(2, total.ByCountry["GB"].Purchases);
        Assert.Equal(7, total.ByDevice["mobile"].PageViews + total.ByDevice["mobile"].Purchases + total.ByDevice["mobile"].ProductViews + total.ByDevice["mobile"].Searches);
        Assert.Equal(2, HyperLogLog.Estimate(total.Sessions));
    }

    [Fact]
    public void Funnel_shares_are_of_the_previous_and_first_step_rounded_to_two_decimals()
    {
        var funnel = FunnelStage.Of(new MetricCounts { PageViews = 300, ProductViews = 200, AddToCarts = 50, CheckoutsStarted = 20, Purchases = 7 });
        Assert.Equal(["page_view", "product_view", "add_to_cart", "checkout_started", "purchase"], funnel.Select(s => s.Stage));
        Assert.Equal([300L, 200, 50, 20, 7], funnel.Select(s => s.Count));
        Assert.Equal([100, 66.67, 25, 40, 35], funnel.Select(s => s.FromPrevious));
        Assert.Equal([100, 66.67, 16.67, 6.67, 2.33], funnel.Select(s => s.FromFirst));
    }

    [Fact]
    public void Funnel_of_an_empty_range_is_all_zero_not_a_division_error()
    {
        Assert.All(FunnelStage.Of(new MetricCounts()), stage => Assert.Equal((0L, 0d, 0d), (stage.Count, stage.FromPrevious, stage.FromFirst)));
        var noViews = FunnelStage.Of(new MetricCounts { Purchases = 2 });
        Assert.Equal(0, noViews[^1].FromPrevious);
    }
}
