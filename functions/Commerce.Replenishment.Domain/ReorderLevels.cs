namespace Commerce.Replenishment.Domain;

/// <summary>
/// What one SKU at one warehouse should hold: order when the inventory position (on hand + on order) falls to
/// <see cref="ReorderPoint"/>, and order up to <see cref="OrderUpTo"/>. Units, rounded up.
/// </summary>
public sealed record ReorderLevels(string Sku, string Warehouse, double LeadTimeDemand, double SafetyStock, int ReorderPoint, int OrderUpTo);

/// <summary>
/// Reorder point and order-up-to level from a forecast and the forecast's own error distribution: the demand expected
/// over the lead time plus z(service level) standard deviations of the forecast error over the lead time (daily errors
/// taken as independent: sigma * sqrt(days)); order-up-to covers the lead time and one review period the same way.
/// Forecast days past the forecast's horizon repeat its weekly pattern.
/// </summary>
public static class ReorderPolicy
{
    public static ReorderLevels Compute(
        string sku, string warehouse, ReadOnlySpan<float> forecast, double dailyErrorDeviation, SupplyTerms terms, double serviceLevel)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (ReplenishmentLimits.Problem(terms) is { } termsProblem)
        {
            throw new ArgumentException(termsProblem.Message, nameof(terms));
        }

        if (ReplenishmentLimits.Problem(new CategoryServiceLevel("-", serviceLevel)) is { } levelProblem)
        {
            throw new ArgumentOutOfRangeException(nameof(serviceLevel), serviceLevel, levelProblem.Message);
        }

        if (forecast.IsEmpty)
        {
            throw new ArgumentException("A forecast of at least one day is required.", nameof(forecast));
        }

        var z = NormalQuantile.Of(serviceLevel);
        var sigma = Math.Max(0, dailyErrorDeviation);
        var leadDemand = Demand(forecast, terms.LeadTimeDays);
        var safety = z * sigma * Math.Sqrt(terms.LeadTimeDays);
        var cover = terms.LeadTimeDays + terms.ReviewDays;
        var coverStock = Demand(forecast, cover) + (z * sigma * Math.Sqrt(cover));
        var reorderPoint = (int)Math.Ceiling(leadDemand + safety);
        return new ReorderLevels(sku, warehouse, leadDemand, safety, reorderPoint, Math.Max(reorderPoint, (int)Math.Ceiling(coverStock)));
    }

    private static double Demand(ReadOnlySpan<float> forecast, int days)
    {
        var sum = 0.0;
        for (var d = 0; d < days; d++)
        {
            sum += forecast[d % forecast.Length];
        }

        return sum;
    }
}

/// <summary>Out-of-sample forecast errors of one series, reduced to the deviation safety stock needs.</summary>
public sealed class ForecastErrors
{
    private double _sumOfSquares;

    public int Count { get; private set; }

    public void Add(double actual, double forecast)
    {
        _sumOfSquares += (actual - forecast) * (actual - forecast);
        Count++;
    }

    /// <summary>Root mean squared daily error (0 with no errors seen).</summary>
    public double Deviation => Count == 0 ? 0 : Math.Sqrt(_sumOfSquares / Count);
}
