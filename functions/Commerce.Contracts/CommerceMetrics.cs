using System.Diagnostics.Metrics;

namespace Commerce.Contracts;

/// <summary>
/// The business metrics of every context, on one meter (<see cref="MeterName"/>): the checkout funnel (started,
/// completed, failed by code), saga durations, the flash-sale lane's depth, stock-outs, the catalog cache's hit ratio and
/// the clickstream's event rate. Static like an <c>ActivitySource</c>, so the saga's orchestrator (which has no services)
/// records through the same instruments as the activities; attributes never carry a token, an email or an address.
/// </summary>
public static class CommerceMetrics
{
    public const string MeterName = "Commerce.Business";

    /// <summary>Attribute names, the same on spans and metrics.</summary>
    public static class Tags
    {
        public const string OrderId = "commerce.order_id";
        public const string FailureCode = "commerce.checkout.failure_code";
        public const string Outcome = "commerce.checkout.outcome";
        public const string Compensations = "commerce.checkout.compensations";
        public const string Admission = "commerce.checkout.admission";
        public const string WarehouseId = "commerce.warehouse_id";
        public const string EventType = "commerce.clickstream.event_type";
    }

    public static readonly Meter Meter = new(MeterName);

    static long cacheHits;
    static long cacheMisses;

    /// <summary>Checkouts admitted (tagged <see cref="Tags.Admission"/>: <c>started</c> at once or <c>queued</c> in the flash-sale lane).</summary>
    public static readonly Counter<long> CheckoutsStarted = Meter.CreateCounter<long>("commerce.checkouts.started", "{checkout}", "Checkouts admitted: the saga started at once, or queued in the flash-sale lane.");

    public static readonly Counter<long> CheckoutsCompleted = Meter.CreateCounter<long>("commerce.checkouts.completed", "{checkout}", "Checkout sagas that placed their order.");

    /// <summary>Failed checkout sagas, tagged with <see cref="Tags.FailureCode"/>.</summary>
    public static readonly Counter<long> CheckoutsFailed = Meter.CreateCounter<long>("commerce.checkouts.failed", "{checkout}", "Checkout sagas that ended without an order, by failure code.");

    /// <summary>From the saga's start to its end, tagged with <see cref="Tags.Outcome"/> (and the failure code).</summary>
    public static readonly Histogram<double> SagaDuration = Meter.CreateHistogram<double>("commerce.checkout.saga.duration", "s", "Checkout saga duration, start to outcome.");

    /// <summary>Checkouts waiting in the flash-sale lane: +1 as one joins it, -1 as its saga starts (summed over instances).</summary>
    public static readonly UpDownCounter<long> LaneDepth = Meter.CreateUpDownCounter<long>("commerce.checkout.lane.depth", "{checkout}", "Checkouts waiting in the flash-sale admission lane.");

    /// <summary>SKUs a reservation or allocation found without enough stock.</summary>
    public static readonly Counter<long> StockOuts = Meter.CreateCounter<long>("commerce.inventory.stockouts", "{sku}", "SKUs found short of stock by a checkout.");

    public static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("commerce.catalog.cache.hits", "{read}", "Product reads served from the cache.");

    public static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>("commerce.catalog.cache.misses", "{read}", "Product reads that went to the document store.");

    /// <summary>Clickstream events taken in by analytics, tagged with <see cref="Tags.EventType"/>; its rate is events per second.</summary>
    public static readonly Counter<long> ClickstreamEvents = Meter.CreateCounter<long>("commerce.clickstream.events", "{event}", "Clickstream events processed (rate = events per second).");

    static CommerceMetrics()
        => Meter.CreateObservableGauge("commerce.catalog.cache.hit_ratio", HitRatio, "1", "Product cache hits / reads, since the process started.");

    public static void CacheHit()
    {
        Interlocked.Increment(ref cacheHits);
        CacheHits.Add(1);
    }

    public static void CacheMiss()
    {
        Interlocked.Increment(ref cacheMisses);
        CacheMisses.Add(1);
    }

    static double HitRatio()
    {
        var hits = Interlocked.Read(ref cacheHits);
        var total = hits + Interlocked.Read(ref cacheMisses);
        return total == 0 ? 0 : (double)hits / total;
    }
}
