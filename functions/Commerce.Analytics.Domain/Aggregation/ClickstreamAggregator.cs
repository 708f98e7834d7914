using Commerce.Contracts;

namespace Commerce.Analytics.Domain.Aggregation;

/// <summary>One shard of one minute window: where an event is counted.</summary>
public readonly record struct WindowKey(DateTimeOffset MinuteStart, int Shard)
{
    public static WindowKey Of(StorefrontEvent e) => new(TimeWindows.Floor(e.Timestamp, Granularity.Minute), TimeWindows.ShardOf(e.Id));

    public string DocumentId => TimeWindows.DocumentId(MinuteStart, Shard);

    public string PartitionKey => TimeWindows.PartitionKey(MinuteStart);
}

/// <summary>
/// The in-memory aggregation core: assigns each event to its window by its own timestamp (so late events land in
/// their window) and counts it once per id. Events beyond the late-event horizon, or ahead of the clock by more than
/// the allowed skew, are dropped.
/// </summary>
public sealed class ClickstreamAggregator(AnalyticsOptions options, TimeProvider clock)
{
    public bool IsWithinHorizon(StorefrontEvent e, DateTimeOffset now) =>
        e.Timestamp >= now - options.LateEventHorizon && e.Timestamp <= now + options.MaxClockSkew;

    /// <summary>Groups the events by window; returns the groups and how many events were dropped as out of range.</summary>
    public (Dictionary<WindowKey, List<StorefrontEvent>> Groups, int Dropped) Group(IEnumerable<StorefrontEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var now = clock.GetUtcNow();
        var groups = new Dictionary<WindowKey, List<StorefrontEvent>>();
        var dropped = 0;
        foreach (var e in events)
        {
            if (!IsWithinHorizon(e, now))
            {
                dropped++;
                continue;
            }

            var key = WindowKey.Of(e);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }

            group.Add(e);
        }

        return (groups, dropped);
    }

    /// <summary>Counts the events into <paramref name="windows"/> (created as needed); returns how many were new.</summary>
    public int Aggregate(IEnumerable<StorefrontEvent> events, Dictionary<WindowKey, WindowAggregate> windows)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(windows);
        var now = clock.GetUtcNow();
        var counted = 0;

        // Hot path: a batch holds runs of one session (Event Hubs partitions by session) within a few minutes, so the
        // last session's hash and the last minute's shards are remembered rather than looked up again.
        string? lastSession = null;
        ulong sessionHash = 0;
        var lastMinute = DateTimeOffset.MinValue;
        var shards = new WindowAggregate?[TimeWindows.Shards];
        foreach (var e in events)
        {
            if (!IsWithinHorizon(e, now))
            {
                continue;
            }

            var minute = TimeWindows.Floor(e.Timestamp, Granularity.Minute);
            if (minute != lastMinute)
            {
                lastMinute = minute;
                Array.Clear(shards);
            }

            if (!string.Equals(e.SessionId, lastSession, StringComparison.Ordinal))
            {
                lastSession = e.SessionId;
                sessionHash = StableHash.Of(e.SessionId);
            }

            var idHash = StableHash.Of(e.Id);
            var shard = TimeWindows.ShardOf(idHash);
            var window = shards[shard];
            if (window is null)
            {
                var key = new WindowKey(minute, shard);
                if (!windows.TryGetValue(key, out window))
                {
                    windows[key] = window = new WindowAggregate { WindowStart = minute, Shard = shard };
                }

                shards[shard] = window;
            }

            if (window.Apply(e, idHash, sessionHash))
            {
                counted++;
            }
        }

        return counted;
    }
}
