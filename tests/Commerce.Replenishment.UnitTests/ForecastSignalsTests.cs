using Commerce.Contracts;

namespace Commerce.Replenishment.UnitTests;

/// <summary>What the nightly run lays over a series from the other contexts: the cart's promotion calendar and analytics' product demand.</summary>
public sealed class ForecastSignalsTests
{
    private static readonly DateOnly From = new(2026, 11, 1);

    private static DemandSeries Series() => DemandSeries.WithoutPromotions("SKU-1", "wh", From, new float[10]);

    private static DateTimeOffset At(int day, int hour = 0) => new(2026, 11, day, hour, 0, 0, TimeSpan.Zero);

    private static readonly PromotionWindow[] Calendar =
    [
        new() { Code = "WINTER", Skus = ["SKU-1"], Discount = true, ValidFrom = At(3), ValidUntil = At(5) },
        new() { Code = "FLASH", Discount = true, ValidFrom = At(12, 12), ValidUntil = At(13) },
        new() { Code = "OTHER", Skus = ["SKU-2", "SKU-2"], Discount = true, ValidFrom = At(1), ValidUntil = At(30) },
        new() { Code = "ALWAYS", Discount = true },
        new() { Code = "SHIPFREE", Discount = false, ValidFrom = At(7), ValidUntil = At(8) },
    ];

    [Fact]
    public void A_sku_is_promoted_on_the_days_a_bounded_discount_for_it_runs_planned_days_after_the_origin_included()
    {
        var series = ForecastSignals.Apply(Series(), Calendar, [], plannedDays: 7);

        Assert.Equal(17, series.Promotions.Length);
        Assert.Equal([2, 3, 11], Enumerable.Range(0, 17).Where(series.IsPromoted));
    }

    [Fact]
    public void The_calendar_indexed_by_sku_holds_the_windows_on_every_sku_and_those_listing_it_and_promotes_the_same_days()
    {
        var index = ForecastSignals.BySku(Calendar);

        Assert.Equal(["FLASH", "ALWAYS", "SHIPFREE", "WINTER"], index("SKU-1").Select(w => w.Code));
        Assert.Equal(["FLASH", "ALWAYS", "SHIPFREE", "OTHER"], index("SKU-2").Select(w => w.Code));
        Assert.Equal(["FLASH", "ALWAYS", "SHIPFREE"], index("SKU-3").Select(w => w.Code));
        foreach (var sku in new[] { "SKU-1", "SKU-2", "SKU-3" })
        {
            var series = DemandSeries.WithoutPromotions(sku, "wh", From, new float[10]);
            Assert.Equal(ForecastSignals.Apply(series, Calendar, [], plannedDays: 7).Promotions, ForecastSignals.Apply(series, index(sku), [], plannedDays: 7).Promotions);
        }
    }

    [Fact]
    public void A_skus_clickstream_adds_its_products_days_and_its_own_per_day()
    {
        ProductDemandDay[] demand =
        [
            new() { ProductId = "P-1", Day = new(2026, 11, 2), Views = 40, AddToCarts = 1 },
            new() { ProductId = "SKU-1", Day = new(2026, 11, 2), AddToCarts = 3 },
            new() { ProductId = "SKU-1", Day = new(2026, 11, 10), Views = 2, AddToCarts = 5 },
            new() { ProductId = "SKU-1", Day = new(2026, 11, 20), AddToCarts = 9 },
        ];

        var clickstream = ForecastSignals.Apply(Series(), [], demand, plannedDays: 7).Clickstream!;

        Assert.Equal([0, 40, 0, 0, 0, 0, 0, 0, 0, 2], clickstream.Views);
        Assert.Equal([0, 4, 0, 0, 0, 0, 0, 0, 0, 5], clickstream.AddToCarts);
    }

    [Fact]
    public void A_sku_without_any_clickstream_day_has_no_clickstream_rather_than_no_interest()
    {
        Assert.Null(ForecastSignals.Apply(Series(), [], [], plannedDays: 7).Clickstream);
    }
}
