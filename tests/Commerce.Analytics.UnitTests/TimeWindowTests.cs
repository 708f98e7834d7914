using Commerce.Analytics.Domain.Aggregation;
using Commerce.Contracts;
using static Commerce.Analytics.UnitTests.TestEvents;

namespace Commerce.Analytics.UnitTests;

public sealed class TimeWindowTests
{
    static readonly DateTimeOffset Minute = new(2026, 11, 25, 11, 59, 0, TimeSpan.Zero);

    [Fact]
    public void Last_tick_of_a_minute_stays_in_that_minute_and_the_next_tick_starts_the_next()
    {
        Assert.Equal(Minute, TimeWindows.Floor(Minute.AddTicks(TimeSpan.TicksPerMinute - 1), Granularity.Minute));
        Assert.Equal(Minute.AddMinutes(1), TimeWindows.Floor(Minute.AddMinutes(1), Granularity.Minute));
        Assert.Equal(Minute, TimeWindows.Floor(Minute, Granularity.Minute));
    }

    [Fact]
    public void Windows_are_utc_whatever_offset_the_client_sent()
    {
        var local = new DateTimeOffset(2026, 11, 25, 13, 59, 59, TimeSpan.FromHours(2));
        Assert.Equal(Minute, TimeWindows.Floor(local, Granularity.Minute));
        Assert.Equal(TimeSpan.Zero, TimeWindows.Floor(local, Granularity.Minute).Offset);
    }

    [Fact]
    public void Hour_and_day_rollups_floor_to_their_boundaries()
    {
        var t = new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero), TimeWindows.Floor(t, Granularity.Hour));
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeWindows.Floor(t, Granularity.Day));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeWindows.Floor(t.AddMilliseconds(1), Granularity.Day));
    }

    [Fact]
    public void A_minute_window_is_stored_in_the_partition_of_its_hour()
    {
        Assert.Equal("2026-11-25T11", TimeWindows.PartitionKey(Minute));
        Assert.Equal("2026-11-25T12", TimeWindows.PartitionKey(Minute.AddMinutes(1)));
        Assert.Equal("2026-11-25T11:59~3", TimeWindows.DocumentId(Minute, 3));
    }

    [Fact]
    public void An_event_and_its_duplicate_always_map_to_the_same_window_shard()
    {
        var e = Event("evt-42", StorefrontEventTypes.PageView, Minute.AddSeconds(59.9));
        var key = WindowKey.Of(e);
        Assert.Equal(key, WindowKey.Of(e with { }));
        Assert.Equal(Minute, key.MinuteStart);
        Assert.InRange(key.Shard, 0, TimeWindows.Shards - 1);
        Assert.Equal(StableHash.Of("evt-42"), StableHash.Of(new string("evt-42".ToCharArray())));
    }

    [Fact]
    public void Event_ids_spread_over_every_shard()
    {
        var shards = Enumerable.Range(0, 1000).Select(i => TimeWindows.ShardOf("e" + i)).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(TimeWindows.Shards, shards.Count);
        Assert.All(shards.Values, count => Assert.InRange(count, 150, 350));
    }
}
