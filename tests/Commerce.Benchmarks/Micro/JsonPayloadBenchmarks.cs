using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Commerce.Analytics.Domain.Events;
using Commerce.Contracts;

namespace Commerce.Benchmarks.Micro;

/// <summary>
/// The hottest payload, a 50-event clickstream batch (<c>POST /api/collect</c> body, Event Hubs message bodies): the
/// source-generated context against reflection-based System.Text.Json with the same options (baseline), both ways.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class JsonPayloadBenchmarks
{
    static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 32 };

    StorefrontEventBatch batch = null!;
    byte[] json = [];

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        batch = new StorefrontEventBatch([.. Enumerable.Range(0, 50).Select(i => new StorefrontEvent
        {
            Id = $"evt-{i:D6}-{Guid.NewGuid():N}",
            Type = i % 5 == 0 ? StorefrontEventTypes.Search : StorefrontEventTypes.ProductView,
            SessionId = "session-1234",
            CustomerId = "customer-42",
            Timestamp = start.AddSeconds(i),
            Device = "desktop",
            Country = "FR",
            ProductId = i % 5 == 0 ? null : $"prd-{i:D5}",
            Query = i % 5 == 0 ? "robe en lin" : null,
            ResultCount = i % 5 == 0 ? 37 : null,
        })]);
        json = JsonSerializer.SerializeToUtf8Bytes(batch, ClickstreamJson.Default.StorefrontEventBatch);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("serialize")]
    public byte[] SerializeReflection() => JsonSerializer.SerializeToUtf8Bytes(batch, Reflection);

    [Benchmark]
    [BenchmarkCategory("serialize")]
    public byte[] SerializeSourceGenerated() => JsonSerializer.SerializeToUtf8Bytes(batch, ClickstreamJson.Default.StorefrontEventBatch);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("deserialize")]
    public int DeserializeReflection() => JsonSerializer.Deserialize<StorefrontEventBatch>(json, Reflection)!.Events.Count;

    [Benchmark]
    [BenchmarkCategory("deserialize")]
    public int DeserializeSourceGenerated() => JsonSerializer.Deserialize(json, ClickstreamJson.Default.StorefrontEventBatch)!.Events.Count;
}
