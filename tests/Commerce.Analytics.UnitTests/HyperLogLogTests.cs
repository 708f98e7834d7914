using Commerce.Analytics.Domain.Aggregation;

namespace Commerce.Analytics.UnitTests;

public sealed class HyperLogLogTests
{
    static byte[]? Sketch(int from, int count)
    {
        byte[]? registers = null;
        for (var i = from; i < from + count; i++)
        {
            HyperLogLog.Add(ref registers, StableHash.Of("session-" + i));
        }

        return registers;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    public void Small_counts_are_exact_or_within_one_percent(int distinct)
    {
        Assert.InRange(HyperLogLog.Estimate(Sketch(0, distinct)), distinct * 0.99, distinct * 1.01);
    }

    [Fact]
    public void Large_counts_are_within_three_standard_errors()
    {
        const int distinct = 200_000;
        var margin = 3 * HyperLogLog.StandardError * distinct;
        Assert.InRange(HyperLogLog.Estimate(Sketch(0, distinct)), distinct - margin, distinct + margin);
    }

    [Fact]
    public void Repeated_values_do_not_grow_the_estimate_and_empty_is_zero()
    {
        byte[]? registers = null;
        Assert.Equal(0, HyperLogLog.Estimate(registers));
        for (var i = 0; i < 1000; i++)
        {
            HyperLogLog.Add(ref registers, StableHash.Of("same"));
        }

        Assert.Equal(1, HyperLogLog.Estimate(registers));
    }

    [Fact]
    public void Merged_sketches_estimate_the_union_not_the_sum()
    {
        var merged = Sketch(0, 3_000);
        HyperLogLog.Merge(ref merged, Sketch(2_000, 3_000));
        Assert.InRange(HyperLogLog.Estimate(merged), 5_000 * 0.97, 5_000 * 1.03);
    }
}

public sealed class PackedHashSetTests
{
    [Fact]
    public void Event_id_hashes_round_trip_exactly_through_the_document_json()
    {
        var window = new WindowAggregate { EventIds = [0UL, ulong.MaxValue, StableHash.Of("evt-1"), (1UL << 53) + 1] };
        var json = System.Text.Json.JsonSerializer.Serialize(window, Commerce.Documents.DocumentJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<WindowAggregate>(json, Commerce.Documents.DocumentJson.Options)!;
        Assert.Equal(window.EventIds.Order(), back.EventIds.Order());
        Assert.Contains("\"eventIds\":\"", json, StringComparison.Ordinal);
    }
}
