using Commerce.Contracts;

namespace Commerce.Analytics.Domain.Aggregation;

/// <summary>The event types as a number, so an event's type is matched once however many counters it feeds.</summary>
public enum EventKind
{
    Unknown,
    PageView,
    ProductView,
    Search,
    AddToCart,
    RemoveFromCart,
    CheckoutStarted,
    Purchase,
}

public static class EventKinds
{
    public static EventKind Of(string type) => type switch
    {
        StorefrontEventTypes.PageView => EventKind.PageView,
        StorefrontEventTypes.ProductView => EventKind.ProductView,
        StorefrontEventTypes.Search => EventKind.Search,
        StorefrontEventTypes.AddToCart => EventKind.AddToCart,
        StorefrontEventTypes.RemoveFromCart => EventKind.RemoveFromCart,
        StorefrontEventTypes.CheckoutStarted => EventKind.CheckoutStarted,
        StorefrontEventTypes.Purchase => EventKind.Purchase,
        _ => EventKind.Unknown,
    };
}

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

    public void Count(EventKind kind)
    {
        switch (kind)
        {
            case EventKind.PageView: PageViews++; break;
            case EventKind.ProductView: ProductViews++; break;
            case EventKind.Search: Searches++; break;
            case EventKind.AddToCart: AddToCarts++; break;
            case EventKind.RemoveFromCart: RemoveFromCarts++; break;
            case EventKind.CheckoutStarted: CheckoutsStarted++; break;
            case EventKind.Purchase: Purchases++; break;
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
