namespace Commerce.Replenishment.Domain;

/// <summary>One series' result of a nightly run: the next week's forecast, its error deviation, its levels.</summary>
public sealed record SeriesPlan(ReorderLevels Levels, float[] Forecast, double ErrorDeviation);

/// <summary>
/// The nightly run, in the two steps a fan-out needs. <see cref="Train"/> once: the model learns from the days up to
/// four weeks before tonight. <see cref="PlanPartition"/> per partition of SKUs: forecasts of the four held-out weeks
/// (from weekly origins, each seeing only its past) give every series its out-of-sample error deviation; the forecast
/// from tonight's origin and that deviation give its reorder point and order-up-to level.
/// </summary>
public static class NightlyReplenishment
{
    /// <summary>Weeks held out of training to measure each series' forecast error.</summary>
    public const int HeldOutWeeks = 4;

    public static DemandForecaster Train(IReadOnlyList<DemandSeries> series, DateOnly origin, ForecasterOptions? options = null) =>
        DemandForecaster.Train(series, origin.AddDays(-DemandFeatures.MaxHorizon * HeldOutWeeks), options);

    /// <summary>
    /// Levels for every series of the partition with supply terms (<paramref name="termsOf"/> returns null for a SKU
    /// nobody supplies to that warehouse: no levels for it), at the service level of its category.
    /// </summary>
    public static IReadOnlyList<SeriesPlan> PlanPartition(
        DemandForecaster model,
        IReadOnlyList<DemandSeries> series,
        DateOnly origin,
        Func<string, string, SupplyTerms?> termsOf,
        Func<string, double> serviceLevelOf)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(termsOf);
        ArgumentNullException.ThrowIfNull(serviceLevelOf);
        var errors = new ForecastErrors[series.Count];
        for (var s = 0; s < series.Count; s++)
        {
            errors[s] = new ForecastErrors();
        }

        // The held-out weeks and tonight in one scoring pass (one data view per partition, not one per origin).
        var held = RollingOriginBacktest.WeeklyOrigins(origin, HeldOutWeeks);
        var forecasts = model.Forecast(series, [.. held, origin]);
        for (var k = 0; k < held.Count; k++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                var o = held[k].DayNumber - series[s].Start.DayNumber;
                for (var h = 1; h <= DemandFeatures.MaxHorizon && o + h >= 0 && o + h <= series[s].LastDay; h++)
                {
                    errors[s].Add(series[s].Quantities[o + h], forecasts[k][s][h - 1]);
                }
            }
        }

        var tonight = forecasts[held.Count];
        var plans = new List<SeriesPlan>(series.Count);
        for (var s = 0; s < series.Count; s++)
        {
            if (termsOf(series[s].Sku, series[s].Warehouse) is not { } terms)
            {
                continue;
            }

            var levels = ReorderPolicy.Compute(
                series[s].Sku, series[s].Warehouse, tonight[s], errors[s].Deviation, terms, serviceLevelOf(series[s].Sku));
            plans.Add(new SeriesPlan(levels, tonight[s], errors[s].Deviation));
        }

        return plans;
    }
}
