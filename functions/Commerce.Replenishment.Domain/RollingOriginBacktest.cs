namespace Commerce.Replenishment.Domain;

/// <summary>The backtest's verdict: WAPE of the model and of the seasonal-naive baseline over the same days.</summary>
public sealed record BacktestResult(double ModelWape, double BaselineWape, int Origins, int ForecastDays)
{
    /// <summary>How much lower the model's WAPE is than the baseline's (0.15 = 15 % lower).</summary>
    public double Improvement => BaselineWape > 0 ? 1 - (ModelWape / BaselineWape) : 0;
}

/// <summary>
/// Rolling-origin evaluation: for each origin the model is trained on the days up to it only, then forecasts the seven
/// days after it; the seasonal-naive baseline forecasts the same days from the same origin.
/// </summary>
public static class RollingOriginBacktest
{
    /// <summary><paramref name="count"/> weekly origins, the last one seven days before <paramref name="lastDay"/>.</summary>
    public static IReadOnlyList<DateOnly> WeeklyOrigins(DateOnly lastDay, int count) =>
        [.. Enumerable.Range(1, count).Reverse().Select(k => lastDay.AddDays(-DemandFeatures.MaxHorizon * k))];

    public static BacktestResult Run(IReadOnlyList<DemandSeries> series, IReadOnlyList<DateOnly> origins, ForecasterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(origins);
        var model = new Wape();
        var baseline = new Wape();
        var days = 0;
        foreach (var origin in origins)
        {
            var forecaster = DemandForecaster.Train(series, origin, options);
            var forecasts = forecaster.Forecast(series, origin);
            for (var s = 0; s < series.Count; s++)
            {
                var o = origin.DayNumber - series[s].Start.DayNumber;
                for (var h = 1; h <= DemandFeatures.MaxHorizon && o + h <= series[s].LastDay; h++)
                {
                    var actual = series[s].Quantities[o + h];
                    model.Add(actual, forecasts[s][h - 1]);
                    baseline.Add(actual, SeasonalNaive.Forecast(series[s], o, o + h));
                    days++;
                }
            }
        }

        return new BacktestResult(model.Value, baseline.Value, origins.Count, days);
    }
}
