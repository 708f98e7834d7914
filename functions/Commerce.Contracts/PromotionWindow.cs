namespace Commerce.Contracts;

/// <summary>
/// When a promotion runs and what it targets, as the cart context publishes it for demand forecasting: container
/// <see cref="Container"/>, partition key <see cref="Partition"/> (the whole calendar is one small partition, read in one
/// query), id = the promotion's code. Written only by the cart context (whenever it writes a promotion); the
/// replenishment context reads it as its promotion calendar.
/// </summary>
public sealed record PromotionWindow
{
    public const string Container = "promotion-calendar";

    public const string Partition = "calendar";

    public required string Code { get; init; }

    /// <summary>The SKUs it applies to; empty: every SKU.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];

    /// <summary>True when it lowers prices (percent, amount or buy-X-get-Y); free shipping is not a discount here.</summary>
    public bool Discount { get; init; }

    /// <summary>From when it applies; null: no start.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>Until when it applies (exclusive); null: no end.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>True when a bounded discount for <paramref name="sku"/> runs during the UTC day <paramref name="day"/>: a promotion without any window is the everyday price, not an event.</summary>
    public bool PromotesOn(string sku, DateOnly day) => Targets(sku) && RunsOn(day);

    /// <summary>True when it applies to <paramref name="sku"/> (no SKU list: every SKU).</summary>
    public bool Targets(string sku) => Skus.Count == 0 || Skus.Contains(sku, StringComparer.Ordinal);

    /// <summary>True when it is a bounded discount running during the UTC day <paramref name="day"/>, whatever SKUs it targets.</summary>
    public bool RunsOn(DateOnly day)
    {
        if (!Discount || (ValidFrom is null && ValidUntil is null))
        {
            return false;
        }

        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return (ValidFrom is not { } from || from < start.AddDays(1)) && (ValidUntil is not { } until || until > start);
    }
}
