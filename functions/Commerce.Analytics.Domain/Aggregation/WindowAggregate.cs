using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using Commerce.Contracts;

namespace Commerce.Analytics.Domain.Aggregation;

/// <summary>
/// The aggregates of one shard of one minute window (a document in the <c>aggregates</c> container), or the roll-up of
/// many. <see cref="Apply"/> counts an event once: the ids it has counted are kept (<see cref="EventIds"/>), so
/// duplicates and replays change nothing. Roll-ups (<see cref="Merge"/>) carry no ids.
/// </summary>
public sealed class WindowAggregate
{
    public DateTimeOffset WindowStart { get; set; }

    public int Shard { get; set; }

    /// <summary>
    /// 64-bit stable hashes (<see cref="StableHash"/>) of the ids of the events counted here: the dedupe set (an event's
    /// duplicates always map to this same document). Stored packed as base64, 8 bytes an id. Two distinct ids in one
    /// window shard collide with probability about n²/2⁶⁵ (n = 10,000: ~3·10⁻¹²), when the later one would be taken for a duplicate.
    /// </summary>
    [JsonConverter(typeof(PackedHashSetConverter))]
    public HashSet<ulong> EventIds { get; set; } = [];

    public MetricCounts Totals { get; set; } = new();

    /// <summary>Purchase value in minor units, per ISO 4217 currency.</summary>
    public Dictionary<string, long> Revenue { get; set; } = new(StringComparer.Ordinal);

    /// <summary>HyperLogLog registers over session ids (null while empty).</summary>
    public byte[]? Sessions { get; set; }

    public Dictionary<string, MetricCounts> ByDevice { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, MetricCounts> ByCountry { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> ProductViews { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Units bought by SKU (an order's purchase event lists its items), or purchase events by the product they name.</summary>
    public Dictionary<string, long> ProductPurchases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Add-to-cart events by the id they name (the cart names the SKU).</summary>
    public Dictionary<string, long> ProductAddToCarts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Search counts by normalized query (trimmed, lower case).</summary>
    public Dictionary<string, long> Searches { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> ZeroResultSearches { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Counts <paramref name="e"/> unless its id was counted already; returns whether it was new.</summary>
    public bool Apply(StorefrontEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Apply(e, StableHash.Of(e.Id), StableHash.Of(e.SessionId));
    }

    /// <summary><see cref="Apply(StorefrontEvent)"/> with the id and session hashes computed by the caller (the hot path computes each once).</summary>
    public bool Apply(StorefrontEvent e, ulong idHash, ulong sessionHash)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!EventIds.Add(idHash))
        {
            return false;
        }

        var kind = EventKinds.Of(e.Type);
        Totals.Count(kind);
        Split(ByDevice, e.Device).Count(kind);
        Split(ByCountry, e.Country).Count(kind);
        var sessions = Sessions;
        HyperLogLog.Add(ref sessions, sessionHash);
        Sessions = sessions;
        switch (kind)
        {
            case EventKind.ProductView when e.ProductId is not null:
                Increment(ProductViews, e.ProductId, 1);
                break;
            case EventKind.AddToCart when e.ProductId is not null:
                Increment(ProductAddToCarts, e.ProductId, 1);
                break;
            case EventKind.Search when e.Query is not null:
                var query = NormalizeQuery(e.Query);
                Increment(Searches, query, 1);
                if (e.ResultCount == 0)
                {
                    Increment(ZeroResultSearches, query, 1);
                }

                break;
            case EventKind.Purchase:
                if (e.Currency is not null && e.Value is long value)
                {
                    Increment(Revenue, e.Currency, value);
                }

                if (e.ProductId is not null)
                {
                    Increment(ProductPurchases, e.ProductId, 1);
                }

                foreach (var item in e.Items ?? [])
                {
                    Increment(ProductPurchases, item.Sku, item.Quantity);
                }

                break;
            default:
                break;
        }

        return true;
    }

    /// <summary>Adds another window's figures into this one (a roll-up); event ids are not carried over.</summary>
    public void Merge(WindowAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Totals.Add(other.Totals);
        var sessions = Sessions;
        HyperLogLog.Merge(ref sessions, other.Sessions);
        Sessions = sessions;
        MergeCounts(ByDevice, other.ByDevice);
        MergeCounts(ByCountry, other.ByCountry);
        MergeSums(Revenue, other.Revenue);
        MergeSums(ProductViews, other.ProductViews);
        MergeSums(ProductPurchases, other.ProductPurchases);
        MergeSums(ProductAddToCarts, other.ProductAddToCarts);
        MergeSums(Searches, other.Searches);
        MergeSums(ZeroResultSearches, other.ZeroResultSearches);
    }

    public static string NormalizeQuery(string query) => query.Trim().ToLowerInvariant();

    static MetricCounts Split(Dictionary<string, MetricCounts> splits, string key)
    {
        ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(splits, key, out _);
        return counts ??= new MetricCounts();
    }

    static void Increment(Dictionary<string, long> sums, string key, long by) => CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _) += by;

    static void MergeCounts(Dictionary<string, MetricCounts> target, Dictionary<string, MetricCounts> source)
    {
        foreach (var (key, counts) in source)
        {
            Split(target, key).Add(counts);
        }
    }

    static void MergeSums(Dictionary<string, long> target, Dictionary<string, long> source)
    {
        foreach (var (key, sum) in source)
        {
            Increment(target, key, sum);
        }
    }
}
