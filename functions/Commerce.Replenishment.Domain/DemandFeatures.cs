namespace Commerce.Replenishment.Domain;

/// <summary>
/// The features of one target day forecast from an origin (the last observed day), all known at the origin: same-weekday
/// lags, recent and long levels, the weekday profile, calendar and promotion flags, and the clickstream's trends (views
/// and add-to-carts of the last days against their 28-day level; neutral, flagged unknown, without a clickstream).
/// Quantities are divided by the series' recent level (<see cref="Scale"/>) so one model serves slow and fast movers;
/// the label is divided the same way.
/// </summary>
public static class DemandFeatures
{
    /// <summary>Days of history a forecast needs before its origin (inclusive of the origin).</summary>
    public const int History = 84;

    /// <summary>The longest horizon (days after the origin) a forecast covers: every same-weekday lag is observed.</summary>
    public const int MaxHorizon = 7;

    public const int Count = 22;

    private const int Level = 28;
    private const float MinimumScale = 0.25f;

    /// <summary>The level quantities are divided by: the mean of the 28 days up to the origin, at least 0.25.</summary>
    public static float Scale(DemandSeries series, int origin) =>
        MathF.Max(Mean(series.Quantities, origin - Level + 1, origin), MinimumScale);

    /// <summary>True when <paramref name="origin"/> has enough history before it.</summary>
    public static bool CanForecastFrom(int origin) => origin >= History - 1;

    /// <summary>Writes the features of <paramref name="day"/> (origin + 1 .. origin + 7) into <paramref name="features"/>.</summary>
    public static void Write(DemandSeries series, int origin, int day, float scale, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(series);
        var horizon = day - origin;
        if (horizon is < 1 or > MaxHorizon)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "A forecast covers the seven days after its origin.");
        }

        if (!CanForecastFrom(origin))
        {
            throw new ArgumentOutOfRangeException(nameof(origin), origin, "A forecast needs 84 days of history.");
        }

        var y = series.Quantities;
        features[0] = y[day - 7] / scale;
        features[1] = y[day - 14] / scale;
        features[2] = y[day - 21] / scale;
        features[3] = y[day - 28] / scale;
        features[4] = Mean(y, origin - 6, origin) / scale;
        features[5] = Mean(y, origin - History + 1, origin) / scale;
        features[6] = WeekdayMean(y, day, 8) / scale;
        features[7] = (int)series.DateOf(day).DayOfWeek;
        features[8] = series.IsPromoted(day) ? 1 : 0;
        features[9] = series.IsPromoted(day - 7) ? 1 : 0;
        features[10] = PromotedShare(series, origin - Level + 1, origin);
        features[11] = horizon;
        features[12] = y[origin] / scale;
        features[13] = MathF.Log(scale);
        features[14] = UnpromotedMean(series, origin - Level + 1, origin) / scale;
        features[15] = Mean(y, origin - 13, origin - 7) / scale;
        features[16] = ZeroShare(y, origin - Level + 1, origin);
        WriteClickstream(series.Clickstream, origin, features[17..]);
    }

    /// <summary>
    /// The clickstream's trends up to the origin: views of the last 7 and the last 3 days and add-to-carts of the last 7
    /// and the last 3, each against its own 28-day mean (1: steady; a rise shows before the purchases that follow it),
    /// and whether the clickstream is known (without it: 1s and a 0 flag).
    /// </summary>
    private static void WriteClickstream(SkuClickstream? clickstream, int origin, Span<float> features)
    {
        var known = clickstream is not null && origin < clickstream.Views.Length && origin < clickstream.AddToCarts.Length;
        features[0] = known ? Trend(clickstream!.Views, origin, 7) : 1;
        features[1] = known ? Trend(clickstream!.Views, origin, 3) : 1;
        features[2] = known ? Trend(clickstream!.AddToCarts, origin, 7) : 1;
        features[3] = known ? Trend(clickstream!.AddToCarts, origin, 3) : 1;
        features[4] = known ? 1 : 0;
    }

    private static float Trend(float[] counts, int origin, int days)
    {
        var level = Mean(counts, origin - Level + 1, origin);
        return level > 0 ? Mean(counts, origin - days + 1, origin) / level : 1;
    }

    private static float Mean(float[] y, int from, int to)
    {
        var sum = 0f;
        for (var d = from; d <= to; d++)
        {
            sum += y[d];
        }

        return sum / (to - from + 1);
    }

    private static float WeekdayMean(float[] y, int day, int weeks)
    {
        var sum = 0f;
        for (var w = 1; w <= weeks; w++)
        {
            sum += y[day - (7 * w)];
        }

        return sum / weeks;
    }

    private static float PromotedShare(DemandSeries series, int from, int to)
    {
        var promoted = 0;
        for (var d = from; d <= to; d++)
        {
            promoted += series.IsPromoted(d) ? 1 : 0;
        }

        return (float)promoted / (to - from + 1);
    }

    private static float UnpromotedMean(DemandSeries series, int from, int to)
    {
        var sum = 0f;
        var days = 0;
        for (var d = from; d <= to; d++)
        {
            if (!series.IsPromoted(d))
            {
                sum += series.Quantities[d];
                days++;
            }
        }

        return days == 0 ? Mean(series.Quantities, from, to) : sum / days;
    }

    private static float ZeroShare(float[] y, int from, int to)
    {
        var zeros = 0;
        for (var d = from; d <= to; d++)
        {
            zeros += y[d] == 0 ? 1 : 0;
        }

        return (float)zeros / (to - from + 1);
    }
}
