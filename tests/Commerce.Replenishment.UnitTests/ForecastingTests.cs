namespace Commerce.Replenishment.UnitTests;

public sealed class ForecastingTests
{
    private static readonly DateOnly Monday = new(2026, 1, 5);

    [Fact]
    public void Seasonal_naive_repeats_the_same_weekday_of_last_week()
    {
        var series = DemandSeries.WithoutPromotions("A", "w", Monday, [.. Enumerable.Range(0, 14).Select(d => (float)d)]);

        Assert.Equal(7f, SeasonalNaive.Forecast(series, origin: 13, day: 14));
        Assert.Equal(13f, SeasonalNaive.Forecast(series, origin: 13, day: 20));
    }

    [Fact]
    public void Wape_is_the_absolute_error_over_the_actual_demand()
    {
        var wape = new Wape();
        wape.Add(actual: 10, forecast: 8);
        wape.Add(actual: 0, forecast: 3);
        wape.Add(actual: 10, forecast: 10);

        Assert.Equal(0.25, wape.Value, 6);
    }

    [Fact]
    public void Forecaster_learns_the_weekly_profile_and_the_lift_of_a_planned_promotion()
    {
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = 40, Days = 200, PromotionStartChance = 0.04, Seed = 3 }, plannedDays: 7);
        var origin = series[0].DateOf(series[0].LastDay);
        var model = DemandForecaster.Train(series, origin, new ForecasterOptions { Trees = 60 });

        var unpromoted = series[0] with { Promotions = new bool[series[0].Promotions.Length] };
        var promoted = series[0] with { Promotions = [.. series[0].Promotions.Select((_, d) => d > series[0].LastDay || series[0].Promotions[d])] };
        var plain = model.Forecast([unpromoted], origin)[0];
        var lifted = model.Forecast([promoted], origin)[0];

        Assert.True(lifted.Sum() > 1.3 * plain.Sum(), $"promoted week {lifted.Sum()} vs plain {plain.Sum()}");
    }

    [Fact]
    public void Clickstream_trends_lower_the_forecast_error_where_shoppers_browse_before_they_buy()
    {
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = 60, Days = 300, Seed = 13 });
        var origins = RollingOriginBacktest.WeeklyOrigins(series[0].DateOf(series[0].LastDay), 4);
        var options = new ForecasterOptions { Trees = 100 };

        var seeing = RollingOriginBacktest.Run(series, origins, options);
        var blind = RollingOriginBacktest.Run([.. series.Select(s => s with { Clickstream = null })], origins, options);

        Assert.All(series, s => Assert.NotNull(s.Clickstream));
        Assert.True(seeing.ModelWape < 0.95 * blind.ModelWape, $"with clickstream {seeing.ModelWape:P1} vs without {blind.ModelWape:P1}");
    }

    [Fact]
    public void Forecaster_never_sees_clickstream_after_its_origin()
    {
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = 20, Days = 160, Seed = 5 });
        var origin = series[0].DateOf(130);
        var model = DemandForecaster.Train(series, origin, new ForecasterOptions { Trees = 30 });
        var changed = series.Select(s => s with { Clickstream = new SkuClickstream([.. s.Clickstream!.Views.Select((v, d) => d > 130 ? v * 10 : v)], [.. s.Clickstream.AddToCarts.Select((v, d) => d > 130 ? v * 10 : v)]) }).ToList();

        Assert.Equal(model.Forecast(series, origin).SelectMany(f => f), model.Forecast(changed, origin).SelectMany(f => f));
    }

    [Fact]
    public void Forecaster_never_sees_demand_after_its_cutoff()
    {
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = 20, Days = 160, Seed = 5 });
        var cutoff = series[0].DateOf(130);
        var changed = series.Select(s => s with { Quantities = [.. s.Quantities.Select((q, d) => d > 130 ? q * 10 : q)] }).ToList();

        var before = DemandForecaster.Train(series, cutoff, new ForecasterOptions { Trees = 30 }).Forecast(series, cutoff);
        var after = DemandForecaster.Train(changed, cutoff, new ForecasterOptions { Trees = 30 }).Forecast(changed, cutoff);

        Assert.Equal(before.SelectMany(f => f), after.SelectMany(f => f));
    }

    [Fact]
    public void Forecasting_several_origins_in_one_pass_gives_each_origin_the_forecast_it_gets_alone()
    {
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = 12, Days = 160, Seed = 11 });
        var young = DemandSeries.WithoutPromotions("NEW", "w", series[0].DateOf(120), [.. Enumerable.Range(0, 40).Select(d => (float)(d % 5))]);
        var all = series.Append(young).ToList();
        var model = DemandForecaster.Train(series, series[0].DateOf(130), new ForecasterOptions { Trees = 20 });
        DateOnly[] origins = [series[0].DateOf(110), series[0].DateOf(140), series[0].DateOf(159)];

        var together = model.Forecast(all, origins);

        Assert.Equal(origins.Length, together.Length);
        for (var k = 0; k < origins.Length; k++)
        {
            Assert.Equal(model.Forecast(all, origins[k]).SelectMany(f => f), together[k].SelectMany(f => f));
        }

        Assert.NotEqual(together[0].SelectMany(f => f), together[2].SelectMany(f => f));
    }

    [Fact]
    public void A_series_too_short_for_the_model_falls_back_to_seasonal_naive()
    {
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = 10, Days = 150, Seed = 9 });
        var model = DemandForecaster.Train(series, series[0].DateOf(149), new ForecasterOptions { Trees = 20 });
        var young = DemandSeries.WithoutPromotions("NEW", "w", series[0].DateOf(120), [.. Enumerable.Range(0, 30).Select(d => (float)(d % 7))]);

        var forecast = model.Forecast([young], young.DateOf(29))[0];

        Assert.Equal([2f, 3f, 4f, 5f, 6f, 0f, 1f], forecast);
    }
}
