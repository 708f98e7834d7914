namespace Commerce.Replenishment.Domain;

/// <summary>A SKU x warehouse whose shelf runs out before an order placed today could arrive.</summary>
public sealed record StockoutRisk(string Sku, string Warehouse, int OnHand, int DaysOfCover, int LeadTimeDays)
{
    /// <summary>Days the shelf is expected to stand empty before an order placed today arrives.</summary>
    public int DaysShort => LeadTimeDays - DaysOfCover;
}

/// <summary>What one SKU x warehouse holds and expects: the input of the stockout-risk list.</summary>
public sealed record CoverInput(string Sku, string Warehouse, int OnHand, float[] Forecast, int LeadTimeDays);

/// <summary>
/// The stockout-risk list: days of cover are the whole days the units on hand serve the forecast (its weekly pattern
/// repeated past its horizon); a SKU x warehouse is at risk when they are fewer than its lead time. Ordered by the days
/// short, most first, then by SKU and warehouse.
/// </summary>
public static class StockoutRisks
{
    /// <summary>Cover is counted up to a year: stock for longer is not a stockout risk.</summary>
    public const int MaxCoverDays = 365;

    public static IReadOnlyList<StockoutRisk> Rank(IEnumerable<CoverInput> inputs, int top)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return [.. inputs
            .Select(i => new StockoutRisk(i.Sku, i.Warehouse, i.OnHand, DaysOfCover(i.OnHand, i.Forecast), i.LeadTimeDays))
            .Where(r => r.DaysShort > 0)
            .OrderByDescending(r => r.DaysShort)
            .ThenBy(r => r.Sku, StringComparer.Ordinal)
            .ThenBy(r => r.Warehouse, StringComparer.Ordinal)
            .Take(top)];
    }

    public static int DaysOfCover(int onHand, ReadOnlySpan<float> forecast)
    {
        if (forecast.IsEmpty)
        {
            return MaxCoverDays;
        }

        double left = onHand;
        for (var day = 0; day < MaxCoverDays; day++)
        {
            left -= forecast[day % forecast.Length];
            if (left < 0)
            {
                return day;
            }
        }

        return MaxCoverDays;
    }
}
