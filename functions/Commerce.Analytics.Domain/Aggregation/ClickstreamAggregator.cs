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
        foreach (var e in events)
        {
            if (!IsWithinHorizon(e, now))
            {
                continue;
            }

            var key = WindowKey.Of(e);
            if (!windows.TryGetValue(key, out var window))
            {
                windows[key] = window = new WindowAggregate { WindowStart = key.MinuteStart, Shard = key.Shard };
            }

            if (window.Apply(e))
            {
                counted++;
            }
        }

        return counted;
    }
}
