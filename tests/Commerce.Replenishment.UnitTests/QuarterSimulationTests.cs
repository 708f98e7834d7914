using Commerce.Replenishment.Evaluation;

namespace Commerce.Replenishment.UnitTests;

public sealed class QuarterSimulationTests
{
    [Fact]
    public void Forecast_driven_levels_run_out_on_fewer_days_than_fixed_reorder_points_without_holding_more_stock()
    {
        var (forecast, fixedPoint) = QuarterSimulation.Run(skus: 30, leadTimeDays: 5, serviceLevel: 0.95, new ForecasterOptions { Trees = 60 });

        Assert.True(forecast.StockoutDays < fixedPoint.StockoutDays, $"{forecast} vs {fixedPoint}");
        Assert.True(forecast.AverageInventory <= fixedPoint.AverageInventory, $"{forecast} vs {fixedPoint}");
    }
}
