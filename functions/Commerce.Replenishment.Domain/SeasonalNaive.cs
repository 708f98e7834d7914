namespace Commerce.Replenishment.Domain;

/// <summary>The baseline: a day's demand is the demand of the same weekday one week before.</summary>
public static class SeasonalNaive
{
    /// <summary>Forecast of <paramref name="day"/> made at <paramref name="origin"/> (the last observed day).</summary>
    public static float Forecast(DemandSeries series, int origin, int day)
    {
        var source = day - 7;
        while (source > origin)
        {
            source -= 7;
        }

        return series.Quantities[source];
    }
}
