using System.Diagnostics.Metrics;

namespace Commerce.Catalog.Domain;

/// <summary>The catalog's meter (<c>Commerce.Catalog</c>): product cache hits and misses, and the hit rate.</summary>
public sealed class CatalogMetrics : IDisposable
{
    public const string MeterName = "Commerce.Catalog";

    readonly Meter _meter;
    readonly Counter<long> _hits;
    readonly Counter<long> _misses;
    long _hitCount;
    long _missCount;

    public CatalogMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _hits = _meter.CreateCounter<long>("catalog.product_cache.hits", description: "Product reads served from the cache.");
        _misses = _meter.CreateCounter<long>("catalog.product_cache.misses", description: "Product reads that went to the document store.");
        _meter.CreateObservableGauge("catalog.product_cache.hit_ratio", () => HitRatio, description: "Hits / (hits + misses) since start.");
    }

    public double HitRatio
    {
        get
        {
            var hits = Interlocked.Read(ref _hitCount);
            var total = hits + Interlocked.Read(ref _missCount);
            return total == 0 ? 0 : (double)hits / total;
        }
    }

    public void CacheHit()
    {
        Interlocked.Increment(ref _hitCount);
        _hits.Add(1);
    }

    public void CacheMiss()
    {
        Interlocked.Increment(ref _missCount);
        _misses.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
