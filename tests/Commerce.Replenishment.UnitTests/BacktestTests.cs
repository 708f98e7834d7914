using Commerce.Replenishment.Evaluation;

namespace Commerce.Replenishment.UnitTests;

/// <summary>The bar, checked on every run at a smaller size than the README's numbers (the evaluation tool).</summary>
public sealed class BacktestTests
{
    [Fact]
    public void Forecaster_beats_seasonal_naive_by_15_percent_WAPE_on_simulated_demand()
    {
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = 60, Days = 300 });
        var origins = RollingOriginBacktest.WeeklyOrigins(series[0].DateOf(series[0].LastDay), 4);

        var result = RollingOriginBacktest.Run(series, origins, new ForecasterOptions { Trees = 100 });

        Assert.True(result.Improvement >= 0.15, $"model {result.ModelWape:P1} vs seasonal-naive {result.BaselineWape:P1}");
    }

    [Fact]
    public void Forecaster_beats_seasonal_naive_by_15_percent_WAPE_on_the_UCI_Online_Retail_log()
    {
        var series = OnlineRetailDemand.Read(OnlineRetailDemand.DefaultPath, top: 100);
        var origins = RollingOriginBacktest.WeeklyOrigins(series[0].DateOf(series[0].LastDay), 4);

        var result = RollingOriginBacktest.Run(series, origins, new ForecasterOptions { Trees = 100 });

        Assert.True(result.Improvement >= 0.15, $"model {result.ModelWape:P1} vs seasonal-naive {result.BaselineWape:P1}");
    }

    [Fact]
    public void Online_Retail_demand_is_one_series_per_product_over_every_calendar_day()
    {
        var series = OnlineRetailDemand.Read(OnlineRetailDemand.DefaultPath, top: 100);

        Assert.Equal(100, series.Count);
        Assert.All(series, s => Assert.Equal(new DateOnly(2010, 12, 1), s.Start));
        Assert.All(series, s => Assert.Equal(new DateOnly(2011, 12, 9), s.DateOf(s.LastDay)));
        Assert.Equal("85123A", series[0].Sku); // sold on 305 days
        Assert.Equal(305, series[0].Quantities.Count(q => q > 0));
    }
}
