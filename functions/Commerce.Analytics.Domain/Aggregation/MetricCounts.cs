using Commerce.Contracts;

namespace Commerce.Analytics.Domain.Aggregation;

/// <summary>Event counts by type: the totals of a window and each device or country split.</summary>
public sealed class MetricCounts
{
    public long PageViews { get; set; }
    public long ProductViews { get; set; }
    public long Searches { get; set; }
    public long AddToCarts { get; set; }
    public long RemoveFromCarts { get; set; }
    public long CheckoutsStarted { get; set; }
    public long Purchases { get; set; }

    public void Count(string type)
    {
        switch (type)
        {
            case StorefrontEventTypes.PageView: PageViews++; break;
            case StorefrontEventTypes.ProductView: ProductViews++; break;
            case StorefrontEventTypes.Search: Searches++; break;
            case StorefrontEventTypes.AddToCart: AddToCarts++; break;
            case StorefrontEventTypes.RemoveFromCart: RemoveFromCarts++; break;
            case StorefrontEventTypes.CheckoutStarted: CheckoutsStarted++; break;
            case StorefrontEventTypes.Purchase: Purchases++; break;
            default: break;
        }
    }

    public void Add(MetricCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        PageViews += other.PageViews;
        ProductViews += other.ProductViews;
        Searches += other.Searches;
        AddToCarts += other.AddToCarts;
        RemoveFromCarts += other.RemoveFromCarts;
        CheckoutsStarted += other.CheckoutsStarted;
        Purchases += other.Purchases;
    }
}
