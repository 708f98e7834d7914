namespace Commerce.Pricing.Domain;

/// <summary>Tells the catalog that a SKU's <see cref="Commerce.Contracts.AppliedPrice"/> changed (the <c>applied-prices</c> queue in Azure).</summary>
public interface IAppliedPriceNotifier
{
    Task NotifyAsync(string sku, CancellationToken cancellationToken = default);
}

/// <summary>Configuration section <c>Pricing</c>.</summary>
public sealed class PricingOptions
{
    public const string Section = "Pricing";

    /// <summary>A competitor price observed longer ago than this is stale: ignored on arrival and by the pricing run.</summary>
    public TimeSpan CompetitorPriceMaxAge { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The pricing run's NCRONTAB schedule (the timer reads it as <c>%Pricing:RunSchedule%</c>).</summary>
    public string? RunSchedule { get; set; }

    /// <summary>How far in the future an observation time may lie (clock skew) before the message is malformed.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whole days of price and demand history a category's price model is trained on.</summary>
    public int TrainingDays { get; set; } = 56;

    /// <summary>Whole days the demand signals (views, add-to-cart and conversion rates, sell-through) look back.</summary>
    public int SignalDays { get; set; } = 28;

    /// <summary>Stock lasting fewer days than this at the current sell-through is scarce: the pricing run never cuts its price.</summary>
    public double LowStockCoverDays { get; set; } = 7;
}
