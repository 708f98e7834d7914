using System.Globalization;

namespace Commerce.Analytics.Domain.Aggregation;

/// <summary>How summary buckets are sized.</summary>
public enum Granularity
{
    Minute,
    Hour,
    Day,
}

/// <summary>
/// Tumbling windows in UTC. Minute windows are the unit of storage: each is split into <see cref="Shards"/> documents by
/// a stable hash of the event id (so a duplicate always meets its original), partitioned by the hour they fall in.
/// Hour and day figures are roll-ups of minute windows.
/// </summary>
public static class TimeWindows
{
    /// <summary>Documents per minute window. Fixed: changing it would split an event's duplicates across documents.</summary>
    public const int Shards = 4;

    public static DateTimeOffset Floor(DateTimeOffset timestamp, Granularity granularity)
    {
        var ticks = timestamp.UtcTicks;
        var size = Size(granularity).Ticks;
        return new DateTimeOffset(ticks - (ticks % size), TimeSpan.Zero);
    }

    public static TimeSpan Size(Granularity granularity) => granularity switch
    {
        Granularity.Minute => TimeSpan.FromMinutes(1),
        Granularity.Hour => TimeSpan.FromHours(1),
        Granularity.Day => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity)),
    };

    /// <summary>The partition key of a minute window's documents: the UTC hour it belongs to.</summary>
    public static string PartitionKey(DateTimeOffset minuteStart) => minuteStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    public static string DocumentId(DateTimeOffset minuteStart, int shard) =>
        minuteStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) + "~" + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>The shard of an event id: a stable hash (the same in every process), unlike <see cref="string.GetHashCode()"/>.</summary>
    public static int ShardOf(string eventId) => ShardOf(StableHash.Of(eventId));

    public static int ShardOf(ulong eventIdHash) => (int)(eventIdHash % Shards);
}

/// <summary>64-bit FNV-1a over the UTF-16 code units, finished with MurmurHash3's fmix64 so every bit avalanches (HyperLogLog needs that).</summary>
public static class StableHash
{
    public static ulong Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
