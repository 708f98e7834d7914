using Commerce.Contracts;

namespace Commerce.Catalog.Domain;

/// <summary>
/// The product cache's hits and misses: recorded on the business meter (<see cref="CommerceMetrics"/>, where the hit
/// ratio is a gauge), and counted here too for this reader's own <see cref="HitRatio"/>.
/// </summary>
public sealed class CatalogMetrics
{
    long _hitCount;
    long _missCount;

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
        CommerceMetrics.CacheHit();
    }

    public void CacheMiss()
    {
        Interlocked.Increment(ref _missCount);
        CommerceMetrics.CacheMiss();
    }
}
