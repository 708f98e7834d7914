namespace Commerce.Replenishment.Domain;

/// <summary>A supplier's terms to one warehouse: days from order to stock on the shelf, and days between reviews.</summary>
public sealed record SupplyTerms(string Supplier, string Warehouse, int LeadTimeDays, int ReviewDays = 1);

/// <summary>The target share of days a category should not run out on (0.95 = 95 %).</summary>
public sealed record CategoryServiceLevel(string Category, double ServiceLevel);

/// <summary>A refused replenishment input: the field (as the request body names it) and why.</summary>
public sealed record LimitProblem(string Field, string Message);

/// <summary>
/// The sane ranges of the replenishment inputs; anything outside is refused, not clamped. A lead time of 0 would mean
/// stock arrives before it is ordered; one over 180 days is a data-entry error for a replenished SKU. A service level
/// under 50 % plans for running out more often than not; 99.9 % and above asks for unbounded safety stock.
/// </summary>
public static class ReplenishmentLimits
{
    public const int MinLeadTimeDays = 1;
    public const int MaxLeadTimeDays = 180;
    public const int MinReviewDays = 1;
    public const int MaxReviewDays = 56;
    public const double MinServiceLevel = 0.5;
    public const double MaxServiceLevel = 0.999;
    public const double DefaultServiceLevel = 0.95;

    /// <summary>Why <paramref name="terms"/> are refused (the field and the reason), or null when they are sane.</summary>
    public static LimitProblem? Problem(SupplyTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (string.IsNullOrWhiteSpace(terms.Supplier) || string.IsNullOrWhiteSpace(terms.Warehouse))
        {
            return new("supplier", "A supplier and a warehouse are required.");
        }

        if (terms.LeadTimeDays is < MinLeadTimeDays or > MaxLeadTimeDays)
        {
            return new("leadTimeDays", $"The lead time must be {MinLeadTimeDays} to {MaxLeadTimeDays} days.");
        }

        return terms.ReviewDays is < MinReviewDays or > MaxReviewDays
            ? new("reviewDays", $"The review period must be {MinReviewDays} to {MaxReviewDays} days.")
            : null;
    }

    /// <summary>Why <paramref name="level"/> is refused (the field and the reason), or null when it is sane.</summary>
    public static LimitProblem? Problem(CategoryServiceLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        if (string.IsNullOrWhiteSpace(level.Category))
        {
            return new("category", "A category is required.");
        }

        return double.IsFinite(level.ServiceLevel) && level.ServiceLevel is >= MinServiceLevel and <= MaxServiceLevel
            ? null
            : new("serviceLevel", $"The service level must be from {MinServiceLevel:0.0##} to {MaxServiceLevel:0.0##}.");
    }
}
